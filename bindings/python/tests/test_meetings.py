"""The hub meeting as a record through the Python bindings: attendance admitted or refused by the
protocol, a police note disclosed to the room and then readable by housing's attendee, a decision
and two actions, the agenda of the next meeting carrying the actions over, and the minutes as
each agency reads them."""

from datetime import timedelta

import pytest

import safehub
from world import note, now, open_asb_case, viewer


def schedule(w, title, starts):
    return w.hub.schedule_meeting(
        w.pc,
        safehub.NewMeeting(
            kind="Daily hub meeting",
            title=title,
            starts=starts,
            chair=w.pc,
            agencies=[w.police, w.housing, w.mental_health],
            practitioners=[],
        ),
    )


def entry_texts(hub, who, case):
    view = hub.case(viewer(who), case)
    assert isinstance(view, safehub.CaseView.FULL)
    return [e.entry.text for e in view.case.entries if isinstance(e, safehub.EntryView.FULL)]


def test_a_meeting_kept_as_a_record(world):
    w, hub = world, world.hub
    meeting = schedule(w, "Daily hub meeting, Monday", now())
    hub.record_attendance(w.pc, meeting, w.pc)
    hub.record_attendance(w.pc, meeting, w.housing_officer)
    # Mental health shares nothing with housing: it may not sit in this room.
    with pytest.raises(safehub.SafehubError.Forbidden):
        hub.record_attendance(w.pc, meeting, w.nurse)

    case = open_asb_case(w)
    intelligence = hub.add_entry(
        w.pc, case, note("Police intelligence: calls from a phone box.", visibility=safehub.Visibility.AGENCY)
    )
    assert "Police intelligence: calls from a phone box." not in entry_texts(hub, w.housing_officer, case)
    item = safehub.MeetingItem.ENTRY(id=intelligence)
    hub.disclose_at_meeting(w.pc, meeting, item, None, "Daily hub meeting: repeat caller")
    assert "Police intelligence: calls from a phone box." in entry_texts(hub, w.housing_officer, case)

    hub.record_meeting_decision(w.pc, meeting, case, note("Decision: joint visit this week."), [item])
    for who, title in [(w.housing_officer, "Joint visit"), (w.pc, "Speak to the neighbours")]:
        hub.agree_action(
            w.pc,
            meeting,
            safehub.NewTask(
                case=case,
                assignee=safehub.Assignee.PRACTITIONER(id=who),
                title=title,
                detail="Agreed at the hub meeting.",
                category=safehub.InformationCategory.ASB,
                due=now() + timedelta(days=3),
                priority=safehub.Priority.HIGH,
            ),
            [item],
        )

    police = hub.meeting_minutes(viewer(w.pc), meeting)
    housing = hub.meeting_minutes(viewer(w.housing_officer), meeting)
    assert len(police.actions) == 2 and len(housing.actions) == 2
    assert len(housing.disclosures) == 1
    markdown = safehub.minutes_to_markdown(housing)
    assert "Daily hub meeting, Monday" in markdown
    # The s62 log names the disclosure and its recipient.
    log = hub.meeting_disclosure_log(viewer(w.sergeant), now() - timedelta(days=1), now() + timedelta(days=1))
    assert [d.item for d in log] == [item]
    assert w.housing_officer in [r.id for r in log[0].recipients]

    # The next meeting of the kind carries both actions over.
    tomorrow = schedule(w, "Daily hub meeting, Tuesday", now() + timedelta(days=1))
    agenda = hub.meeting_agenda(viewer(w.pc), tomorrow)
    assert len(agenda.carried_over) == 2
