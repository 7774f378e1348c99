//! Stored shapes of the meeting events.

use crate::meetings::meeting as meetings;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// A meeting as scheduled (its attendance is recorded by events of its own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Meeting {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "kind")]
    kind: String,
    #[serde(rename = "title")]
    title: String,
    #[serde(rename = "starts")]
    starts: DateTime<Utc>,
    #[serde(rename = "chair")]
    chair: Uuid,
    #[serde(rename = "agencies")]
    agencies: BTreeSet<Uuid>,
    #[serde(rename = "practitioners")]
    practitioners: BTreeSet<Uuid>,
    #[serde(rename = "scheduled_by")]
    scheduled_by: Uuid,
    #[serde(rename = "scheduled_at")]
    scheduled_at: DateTime<Utc>,
}

impl From<&meetings::Meeting> for Meeting {
    fn from(m: &meetings::Meeting) -> Self {
        let meetings::Meeting {
            id,
            kind,
            title,
            starts,
            chair,
            agencies,
            practitioners,
            scheduled_by,
            scheduled_at,
            // Recorded by events of their own: a meeting is scheduled with none.
            attendees: _,
            decisions: _,
            actions: _,
            added: _,
        } = m;
        Meeting {
            id: id.0,
            kind: kind.clone(),
            title: title.clone(),
            starts: *starts,
            chair: chair.0,
            agencies: agencies.iter().map(|a| a.0).collect(),
            practitioners: practitioners.iter().map(|p| p.0).collect(),
            scheduled_by: scheduled_by.0,
            scheduled_at: *scheduled_at,
        }
    }
}

impl From<Meeting> for meetings::Meeting {
    fn from(m: Meeting) -> Self {
        meetings::Meeting {
            id: m.id.into(),
            kind: m.kind,
            title: m.title,
            starts: m.starts,
            chair: m.chair.into(),
            agencies: m.agencies.into_iter().map(Into::into).collect(),
            practitioners: m.practitioners.into_iter().map(Into::into).collect(),
            scheduled_by: m.scheduled_by.into(),
            scheduled_at: m.scheduled_at,
            attendees: Vec::new(),
            decisions: Vec::new(),
            actions: Vec::new(),
            added: Vec::new(),
        }
    }
}

/// What was disclosed at a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub(crate) enum MeetingItem {
    /// `entry`
    #[serde(rename = "entry")]
    Entry {
        #[serde(rename = "id")]
        id: Uuid,
    },
    /// `assessment`
    #[serde(rename = "assessment")]
    Assessment {
        #[serde(rename = "id")]
        id: Uuid,
    },
    /// `task`
    #[serde(rename = "task")]
    Task {
        #[serde(rename = "id")]
        id: Uuid,
    },
}

impl From<meetings::MeetingItem> for MeetingItem {
    fn from(i: meetings::MeetingItem) -> Self {
        match i {
            meetings::MeetingItem::Entry { id } => MeetingItem::Entry { id: id.0 },
            meetings::MeetingItem::Assessment { id } => MeetingItem::Assessment { id: id.0 },
            meetings::MeetingItem::Task { id } => MeetingItem::Task { id: id.0 },
        }
    }
}

impl From<MeetingItem> for meetings::MeetingItem {
    fn from(i: MeetingItem) -> Self {
        match i {
            MeetingItem::Entry { id } => meetings::MeetingItem::Entry { id: id.into() },
            MeetingItem::Assessment { id } => meetings::MeetingItem::Assessment { id: id.into() },
            MeetingItem::Task { id } => meetings::MeetingItem::Task { id: id.into() },
        }
    }
}

/// A disclosure at a meeting, with its recipients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Disclosure {
    #[serde(rename = "meeting")]
    meeting: Uuid,
    #[serde(rename = "item")]
    item: MeetingItem,
    #[serde(rename = "owner")]
    owner: Uuid,
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "agreement")]
    agreement: Option<Uuid>,
    #[serde(rename = "justification")]
    justification: String,
    #[serde(rename = "recipients")]
    recipients: Vec<Uuid>,
}

impl From<&meetings::Disclosure> for Disclosure {
    fn from(d: &meetings::Disclosure) -> Self {
        let meetings::Disclosure {
            meeting,
            item,
            owner,
            by,
            at,
            agreement,
            justification,
            recipients,
        } = d;
        Disclosure {
            meeting: meeting.0,
            item: (*item).into(),
            owner: owner.0,
            by: by.0,
            at: *at,
            agreement: agreement.map(|a| a.0),
            justification: justification.clone(),
            recipients: recipients.iter().map(|p| p.0).collect(),
        }
    }
}

impl From<Disclosure> for meetings::Disclosure {
    fn from(d: Disclosure) -> Self {
        meetings::Disclosure {
            meeting: d.meeting.into(),
            item: d.item.into(),
            owner: d.owner.into(),
            by: d.by.into(),
            at: d.at,
            agreement: d.agreement.map(Into::into),
            justification: d.justification,
            recipients: d.recipients.into_iter().map(Into::into).collect(),
        }
    }
}

/// Something added to an agenda by hand.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub(crate) enum AgendaSubject {
    /// `case`
    #[serde(rename = "case")]
    Case {
        #[serde(rename = "id")]
        id: Uuid,
    },
    /// `person`
    #[serde(rename = "person")]
    Person {
        #[serde(rename = "id")]
        id: Uuid,
    },
    /// `location`
    #[serde(rename = "location")]
    Location {
        #[serde(rename = "id")]
        id: Uuid,
    },
}

impl From<meetings::AgendaSubject> for AgendaSubject {
    fn from(s: meetings::AgendaSubject) -> Self {
        match s {
            meetings::AgendaSubject::Case { id } => AgendaSubject::Case { id: id.0 },
            meetings::AgendaSubject::Person { id } => AgendaSubject::Person { id: id.0 },
            meetings::AgendaSubject::Location { id } => AgendaSubject::Location { id: id.0 },
        }
    }
}

impl From<AgendaSubject> for meetings::AgendaSubject {
    fn from(s: AgendaSubject) -> Self {
        match s {
            AgendaSubject::Case { id } => meetings::AgendaSubject::Case { id: id.into() },
            AgendaSubject::Person { id } => meetings::AgendaSubject::Person { id: id.into() },
            AgendaSubject::Location { id } => meetings::AgendaSubject::Location { id: id.into() },
        }
    }
}
