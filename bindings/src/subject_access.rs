//! Subject access through the bindings: the [`SubjectAccessExport`] object the call returns,
//! holding the core's export, whose [`SubjectAccessExport::view`] gives it as data
//! (`SubjectAccessView`, the core's record) and whose JSON and Markdown renderings are the
//! core's. One object for all three so that the SAR file's data, JSON and report come from one
//! read, logged once.

use crate::error::Result;
use crate::hub::{forward, Hub};
pub use safehub::protection::subject_access::{
    AgencyHoldings, CaseHeader, CaseHeld, ConsultationHeld, HeldItem, ItemView,
};
pub use safehub::Disclosure;
use safehub::{PersonId, Viewer};
use std::sync::Arc;

/// A subject access export made by [`Hub::subject_access`]: its data, JSON and Markdown.
#[derive(uniffi::Object)]
pub struct SubjectAccessExport {
    core: safehub::SubjectAccessExport,
}

#[uniffi::export]
impl SubjectAccessExport {
    /// The export as data.
    pub fn view(&self) -> safehub::SubjectAccessExport {
        self.core.clone()
    }

    /// The export as the core's JSON (its serde shape), for the SAR file.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&self.core)
            .map_err(|_| safehub::Error::Storage("export could not be encoded".into()).into())
    }

    /// A readable Markdown report of the export, showing exactly what the JSON holds.
    pub fn to_markdown(&self) -> String {
        self.core.to_markdown()
    }
}

forward! {
    core =>
    /// The subject access export for a person, as the viewer's agency may answer it
    /// (supervisors and above); not found for a person the viewer may not know exists.
    fn subject_access(viewer: Viewer, person: PersonId) -> Result<Arc<SubjectAccessExport>> =
        Ok(Arc::new(SubjectAccessExport { core: core.subject_access(&viewer, person)? }));
}
