//! Merges (issue 22): two person profiles found to be one person, joined so that the hub counts
//! and shows them as one, and split again when the join was wrong. This module owns the merge
//! agreement between the agencies that recorded the profiles, the merge and unmerge events, the
//! projection of who is merged into whom, and the reads that show a merged person as one.
//!
//! # Rules
//!
//! - **Nothing moves.** A merge records that `absorbed` is read as part of `survivor`; every
//!   profile keeps its details, its owner agency and its sharing rules, and every incident, case
//!   link, assessment, task and referral keeps naming the profile it named. The reads resolve
//!   the merge instead (a merged person is one row of the Top 50, with the incidents of every
//!   profile of theirs the viewer may know of). So a merge cannot let one agency read another's
//!   facts beyond the agreements (each profile is still shown under its own rules), and an
//!   unmerge restores both exactly: it only removes the join.
//! - **Agreed by both owning agencies.** A case worker of each agency that recorded one of the
//!   two profiles agrees (one agreement where one agency recorded both); the merge happens with
//!   the last agreement. The other agency sees the request (`merge_requests`) with the first
//!   agency's reason. Every actor must know of both profiles, as for any command: a restricted
//!   profile cannot be merged by anyone it is withheld from, which is every other agency.
//! - **Or the partnership's data owner alone.** A partnership admin who reads both profiles in
//!   full merges them (or undoes the merge) without the owners' agreement: the partnership's
//!   data owner who resolves the review list's duplicates. Nothing of either agency's facts
//!   becomes readable by it: the profiles keep their rules, and the admin already read both.
//! - **Either owner undoes it.** Merging the wrong people mixes two people's records, which is
//!   worse than a duplicate, so one owning agency may unmerge without the other.
//! - **One level.** A profile merged into another cannot absorb or be absorbed again until it
//!   is unmerged; a survivor absorbs any number of profiles.
//! - **The join shows only between profiles the viewer may know of.** `merged_profiles` lists
//!   the profiles of a merged person the viewer may know of, each as its own view (full or
//!   stub); a profile withheld from the viewer is left out, so nothing says it exists. The Top N
//!   lists count a merged person once, summing only the profiles the viewer may know of.

mod api;
mod commands;
mod model;
mod view;

pub(crate) use commands::{decide_merge, MergeCommand};
pub(crate) use model::MergeBook;
pub(crate) use view::known_profiles;
pub use view::MergeRequest;
