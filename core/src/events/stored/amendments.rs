//! Stored shape of an amendment (`record_amended`, version 1): the record, the agency whose
//! record it is, who, when, why, and each change with the value it replaced.

use super::values::{Coordinates, Identifier, Subject, VulnerabilityFlag};
use super::{each_back, unreadable};
use crate::amendments;
use crate::identifiers::{Postcode, Uprn};
use crate::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One change, tagged by what changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change")]
pub(crate) enum Change {
    #[serde(rename = "name")]
    Name {
        #[serde(rename = "from")]
        from: String,
        #[serde(rename = "to")]
        to: String,
    },
    #[serde(rename = "alias_added")]
    AliasAdded {
        #[serde(rename = "alias")]
        alias: String,
    },
    #[serde(rename = "alias_withdrawn")]
    AliasWithdrawn {
        #[serde(rename = "alias")]
        alias: String,
    },
    #[serde(rename = "date_of_birth")]
    DateOfBirth {
        #[serde(rename = "from")]
        from: Option<chrono::NaiveDate>,
        #[serde(rename = "to")]
        to: Option<chrono::NaiveDate>,
    },
    #[serde(rename = "identifier_added")]
    IdentifierAdded {
        #[serde(rename = "identifier")]
        identifier: Identifier,
    },
    #[serde(rename = "identifier_withdrawn")]
    IdentifierWithdrawn {
        #[serde(rename = "identifier")]
        identifier: Identifier,
    },
    #[serde(rename = "flag_added")]
    FlagAdded {
        #[serde(rename = "flag")]
        flag: VulnerabilityFlag,
    },
    #[serde(rename = "flag_withdrawn")]
    FlagWithdrawn {
        #[serde(rename = "flag")]
        flag: VulnerabilityFlag,
    },
    #[serde(rename = "restricted")]
    Restricted {
        #[serde(rename = "to")]
        to: bool,
    },
    #[serde(rename = "address")]
    Address {
        #[serde(rename = "from")]
        from: Option<String>,
        #[serde(rename = "to")]
        to: Option<String>,
    },
    /// Postcodes in their normalised form.
    #[serde(rename = "postcode")]
    Postcode {
        #[serde(rename = "from")]
        from: Option<String>,
        #[serde(rename = "to")]
        to: Option<String>,
    },
    #[serde(rename = "uprn")]
    Uprn {
        #[serde(rename = "from")]
        from: Option<u64>,
        #[serde(rename = "to")]
        to: Option<u64>,
    },
    #[serde(rename = "coordinates")]
    Coordinates {
        #[serde(rename = "from")]
        from: Option<Coordinates>,
        #[serde(rename = "to")]
        to: Option<Coordinates>,
    },
    #[serde(rename = "member_added")]
    MemberAdded {
        #[serde(rename = "person")]
        person: Uuid,
    },
    #[serde(rename = "member_withdrawn")]
    MemberWithdrawn {
        #[serde(rename = "person")]
        person: Uuid,
    },
}

/// An amendment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Amendment {
    #[serde(rename = "record")]
    record: Subject,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "reason")]
    reason: String,
    #[serde(rename = "changes")]
    changes: Vec<Change>,
}

impl From<&amendments::Change> for Change {
    fn from(c: &amendments::Change) -> Self {
        use amendments::Change as C;
        match c {
            C::Name { from, to } => Change::Name {
                from: from.clone(),
                to: to.clone(),
            },
            C::AliasAdded { alias } => Change::AliasAdded {
                alias: alias.clone(),
            },
            C::AliasWithdrawn { alias } => Change::AliasWithdrawn {
                alias: alias.clone(),
            },
            C::DateOfBirth { from, to } => Change::DateOfBirth {
                from: *from,
                to: *to,
            },
            C::IdentifierAdded { identifier } => Change::IdentifierAdded {
                identifier: identifier.into(),
            },
            C::IdentifierWithdrawn { identifier } => Change::IdentifierWithdrawn {
                identifier: identifier.into(),
            },
            C::FlagAdded { flag } => Change::FlagAdded {
                flag: (*flag).into(),
            },
            C::FlagWithdrawn { flag } => Change::FlagWithdrawn {
                flag: (*flag).into(),
            },
            C::Restricted { to } => Change::Restricted { to: *to },
            C::Address { from, to } => Change::Address {
                from: from.clone(),
                to: to.clone(),
            },
            C::Postcode { from, to } => Change::Postcode {
                from: from.as_ref().map(|p| p.as_str().to_owned()),
                to: to.as_ref().map(|p| p.as_str().to_owned()),
            },
            C::Uprn { from, to } => Change::Uprn {
                from: from.map(Uprn::get),
                to: to.map(Uprn::get),
            },
            C::Coordinates { from, to } => Change::Coordinates {
                from: from.map(Into::into),
                to: to.map(Into::into),
            },
            C::MemberAdded { person } => Change::MemberAdded { person: person.0 },
            C::MemberWithdrawn { person } => Change::MemberWithdrawn { person: person.0 },
        }
    }
}

fn postcode(p: Option<String>) -> Result<Option<Postcode>> {
    p.map(Postcode::try_from)
        .transpose()
        .map_err(|_| unreadable())
}

fn uprn(u: Option<u64>) -> Result<Option<Uprn>> {
    u.map(Uprn::new).transpose().map_err(|_| unreadable())
}

impl TryFrom<Change> for amendments::Change {
    type Error = crate::Error;
    fn try_from(c: Change) -> Result<Self> {
        use amendments::Change as C;
        Ok(match c {
            Change::Name { from, to } => C::Name { from, to },
            Change::AliasAdded { alias } => C::AliasAdded { alias },
            Change::AliasWithdrawn { alias } => C::AliasWithdrawn { alias },
            Change::DateOfBirth { from, to } => C::DateOfBirth { from, to },
            Change::IdentifierAdded { identifier } => C::IdentifierAdded {
                identifier: identifier.try_into()?,
            },
            Change::IdentifierWithdrawn { identifier } => C::IdentifierWithdrawn {
                identifier: identifier.try_into()?,
            },
            Change::FlagAdded { flag } => C::FlagAdded { flag: flag.into() },
            Change::FlagWithdrawn { flag } => C::FlagWithdrawn { flag: flag.into() },
            Change::Restricted { to } => C::Restricted { to },
            Change::Address { from, to } => C::Address { from, to },
            Change::Postcode { from, to } => C::Postcode {
                from: postcode(from)?,
                to: postcode(to)?,
            },
            Change::Uprn { from, to } => C::Uprn {
                from: uprn(from)?,
                to: uprn(to)?,
            },
            Change::Coordinates { from, to } => C::Coordinates {
                from: from.map(Into::into),
                to: to.map(Into::into),
            },
            Change::MemberAdded { person } => C::MemberAdded {
                person: person.into(),
            },
            Change::MemberWithdrawn { person } => C::MemberWithdrawn {
                person: person.into(),
            },
        })
    }
}

impl From<&amendments::Amendment> for Amendment {
    fn from(a: &amendments::Amendment) -> Self {
        let amendments::Amendment {
            record,
            agency,
            by,
            at,
            reason,
            changes,
        } = a;
        Amendment {
            record: record.into(),
            agency: agency.0,
            by: by.0,
            at: *at,
            reason: reason.clone(),
            changes: changes.iter().map(Into::into).collect(),
        }
    }
}

impl TryFrom<Amendment> for amendments::Amendment {
    type Error = crate::Error;
    fn try_from(a: Amendment) -> Result<Self> {
        Ok(amendments::Amendment {
            record: a.record.into(),
            agency: a.agency.into(),
            by: a.by.into(),
            at: a.at,
            reason: a.reason,
            changes: each_back(a.changes)?,
        })
    }
}
