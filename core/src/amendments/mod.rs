//! Amendments: changes to the records cases are about (people, locations and groups) after they
//! were recorded. A new alias, a corrected date of birth, a withdrawn identifier, a new address,
//! a member who left the group: each amendment is one event saying who changed what, when and
//! why (UK GDPR Art. 16, rectification, beside the erasure `protection` owns), and the record's
//! history lists them.
//!
//! # Rules
//!
//! - Only a case worker of the agency that recorded a record amends it. Another agency's
//!   practitioner who believes a detail is wrong asks that agency (a task addressed to it): one
//!   agency's record is never rewritten by another. The amendment names the agency whose record
//!   it changes, so that details held per agency (issue 22) need no new stored shape.
//! - The actor must know of the record, as for any command: an unknown id and a withheld one give
//!   the same `NotFound`.
//! - An amendment is all or nothing: every change is checked against the record as it stands
//!   (an alias added twice, an identifier withdrawn that is not recorded, a name "changed" to
//!   itself) before anything is written.
//! - A change carries the value it replaces. The history then reads "from, to" without keeping
//!   old copies of the record, and the matching indexes unindex the old value (`incidents`).
//! - The history is content of the record: a viewer who reads the record's details in full reads
//!   its history, with health flags filtered as on the profile; anyone else is told nothing more
//!   than the record's own view tells them (`NotFound` where it is withheld, no history where
//!   only its stub shows). As-of reads replay the journal, so a record read as of a date shows it
//!   as it stood then.

mod commands;
mod facts;
mod model;
mod view;

pub(crate) use commands::{decide, named_people};
pub(crate) use facts::{decide_fact, FactCommand};
pub use model::{Amendment, Change, Edit};
pub(crate) use view::history;
pub use view::AmendmentView;
