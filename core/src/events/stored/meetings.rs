//! Stored shapes of the meeting events.

use crate::meetings;
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
            // Recorded by `attendance_recorded` events: a meeting is scheduled with none.
            attendees: _,
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
        }
    }
}
