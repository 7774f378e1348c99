//! The sharing engine: for a viewer at a time, decides whether each piece of content is shown in
//! full, as a stub, or not at all, and says why.
//!
//! The rules (DESIGN.md section 4), in the order they are tried:
//!
//! 1. A viewer who is inactive, or whose agency is not a partnership member at the time of the
//!    read, sees nothing.
//! 2. An author sees their own entry; an agency sees its own content.
//! 3. Otherwise the content's visibility must reach the viewer (private: the author; agency: the
//!    author's agency; case team: practitioners on the case team; partnership: every partner)
//!    **and** an agreement active at the time of the read must bind the owning agency and the
//!    viewer's agency and cover the content's information category, special categories only
//!    where the agreement names them.
//! 4. Withheld content on a case the viewer's team works shows as a stub (who worked on the case,
//!    when, what kind of entry) unless the entry is sensitive, which hides even the stub.
//! 5. People and locations: full details for the recording agency, or for a practitioner on the
//!    team of a case about them under an agreement covering the details' category; otherwise
//!    the name and the agencies the subject is known to; a restricted profile hides even that.
//!
//! Decisions never fail: anything missing (an unknown case, agency or agreement) means withheld.
//! Every decision carries the [`Rule`] that made it, which is what [`Hub::explain`] returns. A
//! rule says no more than the view it explains: withheld content the viewer may know of is
//! [`Rule::NotShared`], without its category or visibility, which its stub does not show.
//!
//! [`Hub::explain`]: crate::Hub::explain

use crate::audit::ContentKind;
use crate::cases::{Case, Subject};
use crate::entries::{Entry, InformationCategory, Visibility};
use crate::ids::{
    AgencyId, AgreementId, CaseId, EntryId, GroupId, LocationId, PersonId, PractitionerId,
};
use crate::partnership::Practitioner;
use crate::state::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeSet;
use uuid::Uuid;

/// How much of a thing a viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Access {
    /// Nothing: not even that it exists.
    Nothing,
    /// That it exists, who worked on it and when, but not what it says.
    Stub,
    /// Everything.
    Full,
}

/// Why a decision came out the way it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Rule {
    /// The viewer wrote it.
    Author,
    /// The viewer's agency owns it.
    SameAgency,
    /// Shared under this agreement.
    Agreement {
        /// The agreement that covers it.
        agreement: AgreementId,
    },
    /// The viewer may know it exists but not read it: its visibility does not reach them, or no
    /// agreement active at the time of the read covers it between the agencies. Which of the
    /// two is not said, and neither the visibility nor the category is named: the stub shows
    /// who, when and what kind, and its explanation may say no more.
    NotShared,
    /// The viewer is not on the case team.
    NotOnTeam,
    /// The viewer has no access to any case about this person or place.
    NoCaseAccess,
    /// The author marked it sensitive: even the stub is hidden.
    Sensitive,
    /// The profile is restricted: even the name is hidden.
    Restricted,
    /// The viewer is inactive or their agency is not a member at the time of the read.
    ViewerNotMember,
    /// The public answer for anything the viewer may not know exists, whichever rule withheld
    /// it, so that the rule itself (a sensitive entry, a restricted profile) does not leak.
    Withheld,
}

impl Rule {
    /// A sentence for an explanation screen, free of personal data.
    pub fn describe(&self) -> String {
        match self {
            Rule::Author => "you wrote it".into(),
            Rule::SameAgency => "your agency owns it".into(),
            Rule::Agreement { agreement } => format!("shared under agreement {agreement}"),
            Rule::NotShared => {
                "its content is not shared with you (by its visibility or the agreements in \
                 force): ask the agency that holds it"
                    .into()
            }
            Rule::NotOnTeam => "you are not on the case team".into(),
            Rule::NoCaseAccess => {
                "you have no access to a case about it: ask the agencies it is known to".into()
            }
            Rule::Sensitive => "its author marked it sensitive".into(),
            Rule::Restricted => "the profile is restricted".into(),
            Rule::ViewerNotMember => "you are not an active member of the partnership".into(),
            Rule::Withheld => "nothing to show: it does not exist or you may not know of it".into(),
        }
    }
}

/// A decision: how much, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Decision {
    /// How much the viewer sees.
    pub access: Access,
    /// Which rule decided it.
    pub rule: Rule,
}

impl Decision {
    fn full(rule: Rule) -> Self {
        Decision {
            access: Access::Full,
            rule,
        }
    }
    fn stub(rule: Rule) -> Self {
        Decision {
            access: Access::Stub,
            rule,
        }
    }
    fn nothing(rule: Rule) -> Self {
        Decision {
            access: Access::Nothing,
            rule,
        }
    }

    /// The agreement the content crossed under, if it crossed agencies.
    pub fn agreement(&self) -> Option<AgreementId> {
        match (self.access, self.rule) {
            (Access::Full, Rule::Agreement { agreement }) => Some(agreement),
            _ => None,
        }
    }
}

/// What the engine needs to know of a piece of content to decide on it.
pub(crate) struct Content<'a> {
    /// The agency that owns it.
    pub owner: AgencyId,
    /// Who wrote it, if one practitioner did.
    pub author: Option<PractitionerId>,
    /// Its information category.
    pub category: InformationCategory,
    /// How far its author let it reach.
    pub visibility: Visibility,
    /// The case it belongs to, if any: team membership reaches case-team content and earns
    /// stubs.
    pub case: Option<&'a Case>,
    /// Whether even the stub is hidden.
    pub sensitive: bool,
    /// What it is, for the items an owner may disclose at a hub meeting (an entry, a risk
    /// assessment, a task): a disclosure recorded for it reaches its recipients (see
    /// [`Engine::content`]). `None` for content that cannot be disclosed that way.
    pub item: Option<(ContentKind, Uuid)>,
}

/// What the engine decides on for an entry.
pub(crate) fn entry_content<'a>(state: &'a State, entry: &Entry) -> Content<'a> {
    Content {
        owner: entry.agency,
        author: Some(entry.author),
        category: entry.category,
        visibility: entry.visibility,
        case: state.cases.get(&entry.case),
        sensitive: entry.sensitive,
        item: Some((ContentKind::Entry, entry.id.0)),
    }
}

/// A viewer resolved against a state at a time: the one place sharing decisions are made.
pub(crate) struct Engine<'s> {
    pub state: &'s State,
    pub viewer: &'s Practitioner,
    pub at: DateTime<Utc>,
    /// False when the viewer may read nothing at all (rule 1); checked once.
    member: bool,
    /// Rule 3's agreement test, remembered per owner and category for this engine's life (one
    /// read): it depends on nothing else (the state, the viewer's agency and the time are fixed),
    /// and a 200-entry case asks it for the same few pairs 200 times. A read meets a handful of
    /// owners and categories, so a list beats a map. A `Cell` taken and put back, not a
    /// `RefCell`, so that no borrow can fail.
    crossings: Cell<Vec<(AgencyId, InformationCategory, Decision)>>,
}

impl<'s> Engine<'s> {
    /// The engine for `viewer` reading `state` at `at`. Unknown viewers get `None`.
    pub fn new(state: &'s State, viewer: PractitionerId, at: DateTime<Utc>) -> Option<Self> {
        let viewer = state.practitioners.get(&viewer)?;
        let member = viewer.active
            && state
                .agencies
                .get(&viewer.agency)
                .is_some_and(|a| a.is_member_at(at));
        Some(Engine {
            state,
            viewer,
            at,
            member,
            crossings: Cell::new(Vec::new()),
        })
    }

    /// Whether the viewer may read at all.
    pub fn is_member(&self) -> bool {
        self.member
    }

    /// The viewer's agency.
    pub fn agency(&self) -> AgencyId {
        self.viewer.agency
    }

    /// Whether the viewer is on the case's team.
    pub fn on_team(&self, case: &Case) -> bool {
        case.team.includes(self.viewer.id, self.viewer.agency)
    }

    /// Rule 3's agreement test: may `category` content owned by `owner` cross to the viewer?
    /// Decided once per owner and category (see `crossings`).
    fn crossing(&self, owner: AgencyId, category: InformationCategory) -> Decision {
        if owner == self.viewer.agency {
            return Decision::full(Rule::SameAgency);
        }
        let mut known = self.crossings.take();
        let d = match known.iter().find(|(o, c, _)| *o == owner && *c == category) {
            Some((_, _, d)) => *d,
            None => {
                let d = self.agreement_test(owner, category);
                known.push((owner, category, d));
                d
            }
        };
        self.crossings.set(known);
        d
    }

    /// Rule 3's agreement test for another agency's content, decided afresh.
    fn agreement_test(&self, owner: AgencyId, category: InformationCategory) -> Decision {
        match self
            .state
            .agreement_covering(owner, self.viewer.agency, category, self.at)
        {
            Some(agreement) => Decision::full(Rule::Agreement { agreement }),
            None => Decision::stub(Rule::NotShared),
        }
    }

    /// Decides on an entry of a case.
    pub fn entry(&self, entry: &Entry) -> Decision {
        self.entry_on(entry, self.state.cases.get(&entry.case))
    }

    /// Decides on an entry of `case` (its own case, already looked up by the caller reading the
    /// case's timeline).
    pub fn entry_on(&self, entry: &Entry, case: Option<&Case>) -> Decision {
        self.content(&Content {
            case,
            ..entry_content(self.state, entry)
        })
    }

    /// Decides on any piece of content (an entry, a risk assessment, a task answer, an
    /// incident): rules 1 to 4 of the module doc. Content outside a case shows no stub.
    ///
    /// Content its owner disclosed at a hub meeting to the viewer (recorded as one of the
    /// disclosure's recipients) is read in full where an agreement in force now covers its
    /// category between the owner and the viewer's agency: the owner's choice to disclose stands
    /// for visibility, team membership and the sensitive mark, as an addressee's does in
    /// [`Engine::addressed`]. The disclosures are looked up only when the ordinary decision is
    /// not already full.
    pub fn content(&self, c: &Content<'_>) -> Decision {
        let d = self.ordinary(c);
        if d.access == Access::Full || !self.member {
            return d;
        }
        match c.item {
            Some((kind, id)) if self.state.meetings.disclosed_to(kind, id, self.viewer.id) => {
                let granted = self.crossing(c.owner, c.category);
                if granted.access == Access::Full {
                    granted
                } else {
                    d
                }
            }
            _ => d,
        }
    }

    /// Rules 1 to 4 alone.
    fn ordinary(&self, c: &Content<'_>) -> Decision {
        if !self.member {
            return Decision::nothing(Rule::ViewerNotMember);
        }
        if c.author == Some(self.viewer.id) {
            return Decision::full(Rule::Author);
        }
        let on_team = c.case.is_some_and(|case| self.on_team(case));
        let reached = match c.visibility {
            Visibility::Private => false,
            Visibility::Agency => c.owner == self.viewer.agency,
            Visibility::CaseTeam => on_team,
            Visibility::Partnership => true,
        };
        if reached {
            let d = self.crossing(c.owner, c.category);
            if d.access == Access::Full {
                return d;
            }
        }
        if c.sensitive {
            Decision::nothing(Rule::Sensitive)
        } else if on_team {
            Decision::stub(Rule::NotShared)
        } else {
            Decision::nothing(Rule::NotOnTeam)
        }
    }

    /// Decides on content its author addressed to someone (a task to its assignee, a referral
    /// to the receiving agency, a reason given back): for the addressee the author's choice to
    /// send it stands for visibility, so only the agreement test (rule 3) applies; where no
    /// agreement covers it the addressee still sees the stub, since they were told it exists.
    /// For everyone else it is ordinary content (rules 1 to 4).
    pub fn addressed(&self, c: &Content<'_>, to_viewer: bool) -> Decision {
        if !to_viewer {
            return self.content(c);
        }
        let d = self.content(&Content {
            owner: c.owner,
            author: c.author,
            category: c.category,
            visibility: Visibility::Partnership,
            case: c.case,
            sensitive: false,
            item: c.item,
        });
        match d.access {
            Access::Nothing if self.member => Decision::stub(Rule::NotShared),
            _ => d,
        }
    }

    /// Decides on a case's header (type, title, subjects, timeline). Partners off the team see a
    /// stub: the lead agency and the agencies involved, so they know whom to ask.
    pub fn case(&self, case: &Case) -> Decision {
        if !self.member {
            return Decision::nothing(Rule::ViewerNotMember);
        }
        if !self.on_team(case) {
            return Decision::stub(Rule::NotOnTeam);
        }
        self.crossing(case.lead_agency, case.case_type.category())
    }

    /// Whether the viewer may see that hidden (sensitive) entries exist on a case: supervisors of
    /// the lead agency (rule 3 of DESIGN.md section 4).
    pub fn sees_hidden_marker(&self, case: &Case) -> bool {
        self.member && self.viewer.agency == case.lead_agency && self.viewer.role.is_supervisor()
    }

    /// Decides on a subject's details. `category` is the details' category, `owner` the
    /// recording agency.
    fn subject(
        &self,
        subject: Subject,
        owner: AgencyId,
        category: InformationCategory,
        restricted: bool,
    ) -> Decision {
        if !self.member {
            return Decision::nothing(Rule::ViewerNotMember);
        }
        if owner == self.viewer.agency {
            return Decision::full(Rule::SameAgency);
        }
        let case_access = self.state.cases_of(subject).any(|c| self.on_team(c));
        let d = if case_access {
            self.crossing(owner, category)
        } else {
            Decision::stub(Rule::NoCaseAccess)
        };
        match d.access {
            Access::Full => d,
            _ if restricted => Decision::nothing(Rule::Restricted),
            _ => d,
        }
    }

    /// Decides on a person's details.
    pub fn person(&self, person: &crate::people::Person) -> Decision {
        self.subject(
            Subject::Person(person.id),
            person.recorded_by,
            InformationCategory::PersonalDetails,
            person.restricted,
        )
    }

    /// Decides on a location's details.
    pub fn location(&self, location: &crate::locations::Location) -> Decision {
        self.subject(
            Subject::Location(location.id),
            location.recorded_by,
            InformationCategory::Location,
            location.restricted,
        )
    }

    /// Decides on a group's membership.
    pub fn group(&self, group: &crate::groups::Group) -> Decision {
        self.subject(
            Subject::Group(group.id),
            group.recorded_by,
            InformationCategory::PersonalDetails,
            false,
        )
    }

    /// Decides on one of an agency's facts about `person` (rule 5 applied per fact): full for
    /// the fact's agency, and for a practitioner on the team of a case about the person where an
    /// agreement covers the fact's category; otherwise a stub (the viewer who reads the profile
    /// is told which agency holds it) unless the fact is its agency's only, which nobody else
    /// may know exists.
    pub fn fact(&self, person: &crate::people::Person, fact: &crate::people::Fact) -> Decision {
        if !self.member {
            return Decision::nothing(Rule::ViewerNotMember);
        }
        if fact.agency == self.viewer.agency {
            return Decision::full(Rule::SameAgency);
        }
        if fact.sharing == crate::people::FactSharing::AgencyOnly {
            return Decision::nothing(Rule::Withheld);
        }
        let case_access = self
            .state
            .cases_of(Subject::Person(person.id))
            .any(|c| self.on_team(c));
        if case_access {
            let d = self.crossing(fact.agency, fact.category);
            if d.access == Access::Full {
                return d;
            }
        }
        Decision::stub(Rule::NotShared)
    }

    /// Decides on one piece of a subject's details of a finer category (a health flag on a
    /// person): the details' own decision must be full, and the finer category must cross too.
    pub fn detail(&self, owner: AgencyId, category: InformationCategory) -> Decision {
        self.crossing(owner, category)
    }

    /// The agencies a subject is known to: its recorder, everyone who has worked a case about
    /// it, and for a person the agencies holding facts about them that are shared under the
    /// agreements (an agency's own facts tell no one). Not content: it is what a stub shows so
    /// a practitioner knows whom to ask.
    pub fn known_to(&self, subject: Subject, recorded_by: AgencyId) -> BTreeSet<AgencyId> {
        let mut agencies: BTreeSet<AgencyId> = self
            .state
            .cases_of(subject)
            .flat_map(|c| c.involved())
            .collect();
        agencies.insert(recorded_by);
        if let Subject::Person(id) = subject {
            let held = self.state.persons.get(&id).into_iter().flat_map(|p| {
                p.facts
                    .iter()
                    .filter(|f| f.sharing == crate::people::FactSharing::UnderAgreements)
                    .map(|f| f.agency)
            });
            agencies.extend(held);
        }
        agencies
    }
}

/// Something the sharing engine can explain a decision about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Target {
    /// A case.
    Case(CaseId),
    /// An entry.
    Entry(EntryId),
    /// A person.
    Person(PersonId),
    /// A location.
    Location(LocationId),
    /// A group.
    Group(GroupId),
}
