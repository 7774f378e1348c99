//! safehub for JavaScript: a thin wasm-bindgen wrapper over the core. No domain logic lives here.
//!
//! One class, [`Hub`], with the core's methods in camelCase. Records cross the boundary as plain
//! JS objects shaped exactly like the core's own serde types (no mirror types here): inputs are
//! read with serde-wasm-bindgen, results are written with its JSON-compatible serializer, so
//! maps are plain objects, times are RFC 3339 strings and absent values are `null`. The
//! TypeScript declarations of those records come from `tsify` derives on the core's types (core
//! feature `wasm`). Ids are strings. Every failure is a JS `Error` whose `code` is the core's
//! stable [`safehub::ErrorCode`] string and whose message carries no personal data.
//!
//! The journal lives in memory; [`Hub::export_journal`] and [`Hub::import`] hand its bytes to
//! the host, which persists them where it likes (IndexedDB, its server).

use safehub as sh;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

// Names the core's TypeScript declarations use for types from other crates.
#[wasm_bindgen(typescript_custom_section)]
const FOREIGN_TYPES: &str = r#"
/** A UTC time as RFC 3339 text, e.g. "2026-03-03T09:00:00Z" (the core's chrono `DateTime<Utc>`). */
export type DateTime<Tz = Utc> = string;
/** The time zone of every `DateTime`: always UTC. */
export type Utc = "UTC";
/** A UUID in its hyphenated text form (ids of consulted items). */
export type Uuid = string;
/** A calendar date as "YYYY-MM-DD" (the core's chrono `NaiveDate`). */
export type NaiveDate = string;
/** What every failing call throws: a JS `Error` with the core's stable code. */
export interface SafehubError extends Error {
    name: "SafehubError";
    code: "invalid_input" | "invalid_identifier" | "not_found" | "forbidden" | "invalid_transition" | "conflict" | "tampered" | "storage";
}
"#;

/// The version of the safehub core this module wraps.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Why a call failed, before it becomes a JS `Error`.
pub enum Failure {
    /// The core refused or failed.
    Core(sh::Error),
    /// An argument did not have the shape of its TypeScript type.
    Input {
        /// The argument, e.g. `"viewer"`.
        what: &'static str,
        /// serde's complaint, kept only when it names a field rather than echoing a value.
        detail: Option<String>,
    },
}

impl From<sh::Error> for Failure {
    fn from(e: sh::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> Self {
        let (code, message) = match f {
            Failure::Core(e) => (e.code().as_str(), e.to_string()),
            Failure::Input { what, detail } => (
                sh::ErrorCode::InvalidInput.as_str(),
                match detail {
                    Some(d) => format!("invalid {what}: {d}"),
                    None => format!("invalid {what}: not of the expected type"),
                },
            ),
        };
        let error = js_sys::Error::new(&message);
        error.set_name("SafehubError");
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
        error.into()
    }
}

type Result<T> = std::result::Result<T, Failure>;

/// Reads a JS value as the core type `T`. serde's message is passed on only when it names a
/// field (missing or unknown): other messages can quote the value, which may be personal data.
fn arg<T: DeserializeOwned>(what: &'static str, value: JsValue) -> Result<T> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        // serde-wasm-bindgen's errors are JS Errors: their text starts "Error: ".
        let text = e.to_string();
        let text = text.strip_prefix("Error: ").unwrap_or(&text);
        let names_a_field = text.starts_with("missing field") || text.starts_with("unknown field");
        Failure::Input {
            what,
            detail: names_a_field.then(|| text.to_owned()),
        }
    })
}

/// Parses an id given as a string.
fn id<T: std::str::FromStr<Err = sh::Error>>(text: &str) -> Result<T> {
    Ok(text.parse()?)
}

/// Writes a core value as a plain JS value (objects for maps, strings for times, null for none).
fn out<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Failure::Core(sh::Error::Storage("a result could not be converted".into())))
}

/// The multi-agency case management hub, held in memory. Every change takes the acting
/// practitioner's id; every read takes a `Viewer` and returns what the sharing rules allow.
#[wasm_bindgen]
pub struct Hub {
    core: sh::Hub,
}

#[wasm_bindgen]
impl Hub {
    /// An empty hub in memory, with the system clock and random ids.
    #[wasm_bindgen(js_name = inMemory)]
    pub fn in_memory() -> Result<Hub> {
        Ok(Hub {
            core: sh::Hub::open_in_memory()?,
        })
    }

    /// A hub from bytes made by `exportJournal`, checking the journal's hash chain.
    #[wasm_bindgen(js_name = import)]
    pub fn import(bytes: &[u8]) -> Result<Hub> {
        Ok(Hub {
            core: sh::Hub::builder().import(bytes)?,
        })
    }

    /// The whole journal as bytes, for the host to persist (partnership admins only: it carries
    /// every agency's content).
    #[wasm_bindgen(js_name = exportJournal)]
    pub fn export_journal(&self, actor: &str) -> Result<Vec<u8>> {
        Ok(self.core.export_journal(id(actor)?)?)
    }

    /// Checks the whole hash chain of the journal.
    #[wasm_bindgen(unchecked_return_type = "Integrity")]
    pub fn verify(&self) -> Result<JsValue> {
        out(&self.core.verify()?)
    }

    /// A SHA-256 digest of the projected state: two hubs holding the same journal agree.
    #[wasm_bindgen(js_name = stateDigest)]
    pub fn state_digest(&self) -> Result<String> {
        Ok(self.core.state_digest()?)
    }

    // ---- the partnership ---------------------------------------------------------------------

    /// Sets up a new hub: its name, the hosting agency and that agency's partnership admin.
    #[wasm_bindgen(unchecked_return_type = "Established")]
    pub fn establish(
        &self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAgency")] agency: JsValue,
        #[wasm_bindgen(js_name = adminName)] admin_name: &str,
    ) -> Result<JsValue> {
        out(&self
            .core
            .establish(name, arg("agency", agency)?, admin_name)?)
    }

    /// Adds an agency to the partnership; returns its id.
    #[wasm_bindgen(js_name = addAgency)]
    pub fn add_agency(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAgency")] agency: JsValue,
    ) -> Result<String> {
        let agency = self.core.add_agency(id(actor)?, arg("agency", agency)?)?;
        Ok(agency.to_string())
    }

    /// The partnership's agencies: a directory, not content.
    #[wasm_bindgen(unchecked_return_type = "AgencyRef[]")]
    pub fn agencies(&self) -> Result<JsValue> {
        out(&self.core.agencies())
    }

    /// Registers a practitioner; returns their id.
    #[wasm_bindgen(js_name = registerPractitioner)]
    pub fn register_practitioner(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewPractitioner")] practitioner: JsValue,
    ) -> Result<String> {
        let p = arg("practitioner", practitioner)?;
        Ok(self.core.register_practitioner(id(actor)?, p)?.to_string())
    }

    /// Signs an information sharing agreement; returns its id.
    #[wasm_bindgen(js_name = signAgreement)]
    pub fn sign_agreement(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAgreement")] agreement: JsValue,
    ) -> Result<String> {
        let a = arg("agreement", agreement)?;
        Ok(self.core.sign_agreement(id(actor)?, a)?.to_string())
    }

    // ---- people and places -------------------------------------------------------------------

    /// Records a person profile, owned by the actor's agency; returns its id.
    #[wasm_bindgen(js_name = recordPerson)]
    pub fn record_person(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewPerson")] person: JsValue,
    ) -> Result<String> {
        let p = arg("person", person)?;
        Ok(self.core.record_person(id(actor)?, p)?.to_string())
    }

    /// Records a location profile, owned by the actor's agency; returns its id.
    #[wasm_bindgen(js_name = recordLocation)]
    pub fn record_location(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewLocation")] location: JsValue,
    ) -> Result<String> {
        let l = arg("location", location)?;
        Ok(self.core.record_location(id(actor)?, l)?.to_string())
    }

    // ---- cases -------------------------------------------------------------------------------

    /// Opens a case led by the actor's agency; returns its id.
    #[wasm_bindgen(js_name = openCase)]
    pub fn open_case(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewCase")] case: JsValue,
    ) -> Result<String> {
        let c = arg("case", case)?;
        Ok(self.core.open_case(id(actor)?, c)?.to_string())
    }

    /// Adds an agency or practitioner to a case team.
    #[wasm_bindgen(js_name = addTeamMember)]
    pub fn add_team_member(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "TeamMember")] member: JsValue,
    ) -> Result<()> {
        let member = arg("member", member)?;
        Ok(self.core.add_team_member(id(actor)?, id(case)?, member)?)
    }

    /// Links a person, location or group to a case in a role.
    #[wasm_bindgen(js_name = linkSubject)]
    pub fn link_subject(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "Subject")] subject: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SubjectRole")] role: JsValue,
    ) -> Result<()> {
        let (subject, role) = (arg("subject", subject)?, arg("role", role)?);
        Ok(self
            .core
            .link_subject(id(actor)?, id(case)?, subject, role)?)
    }

    /// Writes an entry on a case the actor works; returns its id.
    #[wasm_bindgen(js_name = addEntry)]
    pub fn add_entry(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "NewEntry")] entry: JsValue,
    ) -> Result<String> {
        let e = arg("entry", entry)?;
        Ok(self.core.add_entry(id(actor)?, id(case)?, e)?.to_string())
    }

    /// Changes who may see an entry (an audited event).
    #[wasm_bindgen(js_name = changeEntryVisibility)]
    pub fn change_entry_visibility(
        &self,
        actor: &str,
        entry: &str,
        #[wasm_bindgen(unchecked_param_type = "Visibility")] visibility: JsValue,
        sensitive: bool,
    ) -> Result<()> {
        let visibility = arg("visibility", visibility)?;
        Ok(self
            .core
            .change_entry_visibility(id(actor)?, id(entry)?, visibility, sensitive)?)
    }

    // ---- reads -------------------------------------------------------------------------------

    /// A case as the viewer may see it: in full with each entry decided, or as a stub.
    #[wasm_bindgen(unchecked_return_type = "CaseView")]
    pub fn case(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        case: &str,
    ) -> Result<JsValue> {
        out(&self.core.case(&arg("viewer", viewer)?, id(case)?)?)
    }

    /// The cases the viewer may read in full, most recently opened first.
    #[wasm_bindgen(unchecked_return_type = "CaseSummary[]")]
    pub fn cases(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.cases(&arg("viewer", viewer)?)?)
    }

    /// A person as the viewer may see them.
    #[wasm_bindgen(unchecked_return_type = "PersonView")]
    pub fn person(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        person: &str,
    ) -> Result<JsValue> {
        out(&self.core.person(&arg("viewer", viewer)?, id(person)?)?)
    }

    /// A location as the viewer may see it.
    #[wasm_bindgen(unchecked_return_type = "LocationView")]
    pub fn location(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        location: &str,
    ) -> Result<JsValue> {
        out(&self.core.location(&arg("viewer", viewer)?, id(location)?)?)
    }

    /// People matching `query`, as full views or stubs saying whom to ask.
    #[wasm_bindgen(js_name = searchPeople, unchecked_return_type = "PersonView[]")]
    pub fn search_people(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        query: &str,
    ) -> Result<JsValue> {
        out(&self.core.search_people(&arg("viewer", viewer)?, query)?)
    }

    /// Why the viewer sees what they see of one thing.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Target")] target: JsValue,
    ) -> Result<JsValue> {
        let target = arg("target", target)?;
        out(&self.core.explain(&arg("viewer", viewer)?, target)?)
    }

    /// Who consulted the viewer's agency's information between `from` and `to` (RFC 3339).
    #[wasm_bindgen(unchecked_return_type = "Consultation[]")]
    pub fn consultations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] to: JsValue,
    ) -> Result<JsValue> {
        let (from, to) = (arg("from", from)?, arg("to", to)?);
        out(&self.core.consultations(&arg("viewer", viewer)?, from, to)?)
    }

    // ---- risk --------------------------------------------------------------------------------

    /// Registers a risk template (a new id, or a new version of one).
    #[wasm_bindgen(js_name = registerTemplate)]
    pub fn register_template(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "Template")] template: JsValue,
    ) -> Result<()> {
        let template = arg("template", template)?;
        Ok(self.core.register_template(id(actor)?, template)?)
    }

    /// Every template the hub offers, each version.
    #[wasm_bindgen(unchecked_return_type = "TemplateSummary[]")]
    pub fn templates(&self) -> Result<JsValue> {
        out(&self.core.templates())
    }

    /// Records a risk assessment; returns its id.
    #[wasm_bindgen(js_name = recordAssessment)]
    pub fn record_assessment(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAssessment")] assessment: JsValue,
    ) -> Result<String> {
        let a = arg("assessment", assessment)?;
        Ok(self.core.record_assessment(id(actor)?, a)?.to_string())
    }

    /// Raises or lowers an assessment's level, with a reason.
    #[wasm_bindgen(js_name = overrideAssessment)]
    pub fn override_assessment(
        &self,
        actor: &str,
        assessment: &str,
        #[wasm_bindgen(unchecked_param_type = "Level")] level: JsValue,
        reason: &str,
    ) -> Result<()> {
        let level = arg("level", level)?;
        Ok(self
            .core
            .override_assessment(id(actor)?, id(assessment)?, level, reason)?)
    }

    /// The assessments on a case as the viewer may see them.
    #[wasm_bindgen(unchecked_return_type = "AssessmentView[]")]
    pub fn assessments(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        case: &str,
    ) -> Result<JsValue> {
        out(&self.core.assessments(&arg("viewer", viewer)?, id(case)?)?)
    }

    /// The people at greatest risk, ranked, at most `limit` rows, built only from assessments
    /// the viewer may read in full.
    #[wasm_bindgen(js_name = priorityList, unchecked_return_type = "PriorityRow[]")]
    pub fn priority_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        limit: usize,
    ) -> Result<JsValue> {
        out(&self.core.priority_list(&arg("viewer", viewer)?, limit)?)
    }

    /// Assessments past their review date, earliest due first, among those the viewer may read.
    #[wasm_bindgen(js_name = overdueReviews, unchecked_return_type = "OverdueReview[]")]
    pub fn overdue_reviews(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.overdue_reviews(&arg("viewer", viewer)?)?)
    }

    // ---- tasks and referrals -----------------------------------------------------------------

    /// Sets a task on a case for a practitioner or an agency; returns its id.
    #[wasm_bindgen(js_name = setTask)]
    pub fn set_task(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewTask")] task: JsValue,
    ) -> Result<String> {
        let t = arg("task", task)?;
        Ok(self.core.set_task(id(actor)?, t)?.to_string())
    }

    /// Answers a task with an entry on its case; returns the entry's id.
    #[wasm_bindgen(js_name = answerTask)]
    pub fn answer_task(
        &self,
        actor: &str,
        task: &str,
        #[wasm_bindgen(unchecked_param_type = "NewEntry")] answer: JsValue,
    ) -> Result<String> {
        let answer = arg("answer", answer)?;
        Ok(self
            .core
            .answer_task(id(actor)?, id(task)?, answer)?
            .to_string())
    }

    /// Live tasks the viewer holds, and live tasks for their agency that nobody holds yet.
    #[wasm_bindgen(js_name = myTasks, unchecked_return_type = "TaskView[]")]
    pub fn my_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.my_tasks(&arg("viewer", viewer)?)?)
    }

    /// Live tasks for the viewer's agency, whoever holds them.
    #[wasm_bindgen(js_name = agencyTasks, unchecked_return_type = "TaskView[]")]
    pub fn agency_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.agency_tasks(&arg("viewer", viewer)?)?)
    }

    /// Live tasks past their due date that the viewer may know of, most overdue first.
    #[wasm_bindgen(js_name = overdueTasks, unchecked_return_type = "TaskView[]")]
    pub fn overdue_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.overdue_tasks(&arg("viewer", viewer)?)?)
    }

    /// Refers a person or case to another agency; returns the referral's id.
    pub fn refer(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewReferral")] referral: JsValue,
    ) -> Result<String> {
        let r = arg("referral", referral)?;
        Ok(self.core.refer(id(actor)?, r)?.to_string())
    }

    /// Accepts a referral (a case worker of the receiving agency).
    #[wasm_bindgen(js_name = acceptReferral)]
    pub fn accept_referral(&self, actor: &str, referral: &str) -> Result<()> {
        Ok(self.core.accept_referral(id(actor)?, id(referral)?)?)
    }

    /// Referrals the viewer's agency received.
    #[wasm_bindgen(js_name = referralsReceived, unchecked_return_type = "ReferralView[]")]
    pub fn referrals_received(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.referrals_received(&arg("viewer", viewer)?)?)
    }
}
