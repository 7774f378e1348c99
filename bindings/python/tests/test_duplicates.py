"""Possible duplicates through the Python bindings (issue 22): police and housing record the same
caller under different spellings; each finds the other's profile once a shared case lets them read
it, with the reasons; mental health, who read neither, is told the profile is not found."""

import pytest

import safehub
from world import open_asb_case, viewer


def person(name, dob):
    return safehub.NewPerson(name=name, aliases=[], date_of_birth=dob, identifiers=[], flags=[], restricted=False)


def test_police_find_the_caller_housing_recorded_as_maggie_hughs_with_day_and_month_swapped(world):
    w, hub = world, world.hub
    checked = hub.record_person_checked(w.pc, person("Margaret Hughes", "1956-03-07"))
    assert checked.candidates == []
    maggie = hub.record_person(w.housing_officer, person("Maggie Hughs", "1956-07-03"))
    case = open_asb_case(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(id=checked.id), safehub.SubjectRole.VICTIM)
    hub.link_subject(w.housing_officer, case, safehub.Subject.PERSON(id=maggie), safehub.SubjectRole.VICTIM)

    found = hub.possible_duplicates(viewer(w.pc), checked.id)
    assert [c.person.id for c in found] == [maggie]
    assert safehub.DuplicateReason.NAME(how=safehub.NameMatch.SIMILAR, alias=False) in found[0].reasons
    assert safehub.DuplicateReason.DATE_OF_BIRTH(how=safehub.BirthMatch.DAY_MONTH_SWAPPED) in found[0].reasons
    assert found[0].score >= 60

    pairs = hub.duplicate_review(viewer(w.sergeant))
    assert [{p.first.id, p.second.id} for p in pairs] == [{checked.id, maggie}]
    with pytest.raises(safehub.SafehubError.Forbidden):
        hub.duplicate_review(viewer(w.pc))
    with pytest.raises(safehub.SafehubError.NotFound):
        hub.possible_duplicates(viewer(w.nurse), checked.id)
