//! Stored shapes of `consulted`, the log of a read of other agencies' content.
//!
//! Version 1 was JSON (`{"type": "consulted", "consultation": {...}}`). Version 2, written
//! today, is the same [`Consultation`] in postcard behind the format byte: a consultation lists
//! every item a read returned and is written on every such read, and as JSON encoding and
//! hashing it was a large part of a read in the WASM build. The upcaster from version 1 is the
//! identity on the shape: only the encoding changed.

use super::{unit_enum, ListIn, ListOut};
use crate::audit;
use crate::Error;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The version written today.
pub(crate) const CURRENT: u16 = 2;

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

/// A consultation, versions 1 and 2. `S` is how its text is held and `I` its items: borrowed
/// from the domain's when written ([`ConsultationOut`]), owned when read ([`ConsultationIn`]).
#[derive(Serialize, Deserialize)]
pub(crate) struct Consultation<S, I> {
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
}

/// A consultation as written, borrowing the domain's.
pub(crate) type ConsultationOut<'a> =
    Consultation<&'a str, ListOut<'a, audit::ConsultedItem, ConsultedItem>>;

/// A consultation as read.
pub(crate) type ConsultationIn = Consultation<String, ListIn<audit::ConsultedItem, ConsultedItem>>;

impl<'a> From<&'a audit::Consultation> for ConsultationOut<'a> {
    fn from(c: &'a audit::Consultation) -> Self {
        let audit::Consultation {
            viewer,
            viewer_agency,
            at,
            as_of,
            justification,
            items,
        } = c;
        Consultation {
            viewer: viewer.0,
            viewer_agency: viewer_agency.0,
            at: *at,
            as_of: *as_of,
            justification,
            items: ListOut::of(items),
        }
    }
}

impl From<ConsultationIn> for audit::Consultation {
    fn from(c: ConsultationIn) -> Self {
        audit::Consultation {
            viewer: c.viewer.into(),
            viewer_agency: c.viewer_agency.into(),
            at: c.at,
            as_of: c.as_of,
            justification: c.justification,
            items: c.items.into_inner(),
        }
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
    pub(crate) consultation: ConsultationIn,
}
