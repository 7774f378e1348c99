//! Stored shapes of the values many events carry: the partnership's agencies, practitioners and
//! agreements, profiles, case teams and subjects, entries.

use super::{each, each_back, unit_enum, unreadable};
use crate::{agreements, cases, entries, groups, identifiers, locations, partnership, people};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

unit_enum! {
    /// What sort of organisation an agency is.
    AgencyKind = partnership::AgencyKind {
        Police = "police",
        Council = "council",
        Housing = "housing",
        MentalHealth = "mental_health",
        AdultSocialCare = "adult_social_care",
        ChildrenSocialCare = "children_social_care",
        FireAndRescue = "fire_and_rescue",
        Probation = "probation",
        DrugAndAlcohol = "drug_and_alcohol",
        DvSupport = "dv_support",
        VoluntarySector = "voluntary_sector",
        NeighbourhoodWatch = "neighbourhood_watch",
        Other = "other",
    }
}

unit_enum! {
    /// A practitioner's role.
    Role = partnership::Role {
        ReadOnly = "read_only",
        CaseWorker = "case_worker",
        Supervisor = "supervisor",
        AgencyAdmin = "agency_admin",
        PartnershipAdmin = "partnership_admin",
    }
}

unit_enum! {
    /// A case's type.
    CaseType = cases::CaseType {
        Asb = "asb",
        HateCrime = "hate_crime",
        DomesticAbuse = "domestic_abuse",
        VulnerablePerson = "vulnerable_person",
        ConcernForSafety = "concern_for_safety",
        ProblemLocation = "problem_location",
        OffenderManagement = "offender_management",
        Safeguarding = "safeguarding",
        Other = "other",
    }
}

unit_enum! {
    /// A case's status.
    CaseStatus = cases::CaseStatus {
        Open = "open",
        UnderReview = "under_review",
        Closed = "closed",
        Reopened = "reopened",
    }
}

unit_enum! {
    /// A subject's role on a case.
    SubjectRole = cases::SubjectRole {
        Victim = "victim",
        Perpetrator = "perpetrator",
        Witness = "witness",
        Complainant = "complainant",
        VulnerablePerson = "vulnerable_person",
        LocationOfConcern = "location_of_concern",
    }
}

unit_enum! {
    /// Who may see an entry.
    Visibility = entries::Visibility {
        Private = "private",
        Agency = "agency",
        CaseTeam = "case_team",
        Partnership = "partnership",
    }
}

unit_enum! {
    /// The category of information a record holds.
    InformationCategory = entries::InformationCategory {
        General = "general",
        PersonalDetails = "personal_details",
        Location = "location",
        Asb = "asb",
        Crime = "crime",
        DomesticAbuse = "domestic_abuse",
        Safeguarding = "safeguarding",
        Housing = "housing",
        RiskAssessment = "risk_assessment",
        Health = "health",
        MentalHealth = "mental_health",
        SubstanceMisuse = "substance_misuse",
        ProtectedCharacteristics = "protected_characteristics",
    }
}

unit_enum! {
    /// Whom a fact about a person may reach beyond its agency.
    FactSharing = people::FactSharing {
        UnderAgreements = "under_agreements",
        AgencyOnly = "agency_only",
    }
}

unit_enum! {
    /// What sort of entry.
    EntryKind = entries::EntryKind {
        Note = "note",
        Action = "action",
        Contact = "contact",
        DocumentReference = "document_reference",
        Decision = "decision",
        TaskAnswer = "task_answer",
    }
}

unit_enum! {
    /// What sort of group.
    GroupKind = groups::GroupKind {
        Household = "household",
        Gang = "gang",
        NuisanceGroup = "nuisance_group",
        Other = "other",
    }
}

unit_enum! {
    /// A vulnerability flag on a person.
    VulnerabilityFlag = people::VulnerabilityFlag {
        MentalHealth = "mental_health",
        PhysicalHealth = "physical_health",
        LearningDisability = "learning_disability",
        SubstanceMisuse = "substance_misuse",
        Elderly = "elderly",
        Child = "child",
        Isolated = "isolated",
        RepeatVictim = "repeat_victim",
        Homeless = "homeless",
        CommunicationNeeds = "communication_needs",
    }
}

unit_enum! {
    /// Which kind of identifier (spelled as the Rust names: this enum never had a rename).
    IdentifierKind = identifiers::IdentifierKind {
        NhsNumber = "NhsNumber",
        PncId = "PncId",
        CroNumber = "CroNumber",
        NiNumber = "NiNumber",
    }
}

/// An agency as it joined.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Agency {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "kind")]
    kind: AgencyKind,
    #[serde(rename = "joined")]
    joined: DateTime<Utc>,
    #[serde(rename = "left")]
    left: Option<DateTime<Utc>>,
}

impl From<&partnership::Agency> for Agency {
    fn from(a: &partnership::Agency) -> Self {
        let partnership::Agency {
            id,
            name,
            kind,
            joined,
            left,
        } = a;
        Agency {
            id: id.0,
            name: name.to_string(),
            kind: (*kind).into(),
            joined: *joined,
            left: *left,
        }
    }
}

impl From<Agency> for partnership::Agency {
    fn from(a: Agency) -> Self {
        partnership::Agency {
            id: a.id.into(),
            name: a.name.into(),
            kind: a.kind.into(),
            joined: a.joined,
            left: a.left,
        }
    }
}

/// A practitioner as registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Practitioner {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "role")]
    role: Role,
    #[serde(rename = "external_id")]
    external_id: Option<String>,
    #[serde(rename = "active")]
    active: bool,
}

impl From<&partnership::Practitioner> for Practitioner {
    fn from(p: &partnership::Practitioner) -> Self {
        let partnership::Practitioner {
            id,
            agency,
            name,
            role,
            external_id,
            active,
        } = p;
        Practitioner {
            id: id.0,
            agency: agency.0,
            name: name.to_string(),
            role: (*role).into(),
            external_id: external_id.clone(),
            active: *active,
        }
    }
}

impl From<Practitioner> for partnership::Practitioner {
    fn from(p: Practitioner) -> Self {
        partnership::Practitioner {
            id: p.id.into(),
            agency: p.agency.into(),
            name: p.name.into(),
            role: p.role.into(),
            external_id: p.external_id,
            active: p.active,
        }
    }
}

/// The lawful basis of an agreement: a name, or `{"other": "..."}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum LawfulBasis {
    /// `crime_and_disorder_act_s115`
    #[serde(rename = "crime_and_disorder_act_s115")]
    CrimeAndDisorderActS115,
    /// `consent`
    #[serde(rename = "consent")]
    Consent,
    /// `safeguarding_duty`
    #[serde(rename = "safeguarding_duty")]
    SafeguardingDuty,
    /// `public_task`
    #[serde(rename = "public_task")]
    PublicTask,
    /// `legal_obligation`
    #[serde(rename = "legal_obligation")]
    LegalObligation,
    /// `vital_interests`
    #[serde(rename = "vital_interests")]
    VitalInterests,
    /// `{"other": "..."}`
    #[serde(rename = "other")]
    Other(String),
}

impl From<&agreements::LawfulBasis> for LawfulBasis {
    fn from(b: &agreements::LawfulBasis) -> Self {
        use agreements::LawfulBasis as D;
        match b {
            D::CrimeAndDisorderActS115 => LawfulBasis::CrimeAndDisorderActS115,
            D::Consent => LawfulBasis::Consent,
            D::SafeguardingDuty => LawfulBasis::SafeguardingDuty,
            D::PublicTask => LawfulBasis::PublicTask,
            D::LegalObligation => LawfulBasis::LegalObligation,
            D::VitalInterests => LawfulBasis::VitalInterests,
            D::Other(text) => LawfulBasis::Other(text.clone()),
        }
    }
}

impl From<LawfulBasis> for agreements::LawfulBasis {
    fn from(b: LawfulBasis) -> Self {
        use agreements::LawfulBasis as D;
        match b {
            LawfulBasis::CrimeAndDisorderActS115 => D::CrimeAndDisorderActS115,
            LawfulBasis::Consent => D::Consent,
            LawfulBasis::SafeguardingDuty => D::SafeguardingDuty,
            LawfulBasis::PublicTask => D::PublicTask,
            LawfulBasis::LegalObligation => D::LegalObligation,
            LawfulBasis::VitalInterests => D::VitalInterests,
            LawfulBasis::Other(text) => D::Other(text),
        }
    }
}

/// An information sharing agreement as signed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Agreement {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "title")]
    title: String,
    #[serde(rename = "parties")]
    parties: Vec<Uuid>,
    #[serde(rename = "purposes")]
    purposes: Vec<String>,
    #[serde(rename = "lawful_basis")]
    lawful_basis: LawfulBasis,
    /// In the stored enum's order, as the domain's set orders them today.
    #[serde(rename = "categories")]
    categories: BTreeSet<InformationCategory>,
    #[serde(rename = "special_category")]
    special_category: bool,
    #[serde(rename = "starts")]
    starts: DateTime<Utc>,
    #[serde(rename = "ends")]
    ends: Option<DateTime<Utc>>,
}

impl From<&agreements::Agreement> for Agreement {
    fn from(a: &agreements::Agreement) -> Self {
        let agreements::Agreement {
            id,
            title,
            parties,
            purposes,
            lawful_basis,
            categories,
            special_category,
            starts,
            ends,
        } = a;
        Agreement {
            id: id.0,
            title: title.clone(),
            parties: parties.iter().map(|p| p.0).collect(),
            purposes: purposes.clone(),
            lawful_basis: lawful_basis.into(),
            categories: categories.iter().map(InformationCategory::from).collect(),
            special_category: *special_category,
            starts: *starts,
            ends: *ends,
        }
    }
}

impl From<Agreement> for agreements::Agreement {
    fn from(a: Agreement) -> Self {
        agreements::Agreement {
            id: a.id.into(),
            title: a.title,
            parties: a.parties.into_iter().map(Into::into).collect(),
            purposes: a.purposes,
            lawful_basis: a.lawful_basis.into(),
            categories: a
                .categories
                .into_iter()
                .map(entries::InformationCategory::from)
                .collect(),
            special_category: a.special_category,
            starts: a.starts,
            ends: a.ends,
        }
    }
}

/// A case subject: `{"kind": "person", "id": ...}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id")]
pub(crate) enum Subject {
    /// A person profile.
    #[serde(rename = "person")]
    Person(Uuid),
    /// A location profile.
    #[serde(rename = "location")]
    Location(Uuid),
    /// A group.
    #[serde(rename = "group")]
    Group(Uuid),
}

impl From<&cases::Subject> for Subject {
    fn from(s: &cases::Subject) -> Self {
        match *s {
            cases::Subject::Person(id) => Subject::Person(id.0),
            cases::Subject::Location(id) => Subject::Location(id.0),
            cases::Subject::Group(id) => Subject::Group(id.0),
        }
    }
}

impl From<Subject> for cases::Subject {
    fn from(s: Subject) -> Self {
        match s {
            Subject::Person(id) => cases::Subject::Person(id.into()),
            Subject::Location(id) => cases::Subject::Location(id.into()),
            Subject::Group(id) => cases::Subject::Group(id.into()),
        }
    }
}

/// A subject linked to a case in a role.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct LinkedSubject {
    #[serde(rename = "subject")]
    subject: Subject,
    #[serde(rename = "role")]
    role: SubjectRole,
}

impl From<&cases::LinkedSubject> for LinkedSubject {
    fn from(l: &cases::LinkedSubject) -> Self {
        let cases::LinkedSubject { subject, role } = l;
        LinkedSubject {
            subject: subject.into(),
            role: (*role).into(),
        }
    }
}

impl From<LinkedSubject> for cases::LinkedSubject {
    fn from(l: LinkedSubject) -> Self {
        cases::LinkedSubject {
            subject: l.subject.into(),
            role: l.role.into(),
        }
    }
}

/// A member of a case team: `{"kind": "agency", "id": ...}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id")]
pub(crate) enum TeamMember {
    /// A whole agency.
    #[serde(rename = "agency")]
    Agency(Uuid),
    /// One practitioner.
    #[serde(rename = "practitioner")]
    Practitioner(Uuid),
}

impl From<&cases::TeamMember> for TeamMember {
    fn from(m: &cases::TeamMember) -> Self {
        match *m {
            cases::TeamMember::Agency(id) => TeamMember::Agency(id.0),
            cases::TeamMember::Practitioner(id) => TeamMember::Practitioner(id.0),
        }
    }
}

impl From<TeamMember> for cases::TeamMember {
    fn from(m: TeamMember) -> Self {
        match m {
            TeamMember::Agency(id) => cases::TeamMember::Agency(id.into()),
            TeamMember::Practitioner(id) => cases::TeamMember::Practitioner(id.into()),
        }
    }
}

/// A case team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Team {
    #[serde(rename = "agencies")]
    agencies: BTreeSet<Uuid>,
    #[serde(rename = "practitioners")]
    practitioners: BTreeSet<Uuid>,
}

impl From<&cases::Team> for Team {
    fn from(t: &cases::Team) -> Self {
        let cases::Team {
            agencies,
            practitioners,
        } = t;
        Team {
            agencies: agencies.iter().map(|a| a.0).collect(),
            practitioners: practitioners.iter().map(|p| p.0).collect(),
        }
    }
}

impl From<Team> for cases::Team {
    fn from(t: Team) -> Self {
        cases::Team {
            agencies: t.agencies.into_iter().map(Into::into).collect(),
            practitioners: t.practitioners.into_iter().map(Into::into).collect(),
        }
    }
}

/// An entry on a case's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "case")]
    case: Uuid,
    #[serde(rename = "author")]
    author: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "kind")]
    kind: EntryKind,
    #[serde(rename = "category")]
    category: InformationCategory,
    #[serde(rename = "visibility")]
    visibility: Visibility,
    #[serde(rename = "sensitive")]
    sensitive: bool,
    #[serde(rename = "show_author")]
    show_author: bool,
    #[serde(rename = "text")]
    text: String,
}

impl From<&entries::Entry> for Entry {
    fn from(e: &entries::Entry) -> Self {
        let entries::Entry {
            id,
            case,
            author,
            agency,
            at,
            kind,
            category,
            visibility,
            sensitive,
            show_author,
            text,
        } = e;
        Entry {
            id: id.0,
            case: case.0,
            author: author.0,
            agency: agency.0,
            at: *at,
            kind: (*kind).into(),
            category: (*category).into(),
            visibility: (*visibility).into(),
            sensitive: *sensitive,
            show_author: *show_author,
            text: text.to_string(),
        }
    }
}

impl From<Entry> for entries::Entry {
    fn from(e: Entry) -> Self {
        entries::Entry {
            id: e.id.into(),
            case: e.case.into(),
            author: e.author.into(),
            agency: e.agency.into(),
            at: e.at,
            kind: e.kind.into(),
            category: e.category.into(),
            visibility: e.visibility.into(),
            sensitive: e.sensitive,
            show_author: e.show_author,
            text: e.text.into(),
        }
    }
}

/// A group as formed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Group {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "kind")]
    kind: GroupKind,
    #[serde(rename = "members")]
    members: BTreeSet<Uuid>,
    #[serde(rename = "recorded_by")]
    recorded_by: Uuid,
    #[serde(rename = "recorded_at")]
    recorded_at: DateTime<Utc>,
}

impl From<&groups::Group> for Group {
    fn from(g: &groups::Group) -> Self {
        let groups::Group {
            id,
            name,
            kind,
            members,
            recorded_by,
            recorded_at,
        } = g;
        Group {
            id: id.0,
            name: name.to_string(),
            kind: (*kind).into(),
            members: members.iter().map(|m| m.0).collect(),
            recorded_by: recorded_by.0,
            recorded_at: *recorded_at,
        }
    }
}

impl From<Group> for groups::Group {
    fn from(g: Group) -> Self {
        groups::Group {
            id: g.id.into(),
            name: g.name,
            kind: g.kind.into(),
            members: g.members.into_iter().map(Into::into).collect(),
            recorded_by: g.recorded_by.into(),
            recorded_at: g.recorded_at,
        }
    }
}

/// A validated identifier, in normalised form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Identifier {
    #[serde(rename = "kind")]
    kind: IdentifierKind,
    #[serde(rename = "value")]
    value: String,
}

impl From<&identifiers::Identifier> for Identifier {
    fn from(i: &identifiers::Identifier) -> Self {
        Identifier {
            kind: i.kind().into(),
            value: i.value().to_owned(),
        }
    }
}

impl TryFrom<Identifier> for identifiers::Identifier {
    type Error = Error;
    fn try_from(i: Identifier) -> Result<Self> {
        identifiers::Identifier::from_normalised(i.kind.into(), &i.value).map_err(|_| unreadable())
    }
}

/// A person profile. `T` is how its time is stored: the time itself in JSON (RFC 3339), whole
/// microseconds (`i64`) in the binary form of an import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Person<T> {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "aliases")]
    aliases: Vec<String>,
    #[serde(rename = "date_of_birth")]
    date_of_birth: Option<NaiveDate>,
    #[serde(rename = "identifiers")]
    identifiers: Vec<Identifier>,
    /// In the stored enum's order, as the domain's set orders them today.
    #[serde(rename = "flags")]
    flags: BTreeSet<VulnerabilityFlag>,
    #[serde(rename = "restricted")]
    restricted: bool,
    #[serde(rename = "recorded_by")]
    recorded_by: Uuid,
    #[serde(rename = "recorded_at")]
    recorded_at: T,
}

/// How a stored time is held: converted from and to the domain's time.
pub(crate) trait StoredTime: Sized {
    /// The stored form of `t`.
    fn store(t: &DateTime<Utc>) -> Self;
    /// The time back.
    fn load(self) -> Result<DateTime<Utc>>;
}

impl StoredTime for DateTime<Utc> {
    fn store(t: &DateTime<Utc>) -> Self {
        *t
    }
    fn load(self) -> Result<DateTime<Utc>> {
        Ok(self)
    }
}

impl StoredTime for i64 {
    fn store(t: &DateTime<Utc>) -> Self {
        super::micros(t)
    }
    fn load(self) -> Result<DateTime<Utc>> {
        super::from_micros(self)
    }
}

impl<T: StoredTime> From<&people::Person> for Person<T> {
    fn from(p: &people::Person) -> Self {
        let people::Person {
            id,
            name,
            aliases,
            date_of_birth,
            identifiers,
            flags,
            restricted,
            recorded_by,
            recorded_at,
            // Facts arrive by amendment (`record_amended`), never with the recording.
            facts: _,
        } = p;
        Person {
            id: id.0,
            name: name.clone(),
            aliases: aliases.clone(),
            date_of_birth: *date_of_birth,
            identifiers: each(identifiers),
            flags: flags.iter().map(|&f| f.into()).collect(),
            restricted: *restricted,
            recorded_by: recorded_by.0,
            recorded_at: T::store(recorded_at),
        }
    }
}

impl<T: StoredTime> TryFrom<Person<T>> for people::Person {
    type Error = Error;
    fn try_from(p: Person<T>) -> Result<Self> {
        Ok(people::Person {
            id: p.id.into(),
            name: p.name,
            aliases: p.aliases,
            date_of_birth: p.date_of_birth,
            identifiers: each_back(p.identifiers)?,
            flags: p.flags.into_iter().map(Into::into).collect(),
            restricted: p.restricted,
            recorded_by: p.recorded_by.into(),
            recorded_at: p.recorded_at.load()?,
            facts: Vec::new(),
        })
    }
}

/// A location's coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Coordinates {
    #[serde(rename = "lat")]
    lat: f64,
    #[serde(rename = "lon")]
    lon: f64,
}

impl From<locations::Coordinates> for Coordinates {
    fn from(c: locations::Coordinates) -> Self {
        Coordinates {
            lat: c.lat,
            lon: c.lon,
        }
    }
}

impl From<Coordinates> for locations::Coordinates {
    fn from(c: Coordinates) -> Self {
        locations::Coordinates {
            lat: c.lat,
            lon: c.lon,
        }
    }
}

/// A location profile; `T` as for [`Person`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Location<T> {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "label")]
    label: String,
    #[serde(rename = "address")]
    address: Option<String>,
    /// The normalised postcode.
    #[serde(rename = "postcode")]
    postcode: Option<String>,
    #[serde(rename = "uprn")]
    uprn: Option<u64>,
    #[serde(rename = "coordinates")]
    coordinates: Option<Coordinates>,
    #[serde(rename = "restricted")]
    restricted: bool,
    #[serde(rename = "recorded_by")]
    recorded_by: Uuid,
    #[serde(rename = "recorded_at")]
    recorded_at: T,
}

impl<T: StoredTime> From<&locations::Location> for Location<T> {
    fn from(l: &locations::Location) -> Self {
        let locations::Location {
            id,
            label,
            address,
            postcode,
            uprn,
            coordinates,
            restricted,
            recorded_by,
            recorded_at,
        } = l;
        Location {
            id: id.0,
            label: label.clone(),
            address: address.clone(),
            postcode: postcode.as_ref().map(|p| p.as_str().to_owned()),
            uprn: uprn.map(identifiers::Uprn::get),
            coordinates: coordinates.map(Into::into),
            restricted: *restricted,
            recorded_by: recorded_by.0,
            recorded_at: T::store(recorded_at),
        }
    }
}

impl<T: StoredTime> TryFrom<Location<T>> for locations::Location {
    type Error = Error;
    fn try_from(l: Location<T>) -> Result<Self> {
        Ok(locations::Location {
            id: l.id.into(),
            label: l.label,
            address: l.address,
            postcode: l
                .postcode
                .map(identifiers::Postcode::try_from)
                .transpose()
                .map_err(|_| unreadable())?,
            uprn: l
                .uprn
                .map(identifiers::Uprn::new)
                .transpose()
                .map_err(|_| unreadable())?,
            coordinates: l.coordinates.map(Into::into),
            restricted: l.restricted,
            recorded_by: l.recorded_by.into(),
            recorded_at: l.recorded_at.load()?,
        })
    }
}

impl Person<DateTime<Utc>> {
    /// The same profile with its time in whole microseconds, as the binary form holds it.
    pub(crate) fn in_micros(self) -> Person<i64> {
        Person {
            id: self.id,
            name: self.name,
            aliases: self.aliases,
            date_of_birth: self.date_of_birth,
            identifiers: self.identifiers,
            flags: self.flags,
            restricted: self.restricted,
            recorded_by: self.recorded_by,
            recorded_at: super::micros(&self.recorded_at),
        }
    }
}

impl Location<DateTime<Utc>> {
    /// The same profile with its time in whole microseconds, as the binary form holds it.
    pub(crate) fn in_micros(self) -> Location<i64> {
        Location {
            id: self.id,
            label: self.label,
            address: self.address,
            postcode: self.postcode,
            uprn: self.uprn,
            coordinates: self.coordinates,
            restricted: self.restricted,
            recorded_by: self.recorded_by,
            recorded_at: super::micros(&self.recorded_at),
        }
    }
}
