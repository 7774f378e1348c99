//! Stored shape of an amendment (`record_amended`): the record, the agency that made it, who,
//! when, why, and each change with the value it replaced.
//!
//! Version 1 holds changes to a record's own details ([`Change`]). Version 2 (tagged
//! `record_amended.2`, written from issue 22's facts on) also holds changes to an agency's facts
//! about a person ([`FactChange`]): its changes are either, each spelt as before, so version 1
//! upcasts by taking its changes as they are ([`upcast`]).

use super::values::{
    Coordinates, FactSharing, Identifier, InformationCategory, Subject, VulnerabilityFlag,
};
use super::{each_back, unreadable};
use crate::amendments;
use crate::identifiers::{Postcode, Uprn};
use crate::people;
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

/// What a fact says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "fact")]
pub(crate) enum FactValue {
    #[serde(rename = "address")]
    Address {
        #[serde(rename = "address")]
        address: String,
        /// In its normalised form.
        #[serde(rename = "postcode")]
        postcode: Option<String>,
    },
    #[serde(rename = "phone")]
    Phone {
        #[serde(rename = "number")]
        number: String,
    },
    #[serde(rename = "email")]
    Email {
        #[serde(rename = "address")]
        address: String,
    },
    #[serde(rename = "alias")]
    Alias {
        #[serde(rename = "name")]
        name: String,
    },
    #[serde(rename = "identifier")]
    Identifier {
        #[serde(rename = "identifier")]
        identifier: Identifier,
    },
    #[serde(rename = "flag")]
    Flag {
        #[serde(rename = "flag")]
        flag: VulnerabilityFlag,
    },
}

/// A fact an agency holds about a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Fact {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "value")]
    value: FactValue,
    #[serde(rename = "category")]
    category: InformationCategory,
    #[serde(rename = "sharing")]
    sharing: FactSharing,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
}

/// A change to a fact (version 2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change")]
pub(crate) enum FactChange {
    #[serde(rename = "fact_added")]
    Added {
        #[serde(rename = "fact")]
        fact: Fact,
    },
    #[serde(rename = "fact_corrected")]
    Corrected {
        #[serde(rename = "fact")]
        fact: Fact,
        #[serde(rename = "from")]
        from: FactValue,
    },
    #[serde(rename = "fact_withdrawn")]
    Withdrawn {
        #[serde(rename = "fact")]
        fact: Fact,
    },
}

/// A change of version 2: to a record's own details, spelt as in version 1, or to a fact. The
/// two kinds' tags differ, so the untagged choice is never ambiguous.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum ChangeV2 {
    Record(Change),
    Fact(FactChange),
}

/// An amendment: version 1 with [`Change`]s, version 2 with [`ChangeV2`]s.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Amendment<C = ChangeV2> {
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
    changes: Vec<C>,
}

/// Version 1 read as version 2: the same amendment, its changes all to the record's details.
pub(crate) fn upcast(v1: Amendment<Change>) -> Amendment {
    Amendment {
        record: v1.record,
        agency: v1.agency,
        by: v1.by,
        at: v1.at,
        reason: v1.reason,
        changes: v1.changes.into_iter().map(ChangeV2::Record).collect(),
    }
}

impl From<&people::FactValue> for FactValue {
    fn from(v: &people::FactValue) -> Self {
        use people::FactValue as V;
        match v {
            V::Address { address, postcode } => FactValue::Address {
                address: address.clone(),
                postcode: postcode.as_ref().map(|p| p.as_str().to_owned()),
            },
            V::Phone { number } => FactValue::Phone {
                number: number.clone(),
            },
            V::Email { address } => FactValue::Email {
                address: address.clone(),
            },
            V::Alias { name } => FactValue::Alias { name: name.clone() },
            V::Identifier { identifier } => FactValue::Identifier {
                identifier: identifier.into(),
            },
            V::Flag { flag } => FactValue::Flag {
                flag: (*flag).into(),
            },
        }
    }
}

impl TryFrom<FactValue> for people::FactValue {
    type Error = crate::Error;
    fn try_from(v: FactValue) -> Result<Self> {
        use people::FactValue as V;
        Ok(match v {
            FactValue::Address {
                address,
                postcode: p,
            } => V::Address {
                address,
                postcode: postcode(p)?,
            },
            FactValue::Phone { number } => V::Phone { number },
            FactValue::Email { address } => V::Email { address },
            FactValue::Alias { name } => V::Alias { name },
            FactValue::Identifier { identifier } => V::Identifier {
                identifier: identifier.try_into()?,
            },
            FactValue::Flag { flag } => V::Flag { flag: flag.into() },
        })
    }
}

impl From<&people::Fact> for Fact {
    fn from(f: &people::Fact) -> Self {
        let people::Fact {
            id,
            agency,
            value,
            category,
            sharing,
            at,
        } = f;
        Fact {
            id: id.0,
            agency: agency.0,
            value: value.into(),
            category: (*category).into(),
            sharing: (*sharing).into(),
            at: *at,
        }
    }
}

impl TryFrom<Fact> for people::Fact {
    type Error = crate::Error;
    fn try_from(f: Fact) -> Result<Self> {
        Ok(people::Fact {
            id: f.id.into(),
            agency: f.agency.into(),
            value: f.value.try_into()?,
            category: f.category.into(),
            sharing: f.sharing.into(),
            at: f.at,
        })
    }
}

impl TryFrom<ChangeV2> for amendments::Change {
    type Error = crate::Error;
    fn try_from(c: ChangeV2) -> Result<Self> {
        use amendments::Change as C;
        Ok(match c {
            ChangeV2::Record(c) => c.try_into()?,
            ChangeV2::Fact(FactChange::Added { fact }) => C::FactAdded {
                fact: fact.try_into()?,
            },
            ChangeV2::Fact(FactChange::Corrected { fact, from }) => C::FactCorrected {
                fact: fact.try_into()?,
                from: from.try_into()?,
            },
            ChangeV2::Fact(FactChange::Withdrawn { fact }) => C::FactWithdrawn {
                fact: fact.try_into()?,
            },
        })
    }
}

impl From<&amendments::Change> for ChangeV2 {
    fn from(c: &amendments::Change) -> Self {
        use amendments::Change as C;
        let record = match c {
            C::FactAdded { fact } => {
                return ChangeV2::Fact(FactChange::Added { fact: fact.into() })
            }
            C::FactCorrected { fact, from } => {
                return ChangeV2::Fact(FactChange::Corrected {
                    fact: fact.into(),
                    from: from.into(),
                })
            }
            C::FactWithdrawn { fact } => {
                return ChangeV2::Fact(FactChange::Withdrawn { fact: fact.into() })
            }
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
        };
        ChangeV2::Record(record)
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
