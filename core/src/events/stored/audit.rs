//! Stored shapes of `consulted`, the log of a read of other agencies' content.
//!
//! Version 1 was JSON (`{"type": "consulted", "consultation": {...}}`). Version 2 is the same
//! [`Consultation`] in postcard behind format byte 1: a consultation lists every item a read
//! returned and is written on every such read, and as JSON encoding and hashing it was a large
//! part of a read in the WASM build. Version 3 (format byte 2) adds the hub meeting the read was
//! made for, last (issue 23). Versions 1 and 2 are read as [`ConsultationV2In`], whose meeting is
//! `()` (nothing in postcard, absent in JSON), and upcast with no meeting.
//!
//! Version 4, written today (format byte 3, postcard only), stores each item's kind, owner and
//! agreement once per [`Group`] and each item as its group's position and its id
//! ([`ConsultationV4`]). Versions 2 and 3 wrote all four for every item, 52 bytes: a 200-entry
//! case read as a partner logs over a hundred items of a handful of groups, 6 kB that overflowed
//! SQLite's page into two more pages, each written to the WAL and checkpointed on every such
//! read; in version 4 an item is 18 bytes and the row fits its page. The items keep their order
//! and repeats exactly (a group's position per item, not a list of ids per group), so the
//! consultation read back is the one written, whatever order a read noted its items in.
//! Version 3 is read as before ([`ConsultationIn`]) straight into the domain's consultation.

use super::{unit_enum, unreadable, ListIn};
use crate::audit;
use crate::Error;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The version written today.
pub(crate) const CURRENT: u16 = 4;

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

#[cfg(test)]
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

/// A consultation as version 3 wrote it, borrowing the domain's: for the tests that make
/// version 2 and 3 bytes (the golden journals hold those versions as written).
#[cfg(test)]
pub(crate) type ConsultationOut<'a> =
    Consultation<&'a str, super::ListOut<'a, audit::ConsultedItem, ConsultedItem>, Option<Uuid>>;

/// A consultation as read, version 3.
pub(crate) type ConsultationIn =
    Consultation<String, ListIn<audit::ConsultedItem, ConsultedItem>, Option<Uuid>>;

/// A consultation as read, versions 1 (JSON) and 2 (postcard): no meeting.
pub(crate) type ConsultationV2In =
    Consultation<String, ListIn<audit::ConsultedItem, ConsultedItem>, ()>;

#[cfg(test)]
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
            items: super::ListOut::of(items),
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

/// What version 4 stores once for the items that share it: their kind, owner and agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Group {
    #[serde(rename = "kind")]
    kind: ContentKind,
    #[serde(rename = "owner")]
    owner: Uuid,
    #[serde(rename = "agreement")]
    agreement: Uuid,
}

/// A consultation in version 4: the fields of version 3, with the items as `groups` (each kind,
/// owner and agreement once, in the order first met) and `items` (each item's group, as its
/// position in `groups`, and its id, in the consultation's order).
#[derive(Serialize, Deserialize)]
pub(crate) struct ConsultationV4<S> {
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
    #[serde(rename = "groups")]
    groups: Vec<Group>,
    #[serde(rename = "items")]
    items: Vec<(u32, Uuid)>,
    #[serde(rename = "meeting")]
    meeting: Option<Uuid>,
}

/// A consultation as written (version 4), borrowing the domain's text.
pub(crate) type ConsultationOut4<'a> = ConsultationV4<&'a str>;

/// A consultation as read, version 4.
pub(crate) type ConsultationIn4 = ConsultationV4<String>;

impl<'a> From<&'a audit::Consultation> for ConsultationOut4<'a> {
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
        // A read names a handful of groups; a county briefing may name hundreds, so they are
        // found by a search of a map, not a scan of the list.
        let mut groups = Vec::new();
        let mut found = BTreeMap::new();
        let items = items
            .iter()
            .map(|i| {
                let group = Group {
                    kind: i.kind.into(),
                    owner: i.owner.0,
                    agreement: i.agreement.0,
                };
                let at = *found.entry(group).or_insert_with(|| {
                    let at = u32::try_from(groups.len()).unwrap_or(u32::MAX);
                    groups.push(group);
                    at
                });
                (at, i.id)
            })
            .collect();
        ConsultationV4 {
            viewer: viewer.0,
            viewer_agency: viewer_agency.0,
            at: *at,
            as_of: *as_of,
            justification,
            groups,
            items,
            meeting: meeting.map(|m| m.0),
        }
    }
}

impl TryFrom<ConsultationIn4> for audit::Consultation {
    type Error = Error;
    fn try_from(c: ConsultationIn4) -> crate::Result<Self> {
        let ConsultationV4 {
            viewer,
            viewer_agency,
            at,
            as_of,
            justification,
            groups,
            items,
            meeting,
        } = c;
        let items = items
            .into_iter()
            .map(|(group, id)| {
                // A position past the groups is a damaged content, refused.
                let g = usize::try_from(group)
                    .ok()
                    .and_then(|g| groups.get(g))
                    .ok_or_else(unreadable)?;
                Ok(audit::ConsultedItem {
                    kind: g.kind.into(),
                    id,
                    owner: g.owner.into(),
                    agreement: g.agreement.into(),
                })
            })
            .collect::<crate::Result<_>>()?;
        Ok(audit::Consultation {
            viewer: viewer.into(),
            viewer_agency: viewer_agency.into(),
            at,
            as_of,
            justification,
            items,
            meeting: meeting.map(Into::into),
        })
    }
}
