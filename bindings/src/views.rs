//! What reads of cases, entries, people, places, groups, explanations and the consultation log
//! return: the core's views, already filtered by the sharing engine, as the core defines them.
//! The views whose core variants hold their record unnamed (`CaseView`, `EntryView`...) cross in
//! the named shapes of `safehub::ffi`.

pub use safehub::views::{
    AgencyRef, CaseDetail, CaseStub, CaseSummary, CaseView, EntryDetail, EntryStub, EntryView,
    Explanation, GroupDetail, GroupView, LocationDetail, LocationView, PersonDetail, PersonView,
    PractitionerRef, SubjectView,
};
pub use safehub::{Consultation, ConsultedItem, Decision, Rule};
