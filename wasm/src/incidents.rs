//! Incidents: importing a host's logs, reading them, the Top N lists, repeats and the ASB case
//! review threshold.

use crate::convert::{arg, arg_or_default, id, out, Result};
use crate::Hub;
use safehub as sh;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Hub {
    /// Imports a batch of incidents as the actor's agency, all or nothing: a bad row rejects
    /// the batch with code `import_rejected` and `errors` naming each row and field.
    #[wasm_bindgen(js_name = importIncidents, unchecked_return_type = "ImportReport")]
    pub fn import_incidents(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "IncidentRow[]")] rows: JsValue,
    ) -> Result<JsValue> {
        let rows = arg("rows", rows)?;
        let options = sh::ImportOptions::default();
        out(&self
            .core
            .import_incidents(id(actor)?, rows, &options, None)?)
    }

    /// Imports incidents from CSV text (columns in docs/incidents.md), all or nothing.
    #[wasm_bindgen(js_name = importIncidentsCsv, unchecked_return_type = "ImportReport")]
    pub fn import_incidents_csv(&self, actor: &str, csv: &str) -> Result<JsValue> {
        let options = sh::ImportOptions::default();
        out(&self
            .core
            .import_incidents_csv(id(actor)?, csv.as_bytes(), &options, None)?)
    }

    /// A Top N list (usually the Top 50 callers or locations) counting only incidents the
    /// viewer may read in full.
    #[wasm_bindgen(unchecked_return_type = "TopList")]
    pub fn top(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TopQuery")] query: JsValue,
    ) -> Result<JsValue> {
        let query = arg("query", query)?;
        out(&self.core.top(&arg("viewer", viewer)?, &query)?)
    }

    /// One incident, if the viewer may read it in full (otherwise not found).
    #[wasm_bindgen(unchecked_return_type = "IncidentView")]
    pub fn incident(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        incident: &str,
    ) -> Result<JsValue> {
        out(&self.core.incident(&arg("viewer", viewer)?, id(incident)?)?)
    }

    /// At most `limit` incidents reported between `from` and `to` (RFC 3339) that the viewer may
    /// read, oldest report first.
    #[wasm_bindgen(unchecked_return_type = "IncidentView[]")]
    pub fn incidents(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] to: JsValue,
        limit: usize,
    ) -> Result<JsValue> {
        let (from, to) = (arg("from", from)?, arg("to", to)?);
        out(&self
            .core
            .incidents(&arg("viewer", viewer)?, from, to, limit)?)
    }

    /// How many incidents reported between `from` and `to` the viewer may read.
    #[wasm_bindgen(js_name = incidentCount)]
    pub fn incident_count(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] to: JsValue,
    ) -> Result<usize> {
        let (from, to) = (arg("from", from)?, arg("to", to)?);
        Ok(self
            .core
            .incident_count(&arg("viewer", viewer)?, from, to)?)
    }

    /// The people and places that are repeats at `at` (RFC 3339) under `config` (`null`: the
    /// core's default rules), counting only incidents the viewer may read.
    #[wasm_bindgen(unchecked_return_type = "RepeatHit[]")]
    pub fn repeats(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RepeatConfig | null")] config: JsValue,
    ) -> Result<JsValue> {
        let (at, config) = (arg("at", at)?, arg_or_default("config", config)?);
        out(&self.core.repeats(&arg("viewer", viewer)?, at, &config)?)
    }

    /// The people and places that meet the ASB case review threshold at `at` under `config`
    /// (`null`: the core's default), counting only incidents the viewer may read.
    #[wasm_bindgen(js_name = caseReviewThresholds, unchecked_return_type = "CaseReviewHit[]")]
    pub fn case_review_thresholds(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CaseReviewConfig | null")] config: JsValue,
    ) -> Result<JsValue> {
        let (at, config) = (arg("at", at)?, arg_or_default("config", config)?);
        out(&self
            .core
            .case_review_thresholds(&arg("viewer", viewer)?, at, &config)?)
    }
}
