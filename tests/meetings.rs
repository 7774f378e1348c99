//! Hub meetings as a record (issue 23): scheduling, attendance under the protocol ("nobody in the
//! room sits outside of our information sharing protocols"), and who may know of a meeting.
//!
//! The small borough of the tasking tests: police share with housing and with mental health,
//! housing and mental health share nothing with each other, and the council shares with nobody.

mod tasks_common;

use chrono::Duration;
use safehub::{Error, MeetingId, MeetingView, NewMeeting, PractitionerId, Viewer};
use tasks_common::Borough;

/// A daily hub meeting this morning chaired by the police sergeant, inviting every agency.
fn daily(b: &Borough) -> MeetingId {
    b.hub
        .schedule_meeting(
            b.sergeant,
            NewMeeting {
                kind: "Daily hub meeting".into(),
                title: "Daily hub meeting".into(),
                starts: b.now() + Duration::minutes(30),
                chair: b.sergeant,
                agencies: vec![b.housing, b.mental_health, b.council],
                practitioners: vec![b.pc],
            },
        )
        .unwrap()
}

fn attendees(b: &Borough, viewer: PractitionerId, meeting: MeetingId) -> Vec<PractitionerId> {
    let m: MeetingView = b.hub.meeting(&Viewer::new(viewer), meeting).unwrap();
    m.attendees.iter().map(|p| p.id).collect()
}

#[test]
fn attendees_whose_agencies_share_an_agreement_are_admitted_in_the_order_recorded() {
    let b = Borough::in_memory();
    let m = daily(&b);
    b.hub.record_attendance(b.sergeant, m, b.sergeant).unwrap();
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    // A practitioner may record their own attendance.
    b.hub
        .record_attendance(b.housing_officer, m, b.housing_officer)
        .unwrap();
    assert_eq!(
        attendees(&b, b.housing_officer, m),
        vec![b.sergeant, b.pc, b.housing_officer]
    );
    let view = b.hub.meeting(&Viewer::new(b.pc), m).unwrap();
    assert_eq!(view.kind, "Daily hub meeting");
    assert_eq!(view.chair.id, b.sergeant);
}

#[test]
fn nobody_sits_outside_the_protocol_an_agency_without_an_agreement_with_every_attending_agency_is_refused(
) {
    let b = Borough::in_memory();
    let m = daily(&b);
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    b.hub
        .record_attendance(b.sergeant, m, b.housing_officer)
        .unwrap();
    // Mental health shares with police but not with housing, who are already in the room.
    let refused = b.hub.record_attendance(b.sergeant, m, b.nurse).unwrap_err();
    assert_eq!(
        refused,
        Error::Forbidden {
            action: "record_attendance",
            reason: "the practitioner's agency has no agreement in force with every other \
                     attending agency at the meeting's time",
        }
    );
    // The council shares with nobody.
    assert!(matches!(
        b.hub.record_attendance(b.sergeant, m, b.council_officer),
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(attendees(&b, b.pc, m), vec![b.pc, b.housing_officer]);

    // Where only police sit, mental health is admitted: the rule is pairwise, between those
    // who attend, not between those invited.
    let panel = daily(&b);
    b.hub.record_attendance(b.sergeant, panel, b.pc).unwrap();
    b.hub.record_attendance(b.sergeant, panel, b.nurse).unwrap();
    assert!(matches!(
        b.hub
            .record_attendance(b.sergeant, panel, b.housing_officer),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn attendance_is_recorded_once_and_only_by_the_chair_or_the_attendee() {
    let b = Borough::in_memory();
    let m = daily(&b);
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    assert!(matches!(
        b.hub.record_attendance(b.pc, m, b.pc),
        Err(Error::Invalid {
            field: "practitioner",
            ..
        })
    ));
    assert!(matches!(
        b.hub.record_attendance(b.pc, m, b.housing_officer),
        Err(Error::Forbidden {
            action: "record_attendance",
            ..
        })
    ));
}

#[test]
fn a_practitioner_whose_agency_was_not_invited_cannot_attend_nor_know_of_the_meeting() {
    let b = Borough::in_memory();
    let m = b
        .hub
        .schedule_meeting(
            b.sergeant,
            NewMeeting {
                kind: "Complex case panel".into(),
                title: "Panel".into(),
                starts: b.now(),
                chair: b.sergeant,
                agencies: vec![],
                practitioners: vec![b.housing_officer],
            },
        )
        .unwrap();
    // Housing is invited through its officer; mental health is not invited at all.
    b.hub.meeting(&Viewer::new(b.housing_officer_2), m).unwrap();
    let unknown = MeetingId(uuid::Uuid::from_u128(7));
    let withheld = b.hub.meeting(&Viewer::new(b.nurse), m).unwrap_err();
    assert_eq!(
        withheld,
        b.hub.meeting(&Viewer::new(b.nurse), unknown).unwrap_err()
    );
    assert_eq!(withheld, Error::NotFound { what: "meeting" });
    assert_eq!(
        b.hub.record_attendance(b.nurse, m, b.nurse).unwrap_err(),
        b.hub
            .record_attendance(b.nurse, unknown, b.nurse)
            .unwrap_err()
    );
}

#[test]
fn a_meeting_kind_is_a_label_and_the_chair_must_be_able_to_attend() {
    let b = Borough::in_memory();
    let new = |kind: &str, chair| NewMeeting {
        kind: kind.into(),
        title: "Meeting".into(),
        starts: b.now(),
        chair,
        agencies: vec![b.housing],
        practitioners: vec![],
    };
    assert!(matches!(
        b.hub.schedule_meeting(b.sergeant, new("  ", b.sergeant)),
        Err(Error::Invalid { field: "kind", .. })
    ));
    assert!(matches!(
        b.hub
            .schedule_meeting(b.sergeant, new("Marac-style risk conference", b.analyst)),
        Err(Error::Invalid { field: "chair", .. })
    ));
    b.hub
        .schedule_meeting(b.sergeant, new("ASB case review panel", b.housing_officer))
        .unwrap();
}
