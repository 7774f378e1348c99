//! Stored shapes of `consulted`, the log of a read of other agencies' content.
//!
//! Version 1 was JSON (`{"type": "consulted", "consultation": {...}}`). Version 2 is the same
//! [`Consultation`] in postcard behind format byte 1: a consultation lists every item a read
//! returned and is written on every such read, and as JSON encoding and hashing it was a large
//! part of a read in the WASM build. Version 3, written today (format byte 2), adds the hub
//! meeting the read was made for, last (issue 23). Versions 1 and 2 are read as
//! [`ConsultationV2In`], whose meeting is `()` (nothing in postcard, absent in JSON), and upcast
//! with no meeting.

use super::{unit_enum, ListIn, ListOut};
use crate::audit;
use crate::Error;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The version written today.
pub(crate) const CURRENT: u16 = 3;

unit_enum! {
    /// What sort of content was consulted.
    ContentKind = audit::ContentKind {
        Case = "case",
        Entry = "entry",
        Person = "person",
        Location = "location",
        Group = "group",
        RiskAssessment = "risk_assessment",
        Task = "task",
        Referral = "referral",
        Incident = "incident",
    }
}

/// One item a read returned.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ConsultedItem {
    #[serde(rename = "kind")]
    kind: ContentKind,
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "owner")]
    owner: Uuid,
    #[serde(rename = "agreement")]
    agreement: Uuid,
}

impl From<&audit::ConsultedItem> for ConsultedItem {
    fn from(i: &audit::ConsultedItem) -> Self {
        let audit::ConsultedItem {
            kind,
            id,
            owner,
            agreement,
        } = i;
        ConsultedItem {
            kind: (*kind).into(),
            id: *id,
            owner: owner.0,
            agreement: agreement.0,
        }
    }
}

impl TryFrom<ConsultedItem> for audit::ConsultedItem {
    type Error = Error;
    fn try_from(i: ConsultedItem) -> crate::Result<Self> {
        Ok(audit::ConsultedItem {
            kind: i.kind.into(),
            id: i.id,
            owner: i.owner.into(),
            agreement: i.agreement.into(),
        })
    }
}

/// A consultation, every version. `S` is how its text is held and `I` its items: borrowed from
/// the domain's when written ([`ConsultationOut`]), owned when read ([`ConsultationIn`]). `M` is
/// its meeting: `Option<Uuid>` from version 3 on, `()` before (which postcard writes as nothing,
/// so version 2's bytes are version 3's without the last field).
#[derive(Serialize, Deserialize)]
pub(crate) struct Consultation<S, I, M> {
    #[serde(rename = "viewer")]
    viewer: Uuid,
    #[serde(rename = "viewer_agency")]
    viewer_agency: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "as_of")]
    as_of: Option<DateTime<Utc>>,
    #[serde(rename = "justification")]
    justification: S,
    #[serde(rename = "items")]
    items: I,
    #[serde(rename = "meeting", default)]
    meeting: M,
}

/// A consultation as written (version 3), borrowing the domain's.
pub(crate) type ConsultationOut<'a> =
    Consultation<&'a str, ListOut<'a, audit::ConsultedItem, ConsultedItem>, Option<Uuid>>;

/// A consultation as read, version 3.
pub(crate) type ConsultationIn =
    Consultation<String, ListIn<audit::ConsultedItem, ConsultedItem>, Option<Uuid>>;

/// A consultation as read, versions 1 (JSON) and 2 (postcard): no meeting.
pub(crate) type ConsultationV2In =
    Consultation<String, ListIn<audit::ConsultedItem, ConsultedItem>, ()>;

impl<'a> From<&'a audit::Consultation> for ConsultationOut<'a> {
    fn from(c: &'a audit::Consultation) -> Self {
        let audit::Consultation {
            viewer,
            viewer_agency,
            at,
            as_of,
            justification,
            items,
            meeting,
        } = c;
        Consultation {
            viewer: viewer.0,
            viewer_agency: viewer_agency.0,
            at: *at,
            as_of: *as_of,
            justification,
            items: ListOut::of(items),
            meeting: meeting.map(|m| m.0),
        }
    }
}

impl<M> Consultation<String, ListIn<audit::ConsultedItem, ConsultedItem>, M> {
    /// The domain's consultation, made for `meeting`.
    fn with_meeting(self, meeting: Option<crate::ids::MeetingId>) -> audit::Consultation {
        audit::Consultation {
            viewer: self.viewer.into(),
            viewer_agency: self.viewer_agency.into(),
            at: self.at,
            as_of: self.as_of,
            justification: self.justification,
            items: self.items.into_inner(),
            meeting,
        }
    }
}

impl From<ConsultationIn> for audit::Consultation {
    fn from(c: ConsultationIn) -> Self {
        let meeting = c.meeting.map(Into::into);
        c.with_meeting(meeting)
    }
}

/// The upcaster from versions 1 and 2: a read made for no meeting.
impl From<ConsultationV2In> for audit::Consultation {
    fn from(c: ConsultationV2In) -> Self {
        c.with_meeting(None)
    }
}

/// A whole `consulted` event in version 1.
#[derive(Deserialize)]
pub(crate) struct ConsultedV1<'a> {
    /// The event's type tag.
    #[serde(rename = "type", borrow)]
    pub(crate) kind: std::borrow::Cow<'a, str>,
    /// The consultation; version 2 has the same shape.
    #[serde(rename = "consultation")]
    pub(crate) consultation: ConsultationV2In,
}
