"""A case's life through the Python bindings: its lead handed to housing, closed with an outcome
and a reason, reopened with a reason, linked to another case, and incidents linked to it."""

from datetime import timedelta

import pytest

import safehub
from world import incident_csv, note, now, open_asb_case, viewer


def full(hub, who, case):
    view = hub.case(viewer(who), case)
    assert isinstance(view, safehub.CaseView.FULL)
    return view.case


def test_police_hand_a_case_to_housing_who_close_it_with_an_outcome_and_reopen_it(world):
    w, hub = world, world.hub
    case = open_asb_case(w)
    hub.add_entry(w.pc, case, note("Police spoke to the neighbours."))

    # Only the lead or a police supervisor hands it over, and never without a reason.
    with pytest.raises(safehub.SafehubError.Forbidden):
        hub.transfer_lead(w.housing_officer, case, safehub.NewLead.AGENCY(id=w.housing), "Ours now.")
    with pytest.raises(safehub.SafehubError.InvalidInput) as e:
        hub.transfer_lead(w.pc, case, safehub.NewLead.AGENCY(id=w.housing), " ")
    assert "reason" in e.value.message
    hub.transfer_lead(w.pc, case, safehub.NewLead.PRACTITIONER(id=w.housing_officer), "Tenancy enforcement.")
    detail = full(hub, w.housing_officer, case)
    assert (detail.lead_agency.id, detail.lead_practitioner.id) == (w.housing, w.housing_officer)

    hub.close_case(w.housing_officer, case, safehub.CaseOutcome.ENFORCEMENT_ACTION, "Injunction granted.")
    detail = full(hub, w.pc, case)
    assert detail.status == safehub.CaseStatus.CLOSED
    assert (detail.closure.outcome, detail.closure.reason) == (
        safehub.CaseOutcome.ENFORCEMENT_ACTION,
        "Injunction granted.",
    )
    assert hub.cases(viewer(w.housing_officer))[0].closure == detail.closure
    # Mental health, off the team, sees the stub: no outcome, no reason.
    assert isinstance(hub.case(viewer(w.nurse), case), safehub.CaseView.STUB)

    with pytest.raises(safehub.SafehubError.InvalidTransition):
        hub.close_case(w.housing_officer, case, safehub.CaseOutcome.RESOLVED, "Again.")
    hub.reopen_case(w.housing_officer, case, "Injunction breached.")
    detail = full(hub, w.pc, case)
    assert detail.status == safehub.CaseStatus.REOPENED
    assert detail.reopening.reason == "Injunction breached."


def test_linked_cases_show_each_other_on_both_sides_until_unlinked(world):
    w, hub = world, world.hub
    block = open_asb_case(w, "Elm Road block")
    flat = open_asb_case(w, "Flat 3, Elm Road")
    hub.link_cases(w.pc, flat, block, safehub.CaseLink.PART_OF)
    links = full(hub, w.housing_officer, flat).links
    assert [(l.case, l.kind, l.lead_agency.name) for l in links] == [
        (block, safehub.CaseLinkKind.PART_OF, "Police")
    ]
    assert [(l.case, l.kind) for l in full(hub, w.pc, block).links] == [(flat, safehub.CaseLinkKind.INCLUDES)]
    with pytest.raises(safehub.SafehubError.InvalidInput):
        hub.link_cases(w.pc, block, flat, safehub.CaseLink.RELATED)
    hub.unlink_cases(w.pc, block, flat)
    assert full(hub, w.pc, flat).links == []


def test_an_incident_linked_to_a_case_shows_on_it_only_to_those_who_read_the_incident(world):
    w, hub = world, world.hub
    case = open_asb_case(w)
    hub.import_incidents_csv(w.pc, incident_csv(2), 1000, None)
    window = (now() - timedelta(days=30), now() + timedelta(days=1))
    older, newer = sorted(hub.incidents(viewer(w.pc), *window, 10), key=lambda i: i.occurred_at)
    hub.link_incident(w.housing_officer, case, newer.id)
    hub.link_incident(w.pc, case, older.id)
    assert [i.id for i in full(hub, w.housing_officer, case).incidents] == [older.id, newer.id]
    with pytest.raises(safehub.SafehubError.InvalidInput) as e:
        hub.link_incident(w.pc, case, newer.id)
    assert "incident" in e.value.message
    # Mental health reads no ASB incident: refused as if the incident did not exist.
    with pytest.raises(safehub.SafehubError.NotFound):
        hub.link_incident(w.nurse, case, newer.id)
    hub.unlink_incident(w.pc, case, older.id)
    assert [i.id for i in full(hub, w.pc, case).incidents] == [newer.id]
