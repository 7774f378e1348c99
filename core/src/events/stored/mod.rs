//! The stored shapes: what the journal holds for each kind of event, as types of their own.
//!
//! The domain structs (`Task`, `Person`, `Referral`, ...) and the public API change as the
//! project grows; the bytes in a journal are hash-chained and kept for years. So no domain
//! struct is serialised into the journal. Each event kind, and every value it carries, has a
//! stored type here, with every spelling written out (`#[serde(rename = ...)]` on each tag and
//! variant), and the codec converts between [`Event`] and these types with plain `From` /
//! `TryFrom` conversions that destructure and build the domain structs field by field. A
//! renamed, added or retyped domain field therefore fails to compile in a conversion; it can
//! never change the bytes written.
//!
//! Versions: every kind has a stored version, listed in [`VERSIONS`]. Version 1 is the shape
//! this project wrote before the stored shapes were separated, and is never rewritten. In JSON
//! the version is in the `type` tag: `"task_set"` is version 1, a version 2 would be tagged
//! `"task_set.2"` (the journal's kind column stays `task_set`). In the binary form it is the
//! leading format byte (see [`binary_version`]). A change to a stored shape is a new version:
//! a new type written from then on, the old one kept for reading, and an upcaster from the old
//! to the new (docs/ARCHITECTURE.md, "The stored format", says how, step by step). The two
//! bulk kinds show it: [`incidents`] and [`audit`] hold version 1 (JSON) and version 2
//! (postcard) of `incidents_imported` and `consulted`.

pub(crate) mod amendments;
pub(crate) mod audit;
pub(crate) mod cases;
pub(crate) mod incidents;
pub(crate) mod json;
pub(crate) mod meetings;
pub(crate) mod protection;
pub(crate) mod referrals;
pub(crate) mod risk;
pub(crate) mod tasks;
pub(crate) mod values;

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::marker::PhantomData;

/// Every kind and the version of its stored shape written today. A kind whose shape changes
/// gets the next version here, and a golden journal holding it (the codec's golden test checks
/// that each current version is in some golden journal).
pub(crate) const VERSIONS: [(&str, u16); 58] = [
    ("partnership_established", 1),
    ("time_zone_set", 1),
    ("agency_joined", 1),
    ("agency_left", 1),
    ("practitioner_registered", 1),
    ("practitioner_role_changed", 1),
    ("practitioner_deactivated", 1),
    ("agreement_signed", 1),
    ("agreement_ended", 1),
    ("person_recorded", 1),
    ("location_recorded", 1),
    ("group_formed", 1),
    ("record_amended", 2),
    ("merge_agreed", 1),
    ("people_merged", 1),
    ("people_unmerged", 1),
    ("case_opened", 1),
    ("team_member_added", 1),
    ("team_member_removed", 1),
    ("subject_linked", 1),
    ("subject_unlinked", 1),
    ("case_status_changed", 1),
    ("case_lead_transferred", 1),
    ("case_closed", 1),
    ("case_reopened", 1),
    ("cases_linked", 1),
    ("cases_unlinked", 1),
    ("incident_linked", 1),
    ("incident_unlinked", 1),
    ("meeting_scheduled", 1),
    ("attendance_recorded", 1),
    ("agenda_item_added", 1),
    ("disclosed_at_meeting", 1),
    ("meeting_decision_recorded", 1),
    ("meeting_action_agreed", 1),
    ("entry_added", 1),
    ("entry_visibility_changed", 1),
    ("consulted", audit::CURRENT),
    ("template_registered", 1),
    ("assessment_recorded", 1),
    ("assessment_overridden", 1),
    ("assessment_reviewed", 1),
    ("task_set", 1),
    ("task_accepted", 1),
    ("task_started", 1),
    ("task_answered", 1),
    ("task_declined", 1),
    ("task_cancelled", 1),
    ("task_reassigned", 1),
    ("referral_made", 1),
    ("referral_accepted", 1),
    ("referral_declined", 1),
    ("referral_withdrawn", 1),
    ("referral_outcome_recorded", 1),
    ("incidents_imported", incidents::CURRENT),
    ("retention_rule_set", 1),
    ("retention_decided", 1),
    ("erasure_recorded", 1),
];

/// The version of a binary content's kind, from its leading format byte. Format byte 1 is
/// version 2 of both binary kinds: their version 1 was JSON.
pub(crate) fn binary_version(format: u8) -> u16 {
    u16::from(format).saturating_add(1)
}

/// A stored value that does not make a valid domain value (an identifier not in normalised
/// form, a time out of range): the event cannot be decoded.
pub(crate) fn unreadable() -> Error {
    Error::Storage("a stored value could not be read".into())
}

/// A time as whole microseconds since the Unix epoch, as the binary form stores it. Every
/// stored time is already truncated to microseconds, so nothing is lost.
pub(crate) fn micros(t: &DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// The time `micros` microseconds after the Unix epoch.
pub(crate) fn from_micros(micros: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros).ok_or_else(unreadable)
}

/// A unit enum's stored spelling, one literal per variant, and its conversions to and from the
/// domain enum. Both conversions are exhaustive matches, so a domain variant added or renamed
/// fails to compile here. The order listed is the binary form's variant index and the order of
/// a stored set.
macro_rules! unit_enum {
    ($(#[$doc:meta])* $name:ident = $module:ident :: $domain:ident { $($variant:ident = $spelling:literal,)+ }) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
            serde::Deserialize,
        )]
        pub(crate) enum $name {
            $(
                #[doc = concat!("`", $spelling, "`")]
                #[serde(rename = $spelling)]
                $variant,
            )+
        }

        impl From<$module::$domain> for $name {
            fn from(d: $module::$domain) -> Self {
                match d {
                    $($module::$domain::$variant => $name::$variant,)+
                }
            }
        }

        impl From<$name> for $module::$domain {
            fn from(s: $name) -> Self {
                match s {
                    $($name::$variant => $module::$domain::$variant,)+
                }
            }
        }
    };
}
pub(crate) use unit_enum;

/// Converts each item of a list with `From`.
pub(crate) fn each<'a, D: 'a, S: From<&'a D>>(items: impl IntoIterator<Item = &'a D>) -> Vec<S> {
    items.into_iter().map(S::from).collect()
}

/// Converts each item of a stored list back with `TryFrom`.
pub(crate) fn each_back<S, D: TryFrom<S, Error = Error>>(
    items: impl IntoIterator<Item = S>,
) -> Result<Vec<D>> {
    items.into_iter().map(D::try_from).collect()
}

/// A list written straight from the domain's slice, each item through its stored type `S`:
/// nothing is copied or allocated to write it.
pub(crate) struct ListOut<'a, D, S>(&'a [D], PhantomData<fn() -> S>);

impl<'a, D, S> ListOut<'a, D, S> {
    /// The list of `items`.
    pub(crate) fn of(items: &'a [D]) -> Self {
        ListOut(items, PhantomData)
    }
}

impl<'a, D, S: From<&'a D> + Serialize> Serialize for ListOut<'a, D, S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> std::result::Result<Ser::Ok, Ser::Error> {
        s.collect_seq(self.0.iter().map(S::from))
    }
}

/// A list read straight into the domain's items, each read as its stored type `S` and
/// converted at once, so no list of stored items is built first.
pub(crate) struct ListIn<D, S>(Vec<D>, PhantomData<fn() -> S>);

impl<D, S> ListIn<D, S> {
    /// The items read.
    pub(crate) fn into_inner(self) -> Vec<D> {
        self.0
    }
}

impl<'de, D, S> Deserialize<'de> for ListIn<D, S>
where
    S: Deserialize<'de>,
    D: TryFrom<S, Error = Error>,
{
    fn deserialize<De: Deserializer<'de>>(d: De) -> std::result::Result<Self, De::Error> {
        struct Items<D, S>(PhantomData<fn() -> (D, S)>);
        impl<'de, D, S> Visitor<'de> for Items<D, S>
        where
            S: Deserialize<'de>,
            D: TryFrom<S, Error = Error>,
        {
            type Value = Vec<D>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Vec<D>, A::Error> {
                // A length read from the content is a claim, not a payment: reserve at most
                // what a megabyte holds, as serde does for its own lists.
                let most = (1 << 20) / std::mem::size_of::<D>().max(1);
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(most));
                while let Some(item) = seq.next_element::<S>()? {
                    out.push(D::try_from(item).map_err(serde::de::Error::custom)?);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Items(PhantomData))
            .map(|items| ListIn(items, PhantomData))
    }
}

impl<D: TryFrom<S, Error = Error>, S> ListIn<D, S> {
    /// The list of stored `items`, converted (an upcaster's way to a newer version as read).
    pub(crate) fn convert(items: impl IntoIterator<Item = S>) -> Result<Self> {
        let items = items
            .into_iter()
            .map(D::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(ListIn(items, PhantomData))
    }
}
