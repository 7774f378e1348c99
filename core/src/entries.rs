//! Entries: the timeline of a case (notes, actions, contacts, document references, decisions),
//! with the information category and visibility that the sharing rules read.
//!
//! The author chooses an entry's visibility (default: the case team) and may mark it sensitive,
//! which hides even the stub that tells others the author's agency worked on the case
//! (DESIGN.md section 4, rules 1 and 3).

use crate::ids::{AgencyId, CaseId, EntryId, PractitionerId};
use crate::text::SharedText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How far an entry's content reaches, before agreements are consulted.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Visibility {
    /// Its author only.
    Private,
    /// The author's agency.
    Agency,
    /// Practitioners on the case team (the default).
    #[default]
    CaseTeam,
    /// Every partner agency.
    Partnership,
}

impl Visibility {
    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Agency => "agency",
            Visibility::CaseTeam => "case_team",
            Visibility::Partnership => "partnership",
        }
    }
}

/// The kind of information a piece of content is. Agreements list the categories they cover;
/// the special categories of UK GDPR Article 9 are covered only where an agreement names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum InformationCategory {
    /// General case work: notes, actions, meetings.
    General,
    /// A person's details: date of birth, identifiers, aliases, vulnerability flags.
    PersonalDetails,
    /// Addresses and places.
    Location,
    /// Anti-social behaviour.
    Asb,
    /// Crime and police intelligence (criminal offence data, UK GDPR Article 10).
    Crime,
    /// Domestic abuse.
    DomesticAbuse,
    /// Safeguarding of children or adults.
    Safeguarding,
    /// Tenancy and housing management.
    Housing,
    /// Risk assessments.
    RiskAssessment,
    /// Physical health (special category).
    Health,
    /// Mental health (special category).
    MentalHealth,
    /// Drug and alcohol treatment (special category: health).
    SubstanceMisuse,
    /// Racial or ethnic origin, religion, sexual orientation (special category): often the
    /// substance of a hate crime record.
    ProtectedCharacteristics,
}

impl InformationCategory {
    /// Every category, in declaration order.
    pub const ALL: [InformationCategory; 13] = [
        InformationCategory::General,
        InformationCategory::PersonalDetails,
        InformationCategory::Location,
        InformationCategory::Asb,
        InformationCategory::Crime,
        InformationCategory::DomesticAbuse,
        InformationCategory::Safeguarding,
        InformationCategory::Housing,
        InformationCategory::RiskAssessment,
        InformationCategory::Health,
        InformationCategory::MentalHealth,
        InformationCategory::SubstanceMisuse,
        InformationCategory::ProtectedCharacteristics,
    ];

    /// Whether this is special category data (UK GDPR Article 9), which an agreement must name.
    pub fn is_special(self) -> bool {
        matches!(
            self,
            InformationCategory::Health
                | InformationCategory::MentalHealth
                | InformationCategory::SubstanceMisuse
                | InformationCategory::ProtectedCharacteristics
        )
    }

    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            InformationCategory::General => "general",
            InformationCategory::PersonalDetails => "personal_details",
            InformationCategory::Location => "location",
            InformationCategory::Asb => "asb",
            InformationCategory::Crime => "crime",
            InformationCategory::DomesticAbuse => "domestic_abuse",
            InformationCategory::Safeguarding => "safeguarding",
            InformationCategory::Housing => "housing",
            InformationCategory::RiskAssessment => "risk_assessment",
            InformationCategory::Health => "health",
            InformationCategory::MentalHealth => "mental_health",
            InformationCategory::SubstanceMisuse => "substance_misuse",
            InformationCategory::ProtectedCharacteristics => "protected_characteristics",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of information categories, as a bit set: the sharing decision tests membership in a
/// single instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u32);

impl CategorySet {
    /// The empty set.
    pub const fn empty() -> Self {
        CategorySet(0)
    }

    /// Every category that is not special category data.
    pub fn all_standard() -> Self {
        InformationCategory::ALL
            .iter()
            .filter(|c| !c.is_special())
            .copied()
            .collect()
    }

    /// Whether `category` is in the set.
    pub fn contains(self, category: InformationCategory) -> bool {
        self.0 & category.bit() != 0
    }

    /// Adds `category`.
    pub fn insert(&mut self, category: InformationCategory) {
        self.0 |= category.bit();
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = InformationCategory> {
        InformationCategory::ALL
            .into_iter()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<InformationCategory> for CategorySet {
    fn from_iter<I: IntoIterator<Item = InformationCategory>>(iter: I) -> Self {
        let mut set = CategorySet::empty();
        for c in iter {
            set.insert(c);
        }
        set
    }
}

impl Serialize for CategorySet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for CategorySet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<InformationCategory>::deserialize(d)?;
        Ok(list.into_iter().collect())
    }
}

/// What sort of entry this is: shown in stubs ("Housing worked on this case on 3 March (note)").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EntryKind {
    /// A case note.
    Note,
    /// A record of an action taken.
    Action,
    /// A contact with the subject or a third party.
    Contact,
    /// A reference to a document held elsewhere.
    DocumentReference,
    /// A decision, e.g. at a case conference.
    Decision,
    /// The answer to a task.
    TaskAnswer,
}

impl EntryKind {
    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::Action => "action",
            EntryKind::Contact => "contact",
            EntryKind::DocumentReference => "document_reference",
            EntryKind::Decision => "decision",
            EntryKind::TaskAnswer => "task_answer",
        }
    }
}

/// An entry on a case's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its id.
    pub id: EntryId,
    /// The case it belongs to.
    pub case: CaseId,
    /// Who wrote it.
    pub author: PractitionerId,
    /// The author's agency when it was written: the owner of the content.
    pub agency: AgencyId,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// What sort of entry it is.
    pub kind: EntryKind,
    /// The information category the sharing rules read.
    pub category: InformationCategory,
    /// How far it reaches.
    pub visibility: Visibility,
    /// Whether even the stub is hidden from those who cannot read it.
    pub sensitive: bool,
    /// Whether the stub names the author (else only the agency).
    pub show_author: bool,
    /// The content, shared with the views that show it.
    pub text: SharedText,
}

/// A new entry on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewEntry {
    /// What sort of entry.
    pub kind: EntryKind,
    /// Its information category.
    pub category: InformationCategory,
    /// The content.
    pub text: String,
    /// How far it reaches (default: the case team).
    pub visibility: Visibility,
    /// Hide even the stub from those who cannot read it.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub sensitive: bool,
    /// Name the author in stubs (default); else only the agency.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub show_author: bool,
}

impl NewEntry {
    /// A case note of general category, visible to the case team.
    pub fn note(text: impl Into<String>) -> Self {
        NewEntry {
            kind: EntryKind::Note,
            category: InformationCategory::General,
            text: text.into(),
            visibility: Visibility::CaseTeam,
            sensitive: false,
            show_author: true,
        }
    }

    /// The same entry with another visibility.
    pub fn visible_to(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }

    /// The same entry in another category.
    pub fn category(mut self, category: InformationCategory) -> Self {
        self.category = category;
        self
    }

    /// The same entry, marked sensitive.
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }
}
