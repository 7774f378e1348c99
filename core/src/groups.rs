//! Groups of people: a household, a gang, a group causing nuisance together.
//!
//! A group's membership is content of the recording agency, shared like a person's details.

use crate::ids::{AgencyId, GroupId, PersonId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What binds a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum GroupKind {
    /// People living together.
    Household,
    /// An organised criminal group or gang.
    Gang,
    /// People acting together in anti-social behaviour.
    NuisanceGroup,
    /// Any other grouping.
    Other,
}

/// A group profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Its id.
    pub id: GroupId,
    /// Its name, shown to everyone in the partnership.
    pub name: String,
    /// What binds it.
    pub kind: GroupKind,
    /// Its members.
    pub members: BTreeSet<PersonId>,
    /// The agency that recorded it.
    pub recorded_by: AgencyId,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// A new group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewGroup {
    /// Its name.
    pub name: String,
    /// What binds it.
    pub kind: GroupKind,
    /// Its members.
    pub members: Vec<PersonId>,
}
