"""A hub on a shared PostgreSQL database (issue 21): what one host writes, a second host's hub on
the same database reads, through its own sharing engine."""

import safehub
from world import build_world, note, open_asb_case, viewer


def test_two_hubs_on_one_postgres_database_see_each_others_writes_as_the_rules_allow(postgres):
    w = build_world(safehub.Hub.open_postgres(postgres))
    case = open_asb_case(w)
    shared = w.hub.add_entry(w.pc, case, note("Spoke to the neighbours about the noise."))

    # A second host opens the same database: housing reads police's note there, the nurse
    # (no agreement) only a stub of the case.
    other = safehub.Hub.open_postgres(postgres)
    view = other.case(viewer(w.housing_officer), case)
    assert isinstance(view, safehub.CaseView.FULL), view
    assert [e.entry.id for e in view.case.entries] == [shared]
    assert isinstance(other.case(viewer(w.nurse), case), safehub.CaseView.STUB)

    # And the first host sees what the second writes.
    reply = other.add_entry(w.housing_officer, case, note("Tenancy warning issued."))
    view = w.hub.case(viewer(w.pc), case)
    assert [e.entry.id for e in view.case.entries] == [shared, reply]


def test_an_unreachable_postgres_server_is_a_typed_unavailable_error(postgres_server):
    try:
        safehub.Hub.open_postgres(postgres_server.conninfo("postgres").replace("host=", "host=/nonexistent"))
    except safehub.SafehubError.Unavailable:
        return
    raise AssertionError("opening a hub on a missing server did not fail")
