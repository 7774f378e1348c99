//! People, places, groups and cases: recording them, and reading them as the viewer may.

use crate::convert::{arg, id, out, Result};
use crate::Hub;
use safehub as sh;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Hub {
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

    /// A group (its members each as the viewer may see them), or its stub.
    #[wasm_bindgen(unchecked_return_type = "GroupView")]
    pub fn group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        group: &str,
    ) -> Result<JsValue> {
        out(&self.core.group(&arg("viewer", viewer)?, id(group)?)?)
    }

    /// Locations matching `query`, as full views or stubs saying whom to ask.
    #[wasm_bindgen(js_name = searchLocations, unchecked_return_type = "LocationView[]")]
    pub fn search_locations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        query: &str,
    ) -> Result<JsValue> {
        out(&self.core.search_locations(&arg("viewer", viewer)?, query)?)
    }

    /// Why the viewer sees what they see of each of several things, in one call.
    #[wasm_bindgen(js_name = explainAll, unchecked_return_type = "Decision[]")]
    pub fn explain_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Target[]")] targets: JsValue,
    ) -> Result<JsValue> {
        let targets: Vec<sh::Target> = arg("targets", targets)?;
        out(&self.core.explain_all(&arg("viewer", viewer)?, &targets)?)
    }

    // ---- changes to cases and groups ---------------------------------------------------------

    /// Forms a group of people the actor can see; returns its id.
    #[wasm_bindgen(js_name = formGroup)]
    pub fn form_group(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewGroup")] group: JsValue,
    ) -> Result<String> {
        let g = arg("group", group)?;
        Ok(self.core.form_group(id(actor)?, g)?.to_string())
    }

    /// Removes an agency or practitioner from a case team.
    #[wasm_bindgen(js_name = removeTeamMember)]
    pub fn remove_team_member(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "TeamMember")] member: JsValue,
    ) -> Result<()> {
        let member = arg("member", member)?;
        Ok(self
            .core
            .remove_team_member(id(actor)?, id(case)?, member)?)
    }

    /// Unlinks a subject from a case in a role.
    #[wasm_bindgen(js_name = unlinkSubject)]
    pub fn unlink_subject(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "Subject")] subject: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SubjectRole")] role: JsValue,
    ) -> Result<()> {
        let (subject, role) = (arg("subject", subject)?, arg("role", role)?);
        Ok(self
            .core
            .unlink_subject(id(actor)?, id(case)?, subject, role)?)
    }

    /// Moves a case to another status (the lead agency's case workers).
    #[wasm_bindgen(js_name = changeCaseStatus)]
    pub fn change_case_status(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "CaseStatus")] status: JsValue,
    ) -> Result<()> {
        let status = arg("status", status)?;
        Ok(self
            .core
            .change_case_status(id(actor)?, id(case)?, status)?)
    }
}
