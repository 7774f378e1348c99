"""Keeping a record true through the Python bindings: police correct a person's name and date of
birth and add an alias with a reason; the history says from what, by whom and why; housing cannot
rewrite a police record; as of before the amendment the profile reads as it stood."""

import pytest

import safehub
from world import now, open_asb_case, viewer


def test_police_correct_a_profile_and_the_history_says_from_what(world):
    w, hub = world, world.hub
    person = hub.record_person(
        w.pc,
        safehub.NewPerson(
            name="Margaret Hughs",
            aliases=[],
            date_of_birth="1961-07-03",
            identifiers=[],
            flags=[],
            restricted=False,
        ),
    )
    case = open_asb_case(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(person), safehub.SubjectRole.VICTIM)
    before = now()

    hub.amend(
        w.pc,
        safehub.Subject.PERSON(person),
        [
            safehub.Edit.NAME(to="Margaret Hughes"),
            safehub.Edit.DATE_OF_BIRTH(to="1961-03-07"),
            safehub.Edit.ADD_ALIAS(alias="Maggie"),
        ],
        "Checked against her tenancy agreement.",
    )
    view = hub.person(viewer(w.housing_officer), person)
    assert isinstance(view, safehub.PersonView.FULL)
    assert (view.person.name, view.person.date_of_birth, view.person.aliases) == (
        "Margaret Hughes",
        "1961-03-07",
        ["Maggie"],
    )

    history = hub.history(viewer(w.housing_officer), safehub.Subject.PERSON(person))
    assert len(history) == 1
    assert history[0].by.id == w.pc
    assert history[0].reason == "Checked against her tenancy agreement."
    name = history[0].changes[0]
    assert isinstance(name, safehub.Change.NAME) and name.to == "Margaret Hughes"
    assert history[0].changes[2] == safehub.Change.ALIAS_ADDED(alias="Maggie")

    # Housing asks police; it cannot rewrite police's record, and a bad edit writes nothing.
    with pytest.raises(safehub.SafehubError.Forbidden):
        hub.amend(
            w.housing_officer, safehub.Subject.PERSON(person), [safehub.Edit.ADD_ALIAS(alias="Peggy")], "Known as."
        )
    with pytest.raises(safehub.SafehubError.InvalidInput) as e:
        hub.amend(
            w.pc,
            safehub.Subject.PERSON(person),
            [safehub.Edit.ADD_ALIAS(alias="Peggy"), safehub.Edit.WITHDRAW_ALIAS(alias="Nobody")],
            "Tidy.",
        )
    assert "alias" in e.value.message
    assert len(hub.history(viewer(w.pc), safehub.Subject.PERSON(person))) == 1

    then = safehub.Viewer(practitioner=w.housing_officer, justification="review", as_of=before)
    assert hub.person(then, person).person.name == "Margaret Hughs"
