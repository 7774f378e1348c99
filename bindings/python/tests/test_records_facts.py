"""Facts each agency holds about one person, through the Python bindings: housing add the tenancy
address police read under the protocol and a phone number kept for housing; police are told of
neither the number nor that housing hold it, may not correct housing's address, and read the
correction housing make."""

import pytest

import safehub
from world import open_asb_case, record_victim, viewer


def full(hub, who, person):
    view = hub.person(viewer(who), person)
    assert isinstance(view, safehub.PersonView.FULL)
    return view.person


def test_housing_hold_facts_about_police_profile_under_their_own_sharing(world):
    w, hub = world, world.hub
    victim = record_victim(w)
    case = open_asb_case(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(victim), safehub.SubjectRole.VICTIM)

    tenancy = hub.add_fact(
        w.housing_officer,
        victim,
        safehub.NewFact(
            value=safehub.NewFactValue.ADDRESS(address="Flat 3, 12 Elm Road", postcode="sw1a1aa"),
            category=safehub.InformationCategory.PERSONAL_DETAILS,
            sharing=safehub.FactSharing.UNDER_AGREEMENTS,
        ),
        "Her tenancy.",
    )
    phone = hub.add_fact(
        w.housing_officer,
        victim,
        safehub.NewFact(
            value=safehub.NewFactValue.PHONE(number="07700 900123"),
            category=None,
            sharing=safehub.FactSharing.AGENCY_ONLY,
        ),
        "Repairs team.",
    )
    police = full(hub, w.pc, victim)
    assert [f.id for f in police.facts] == [tenancy]
    assert police.facts[0].value.postcode == "SW1A 1AA"
    assert police.facts_held_by == []
    assert [f.id for f in full(hub, w.housing_officer, victim).facts] == [tenancy, phone]

    with pytest.raises(safehub.SafehubError.Forbidden):
        hub.withdraw_fact(w.pc, victim, tenancy, "Not ours to change.")
    with pytest.raises(safehub.SafehubError.NotFound):
        hub.withdraw_fact(w.pc, victim, phone, "Cannot see it.")
    with pytest.raises(safehub.SafehubError.InvalidInput):
        hub.add_fact(
            w.housing_officer,
            victim,
            safehub.NewFact(
                value=safehub.NewFactValue.PHONE(number="call me"),
                category=None,
                sharing=safehub.FactSharing.UNDER_AGREEMENTS,
            ),
            "Typo.",
        )

    hub.correct_fact(
        w.housing_officer,
        victim,
        tenancy,
        safehub.NewFactValue.ADDRESS(address="Flat 4, 12 Elm Road", postcode=None),
        "Moved within the block.",
    )
    assert full(hub, w.pc, victim).facts[0].value.address == "Flat 4, 12 Elm Road"
    changes = [c for a in hub.history(viewer(w.pc), safehub.Subject.PERSON(victim)) for c in a.changes]
    assert isinstance(changes[-2], safehub.Change.FACT_ADDED)
    assert isinstance(changes[-1], safehub.Change.FACT_CORRECTED)
    assert changes[-1]._from.address == "Flat 3, 12 Elm Road"
