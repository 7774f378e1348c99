//! The inputs commands take, and the small records the partnership, people and journal calls
//! return. Inputs convert into the core's types with `TryFrom` (parsing ids and times); outputs
//! from them with `From`.

use crate::convert::{date, id, ids, opt_id, opt_utc, time, utc, wide};
use crate::enums::{
    AgencyKind, CaseType, EntryKind, GroupKind, IdentifierKind, InformationCategory, Role,
    Visibility, VulnerabilityFlag,
};
use crate::error::{Result, SafehubError};
use std::time::SystemTime;

/// Who is reading, why, and as of when. Every read takes one.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Viewer {
    /// The reading practitioner's id.
    pub practitioner: String,
    /// Why they are reading: recorded in the consultation log when another agency's content is
    /// returned.
    #[uniffi(default = "")]
    pub justification: String,
    /// Read the hub as it stood at this time; `None` reads now.
    #[uniffi(default = None)]
    pub as_of: Option<SystemTime>,
}

impl TryFrom<Viewer> for safehub::Viewer {
    type Error = SafehubError;
    fn try_from(v: Viewer) -> Result<Self> {
        Ok(safehub::Viewer {
            practitioner: id(&v.practitioner)?,
            justification: v.justification,
            as_of: opt_utc("as_of", v.as_of)?,
        })
    }
}

/// A new agency.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewAgency {
    /// Its name, e.g. "Housing".
    pub name: String,
    /// What sort of agency it is.
    pub kind: AgencyKind,
}

impl From<NewAgency> for safehub::NewAgency {
    fn from(a: NewAgency) -> Self {
        safehub::NewAgency {
            name: a.name,
            kind: a.kind.into(),
        }
    }
}

/// What setting up a partnership created.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Established {
    /// The hosting agency's id.
    pub agency: String,
    /// Its partnership admin's id.
    pub admin: String,
}

impl From<safehub::Established> for Established {
    fn from(e: safehub::Established) -> Self {
        Established {
            agency: e.agency.to_string(),
            admin: e.admin.to_string(),
        }
    }
}

/// A new practitioner.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewPractitioner {
    /// Their agency's id.
    pub agency: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// The host system's user id for them, if any.
    #[uniffi(default = None)]
    pub external_id: Option<String>,
}

impl TryFrom<NewPractitioner> for safehub::NewPractitioner {
    type Error = SafehubError;
    fn try_from(p: NewPractitioner) -> Result<Self> {
        Ok(safehub::NewPractitioner {
            agency: id(&p.agency)?,
            name: p.name,
            role: p.role.into(),
            external_id: p.external_id,
        })
    }
}

/// The legal gateway an agreement relies on.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum LawfulBasis {
    /// s115 Crime and Disorder Act 1998.
    CrimeAndDisorderActS115,
    /// The data subject's consent.
    Consent,
    /// A statutory safeguarding duty.
    SafeguardingDuty,
    /// A public task (UK GDPR Article 6(1)(e)).
    PublicTask,
    /// A legal obligation.
    LegalObligation,
    /// Protecting someone's vital interests.
    VitalInterests,
    /// Another basis, described in words.
    Other {
        /// The basis in words.
        text: String,
    },
}

impl From<LawfulBasis> for safehub::LawfulBasis {
    fn from(b: LawfulBasis) -> Self {
        use safehub::LawfulBasis as L;
        match b {
            LawfulBasis::CrimeAndDisorderActS115 => L::CrimeAndDisorderActS115,
            LawfulBasis::Consent => L::Consent,
            LawfulBasis::SafeguardingDuty => L::SafeguardingDuty,
            LawfulBasis::PublicTask => L::PublicTask,
            LawfulBasis::LegalObligation => L::LegalObligation,
            LawfulBasis::VitalInterests => L::VitalInterests,
            LawfulBasis::Other { text } => L::Other(text),
        }
    }
}

/// A new information sharing agreement.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NewAgreement {
    /// Its title.
    pub title: String,
    /// The ids of the agencies that sign it (at least two).
    pub parties: Vec<String>,
    /// What the sharing is for.
    pub purposes: Vec<String>,
    /// The legal gateway.
    pub lawful_basis: LawfulBasis,
    /// The categories of information it covers.
    pub categories: Vec<InformationCategory>,
    /// Whether it covers special category data (health).
    #[uniffi(default = false)]
    pub special_category: bool,
    /// When it takes effect.
    pub starts: SystemTime,
    /// When it ends, if set.
    #[uniffi(default = None)]
    pub ends: Option<SystemTime>,
}

impl TryFrom<NewAgreement> for safehub::NewAgreement {
    type Error = SafehubError;
    fn try_from(a: NewAgreement) -> Result<Self> {
        Ok(safehub::NewAgreement {
            title: a.title,
            parties: ids(&a.parties)?,
            purposes: a.purposes,
            lawful_basis: a.lawful_basis.into(),
            categories: a.categories.into_iter().map(Into::into).collect(),
            special_category: a.special_category,
            starts: utc("starts", a.starts)?,
            ends: opt_utc("ends", a.ends)?,
        })
    }
}

/// A person identifier: its kind and its value (normalised by the hub when read back).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Identifier {
    /// The kind.
    pub kind: IdentifierKind,
    /// The value, e.g. `943 476 5919`.
    pub value: String,
}

impl From<safehub::Identifier> for Identifier {
    fn from(i: safehub::Identifier) -> Self {
        Identifier {
            kind: i.kind().into(),
            value: i.value().to_owned(),
        }
    }
}

/// A new person profile.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewPerson {
    /// Their name.
    pub name: String,
    /// Other names.
    #[uniffi(default = [])]
    pub aliases: Vec<String>,
    /// Date of birth, ISO `YYYY-MM-DD`.
    #[uniffi(default = None)]
    pub date_of_birth: Option<String>,
    /// Identifiers (checked by the hub).
    #[uniffi(default = [])]
    pub identifiers: Vec<Identifier>,
    /// Vulnerability flags.
    #[uniffi(default = [])]
    pub flags: Vec<VulnerabilityFlag>,
    /// Whether even the name is withheld from those without access.
    #[uniffi(default = false)]
    pub restricted: bool,
}

impl TryFrom<NewPerson> for safehub::NewPerson {
    type Error = SafehubError;
    fn try_from(p: NewPerson) -> Result<Self> {
        Ok(safehub::NewPerson {
            name: p.name,
            aliases: p.aliases,
            date_of_birth: p
                .date_of_birth
                .as_deref()
                .map(|d| date("date_of_birth", d))
                .transpose()?,
            identifiers: p
                .identifiers
                .into_iter()
                .map(|i| (i.kind.into(), i.value))
                .collect(),
            flags: p.flags.into_iter().map(Into::into).collect(),
            restricted: p.restricted,
        })
    }
}

/// A point on the map.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Record)]
pub struct Coordinates {
    /// Latitude in degrees, -90 to 90.
    pub lat: f64,
    /// Longitude in degrees, -180 to 180.
    pub lon: f64,
}

impl From<safehub::locations::Coordinates> for Coordinates {
    fn from(c: safehub::locations::Coordinates) -> Self {
        Coordinates {
            lat: c.lat,
            lon: c.lon,
        }
    }
}

/// A new location profile.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NewLocation {
    /// A short name shown to everyone in the partnership.
    pub label: String,
    /// The full address.
    #[uniffi(default = None)]
    pub address: Option<String>,
    /// The postcode (checked by the hub).
    #[uniffi(default = None)]
    pub postcode: Option<String>,
    /// The UPRN (checked by the hub).
    #[uniffi(default = None)]
    pub uprn: Option<String>,
    /// Where it is.
    #[uniffi(default = None)]
    pub coordinates: Option<Coordinates>,
    /// Whether even the label is withheld from those without access.
    #[uniffi(default = false)]
    pub restricted: bool,
}

impl From<NewLocation> for safehub::NewLocation {
    fn from(l: NewLocation) -> Self {
        safehub::NewLocation {
            label: l.label,
            address: l.address,
            postcode: l.postcode,
            uprn: l.uprn,
            coordinates: l.coordinates.map(|c| (c.lat, c.lon)),
            restricted: l.restricted,
        }
    }
}

/// A new group of people.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewGroup {
    /// Its name.
    pub name: String,
    /// What binds it.
    pub kind: GroupKind,
    /// The ids of its members.
    pub members: Vec<String>,
}

impl TryFrom<NewGroup> for safehub::NewGroup {
    type Error = SafehubError;
    fn try_from(g: NewGroup) -> Result<Self> {
        Ok(safehub::NewGroup {
            name: g.name,
            kind: g.kind.into(),
            members: ids(&g.members)?,
        })
    }
}

/// A new case.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewCase {
    /// Its type.
    pub case_type: CaseType,
    /// Its title.
    pub title: String,
    /// The lead practitioner's id (default: the opener).
    #[uniffi(default = None)]
    pub lead_practitioner: Option<String>,
    /// The ids of the agencies on the team besides the lead.
    #[uniffi(default = [])]
    pub team: Vec<String>,
}

impl TryFrom<NewCase> for safehub::NewCase {
    type Error = SafehubError;
    fn try_from(c: NewCase) -> Result<Self> {
        Ok(safehub::NewCase {
            case_type: c.case_type.into(),
            title: c.title,
            lead_practitioner: opt_id(c.lead_practitioner.as_deref())?,
            team: ids(&c.team)?,
        })
    }
}

/// A new entry on a case's timeline (also a task's answer).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewEntry {
    /// What sort of entry (a task's answer is always `TaskAnswer`).
    pub kind: EntryKind,
    /// Its information category.
    pub category: InformationCategory,
    /// The content.
    pub text: String,
    /// How far it reaches.
    pub visibility: Visibility,
    /// Hide even the stub from those who cannot read it.
    #[uniffi(default = false)]
    pub sensitive: bool,
    /// Show the author's name on the stub (else only the agency).
    #[uniffi(default = true)]
    pub show_author: bool,
}

impl From<NewEntry> for safehub::NewEntry {
    fn from(e: NewEntry) -> Self {
        safehub::NewEntry {
            kind: e.kind.into(),
            category: e.category.into(),
            text: e.text,
            visibility: e.visibility.into(),
            sensitive: e.sensitive,
            show_author: e.show_author,
        }
    }
}

/// A subject of a case: a person, a location or a group, by id.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Subject {
    /// A person.
    Person {
        /// The person's id.
        id: String,
    },
    /// A location.
    Location {
        /// The location's id.
        id: String,
    },
    /// A group.
    Group {
        /// The group's id.
        id: String,
    },
}

impl TryFrom<Subject> for safehub::Subject {
    type Error = SafehubError;
    fn try_from(s: Subject) -> Result<Self> {
        Ok(match s {
            Subject::Person { id: i } => safehub::Subject::Person(id(&i)?),
            Subject::Location { id: i } => safehub::Subject::Location(id(&i)?),
            Subject::Group { id: i } => safehub::Subject::Group(id(&i)?),
        })
    }
}

/// A member of a case team: a whole agency or one practitioner, by id.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum TeamMember {
    /// A whole agency.
    Agency {
        /// The agency's id.
        id: String,
    },
    /// One practitioner.
    Practitioner {
        /// The practitioner's id.
        id: String,
    },
}

impl TryFrom<TeamMember> for safehub::TeamMember {
    type Error = SafehubError;
    fn try_from(m: TeamMember) -> Result<Self> {
        Ok(match m {
            TeamMember::Agency { id: i } => safehub::TeamMember::Agency(id(&i)?),
            TeamMember::Practitioner { id: i } => safehub::TeamMember::Practitioner(id(&i)?),
        })
    }
}

/// Something the sharing engine can explain a decision about, by id.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Target {
    /// A case.
    Case {
        /// Its id.
        id: String,
    },
    /// An entry.
    Entry {
        /// Its id.
        id: String,
    },
    /// A person.
    Person {
        /// Their id.
        id: String,
    },
    /// A location.
    Location {
        /// Its id.
        id: String,
    },
    /// A group.
    Group {
        /// Its id.
        id: String,
    },
}

impl TryFrom<Target> for safehub::Target {
    type Error = SafehubError;
    fn try_from(t: Target) -> Result<Self> {
        Ok(match t {
            Target::Case { id: i } => safehub::Target::Case(id(&i)?),
            Target::Entry { id: i } => safehub::Target::Entry(id(&i)?),
            Target::Person { id: i } => safehub::Target::Person(id(&i)?),
            Target::Location { id: i } => safehub::Target::Location(id(&i)?),
            Target::Group { id: i } => safehub::Target::Group(id(&i)?),
        })
    }
}

/// One event of the change feed: what to refresh, no content.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ChangeNotice {
    /// Sequence number.
    pub seq: i64,
    /// When it was recorded.
    pub at: SystemTime,
    /// The event's type, e.g. `entry_added`.
    pub kind: String,
}

impl From<safehub::ChangeNotice> for ChangeNotice {
    fn from(c: safehub::ChangeNotice) -> Self {
        ChangeNotice {
            seq: wide(c.seq),
            at: time(c.at),
            kind: c.kind,
        }
    }
}

/// The outcome of checking the journal's hash chain.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Integrity {
    /// Events checked.
    pub events_checked: i64,
    /// The first sequence number that failed, if any.
    pub first_bad: Option<i64>,
    /// What failed there.
    pub reason: Option<String>,
}

impl From<safehub::Integrity> for Integrity {
    fn from(i: safehub::Integrity) -> Self {
        Integrity {
            events_checked: wide(i.events_checked),
            first_bad: i.first_bad.map(wide),
            reason: i.reason,
        }
    }
}
