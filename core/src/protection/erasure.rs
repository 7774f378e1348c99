//! Erasure: disposing of a case's content or a person's profile so that it is gone from the
//! projections, from every read (including as-of reads, which replay the journal), from exports
//! and from the stored events themselves, while the hash chain still verifies.
//!
//! # How
//!
//! 1. `plan` works out, from the state alone, which records go: for a case, the case title,
//!    every entry on it (whichever agency wrote it), its tasks, assessments and referrals, and
//!    the profile of every person linked to it whom no other undisposed case needs ("names where
//!    no other case needs them"); for a person, their profile and the referrals about them.
//! 2. Every journal event carrying one of those records is decoded, its personal fields blanked
//!    (`redact_event`: names and text become [`ERASED`], identifiers, aliases, date of birth,
//!    flags and answers are removed) and re-encoded.
//! 3. The tombstone, [`Event::ErasureRecorded`], is appended first, naming the records, the
//!    seqs to redact, who, when and under which rule or request. Then each seq is redacted
//!    ([`Journal::redact`]; SQLite zeroes freed space and checkpoints the WAL), and the
//!    projections are rebuilt by replaying the journal.
//!
//! Tombstone first, because a crash between the two steps then leaves a journal that says what
//! it still owes: on open, `complete_pending` redacts any seq a tombstone names that is not yet
//! redacted, recomputing the same replacement from the tombstone's record list. The other order
//! would leave redacted events no tombstone explains, which [`Hub::verify`] reports as tampering.
//!
//! `Hub::verify` closes the gap `journal/mod.rs` documents: a redacted event must be named by a
//! tombstone appended after it whose own content is intact.
//!
//! New kinds of content (incidents, on another branch) extend `redact_event` with their event
//! and `plan` with their records.
//!
//! [`Journal::redact`]: crate::journal::Journal::redact
//! [`Hub::verify`]: crate::Hub::verify

use super::model::TOMBSTONE_KIND;
pub use super::model::{ErasedRecord, Erasure, ErasureGround, ErasureTarget, ERASED};
use crate::cases::{CaseStatus, Subject};
use crate::error::{Error, Result};
use crate::events::{codec, Event};
use crate::ids::{CaseId, PersonId};
use crate::journal::{self, Journal, StoredEvent};
use crate::partnership::Practitioner;
use crate::referrals::Consent;
use crate::state::State;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// Whether some undisposed case other than `except` is or was linked to `person`.
fn needed_elsewhere(state: &State, person: PersonId, except: Option<CaseId>) -> bool {
    state
        .cases_of(Subject::Person(person))
        .any(|c| Some(c.id) != except && !state.protection.disposed_cases.contains(&c.id))
}

/// The records an erasure of `target` removes, sorted. Pure: the hub and `decide` agree.
pub(crate) fn plan(state: &State, target: ErasureTarget) -> Result<Vec<ErasedRecord>> {
    let mut records = BTreeSet::new();
    let mut persons = BTreeSet::new();
    let case = match target {
        ErasureTarget::Case(id) => {
            let case = state.cases.get(&id).ok_or(Error::not_found("case"))?;
            records.insert(ErasedRecord::Case(id));
            records.extend(case.entries.iter().copied().map(ErasedRecord::Entry));
            records.extend(
                state
                    .risk
                    .on_case(id)
                    .map(|a| ErasedRecord::Assessment(a.id)),
            );
            records.extend(
                state
                    .tasks
                    .by_id
                    .values()
                    .filter(|t| t.case == id)
                    .map(|t| ErasedRecord::Task(t.id)),
            );
            for (subject, cases) in &state.index.cases_by_subject {
                if let Subject::Person(p) = subject {
                    if cases.contains(&id) && !needed_elsewhere(state, *p, Some(id)) {
                        persons.insert(*p);
                    }
                }
            }
            Some(id)
        }
        ErasureTarget::Person(p) => {
            state.persons.get(&p).ok_or(Error::not_found("person"))?;
            persons.insert(p);
            None
        }
    };
    records.extend(persons.iter().copied().map(ErasedRecord::Person));
    records.extend(
        state
            .referrals
            .by_id
            .values()
            .filter(|r| case.is_some_and(|c| r.case == Some(c)))
            .chain(
                state
                    .referrals
                    .by_id
                    .values()
                    .filter(|r| r.person.is_some_and(|p| persons.contains(&p))),
            )
            .map(|r| ErasedRecord::Referral(r.id)),
    );
    records.extend(
        state
            .risk
            .assessments
            .values()
            .filter(|a| persons.contains(&a.subject))
            .map(|a| ErasedRecord::Assessment(a.id)),
    );
    Ok(records.into_iter().collect())
}

/// The event with the personal content of the erased records blanked, or `None` if it carries
/// none of them.
pub(crate) fn redact_event(event: &Event, erased: &BTreeSet<ErasedRecord>) -> Option<Event> {
    let has = |r: ErasedRecord| erased.contains(&r);
    let erased_text = || ERASED.to_owned();
    let mut out = event.clone();
    let changed = match &mut out {
        Event::PersonRecorded { person } if has(ErasedRecord::Person(person.id)) => {
            blank_person(person);
            true
        }
        // An amendment of an erased profile says what it was changed from and to: all of it
        // goes, the fact that it was amended (who, when) stays with the tombstone's account.
        Event::RecordAmended { amendment } if matches!(amendment.record, Subject::Person(p) if has(ErasedRecord::Person(p))) =>
        {
            amendment.reason = erased_text();
            amendment.changes.clear();
            true
        }
        // Why two profiles were judged one person describes the person: the reason goes,
        // the agreement (who, when) stays.
        Event::MergeAgreed {
            survivor,
            absorbed,
            reason,
            ..
        }
        | Event::PeopleUnmerged {
            survivor,
            absorbed,
            reason,
            ..
        } if has(ErasedRecord::Person(*survivor)) || has(ErasedRecord::Person(*absorbed)) => {
            *reason = erased_text();
            true
        }
        Event::IncidentsImported { batch } => {
            // An import carries the profiles it created and the incidents' summaries, which
            // may describe the erased person: both go, the incidents' facts (time, category,
            // place) stay for the owning agency's statistics.
            let mut changed = false;
            for person in &mut batch.persons {
                if has(ErasedRecord::Person(person.id)) {
                    blank_person(person);
                    changed = true;
                }
            }
            for incident in &mut batch.incidents {
                let involves = incident
                    .caller
                    .into_iter()
                    .chain(incident.people.iter().map(|i| i.person));
                if involves.into_iter().any(|p| has(ErasedRecord::Person(p))) {
                    incident.summary = erased_text();
                    changed = true;
                }
            }
            changed
        }
        Event::CaseOpened { case, title, .. } if has(ErasedRecord::Case(*case)) => {
            *title = erased_text();
            true
        }
        Event::CaseLeadTransferred { case, reason, .. }
        | Event::CaseClosed { case, reason, .. }
        | Event::CaseReopened { case, reason, .. }
            if has(ErasedRecord::Case(*case)) =>
        {
            *reason = erased_text();
            true
        }
        Event::EntryAdded { entry } if has(ErasedRecord::Entry(entry.id)) => {
            entry.text = erased_text().into();
            true
        }
        Event::AssessmentRecorded { assessment }
            if has(ErasedRecord::Assessment(assessment.id)) =>
        {
            assessment.answers.clear();
            assessment.escalation = Default::default();
            assessment.notes = assessment.notes.as_ref().map(|_| erased_text());
            for o in &mut assessment.overrides {
                o.reason = erased_text();
            }
            for r in &mut assessment.reviews {
                r.note = erased_text();
            }
            true
        }
        Event::AssessmentOverridden {
            assessment, change, ..
        } if has(ErasedRecord::Assessment(*assessment)) => {
            change.reason = erased_text();
            true
        }
        Event::AssessmentReviewed {
            assessment, review, ..
        } if has(ErasedRecord::Assessment(*assessment)) => {
            review.note = erased_text();
            true
        }
        Event::TaskSet { task } if has(ErasedRecord::Task(task.id)) => {
            task.title = erased_text();
            task.detail = erased_text();
            if let Some(d) = &mut task.declined {
                d.text = erased_text();
            }
            true
        }
        Event::TaskDeclined { task, reason } if has(ErasedRecord::Task(*task)) => {
            reason.text = erased_text();
            true
        }
        Event::ReferralMade { referral } if has(ErasedRecord::Referral(referral.id)) => {
            referral.reason = erased_text();
            if let Some(Consent::NotRequired { lawful_reason }) = &mut referral.consent {
                *lawful_reason = erased_text();
            }
            if let Some(o) = &mut referral.consent_override {
                o.reason = erased_text();
            }
            if let Some(d) = &mut referral.declined {
                d.text = erased_text();
            }
            true
        }
        Event::ReferralDeclined { referral, reason } if has(ErasedRecord::Referral(*referral)) => {
            reason.text = erased_text();
            true
        }
        _ => false,
    };
    changed.then_some(out)
}

/// Blanks a person profile's content, keeping its id so references stay resolvable.
fn blank_person(person: &mut crate::people::Person) {
    person.name = ERASED.to_owned();
    person.aliases.clear();
    person.date_of_birth = None;
    person.identifiers.clear();
    person.flags.clear();
}

/// The replacement content of `stored` under an erasure of `erased`, if it changes.
fn replacement(stored: &StoredEvent, erased: &BTreeSet<ErasedRecord>) -> Result<Option<Vec<u8>>> {
    match redact_event(&codec::decode(stored)?, erased) {
        Some(event) => {
            let bytes = codec::encode(&event)?;
            Ok((bytes != stored.content).then_some(bytes))
        }
        None => Ok(None),
    }
}

/// Journal events and their replacement content.
pub(super) type Redactions = Vec<(u64, Vec<u8>)>;

/// Every event whose content changes under an erasure of `records`, with its replacement; and
/// the seqs of those among them that erase one of `shown` (the records the actor may know of).
pub(super) fn redactions(
    journal: &dyn Journal,
    records: &[ErasedRecord],
    shown: &BTreeSet<ErasedRecord>,
) -> Result<(Redactions, Vec<u64>)> {
    let erased: BTreeSet<ErasedRecord> = records.iter().copied().collect();
    let (mut out, mut seen) = (Vec::new(), Vec::new());
    journal::scan_with(journal, 0, |stored| {
        if let Some(bytes) = replacement(&stored, &erased)? {
            if replacement(&stored, shown)?.is_some() {
                seen.push(stored.seq);
            }
            out.push((stored.seq, bytes));
        }
        Ok::<(), Error>(())
    })?;
    Ok((out, seen))
}

/// Checks an erasure: the agency admin of the owning agency (the case's lead agency, the
/// profile's recorder), a closed and undisposed case or a profile no undisposed case needs.
pub(crate) fn decide_erasure(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    erasure: &Erasure,
) -> Result<()> {
    let action = "dispose";
    if erasure.by != who.id || erasure.agency != who.agency || erasure.at != at {
        return Err(Error::forbidden(
            action,
            "an erasure is recorded by its actor",
        ));
    }
    let owner = match erasure.target {
        ErasureTarget::Case(id) => {
            let case = state.cases.get(&id).ok_or(Error::not_found("case"))?;
            if state.protection.disposed_cases.contains(&id) {
                return Err(Error::InvalidTransition {
                    what: "case",
                    from: "disposed",
                    to: "disposed",
                });
            }
            if case.status != CaseStatus::Closed {
                return Err(Error::InvalidTransition {
                    what: "case",
                    from: case.status.as_str(),
                    to: "disposed",
                });
            }
            case.lead_agency
        }
        ErasureTarget::Person(id) => {
            let person = state.persons.get(&id).ok_or(Error::not_found("person"))?;
            if state.protection.erased_persons.contains(&id) {
                return Err(Error::InvalidTransition {
                    what: "person",
                    from: "erased",
                    to: "erased",
                });
            }
            if needed_elsewhere(state, id, None) {
                return Err(Error::invalid(
                    "person",
                    "linked to a case not yet disposed of: dispose of the case first",
                ));
            }
            person.recorded_by
        }
    };
    if who.agency != owner || !who.role.is_agency_admin() {
        return Err(Error::forbidden(
            action,
            "needs the agency admin of the agency that owns it",
        ));
    }
    Ok(())
}

/// Completes erasures a crash interrupted: redacts every seq a tombstone names that is not yet
/// redacted. Returns whether it changed anything (the caller then replays).
pub(crate) fn complete_pending(journal: &mut dyn Journal, state: &State) -> Result<bool> {
    let mut changed = false;
    for erasure in &state.protection.erasures {
        let erased: BTreeSet<ErasedRecord> = erasure.records.iter().copied().collect();
        for seq in &erasure.seqs {
            let stored = journal.events_since(seq.saturating_sub(1), 1)?;
            for event in stored.iter().filter(|e| e.seq == *seq && !e.redacted) {
                if let Some(bytes) = replacement(event, &erased)? {
                    journal.redact(*seq, bytes)?;
                    changed = true;
                }
            }
        }
    }
    Ok(changed)
}

/// The first redacted event that no later, unredacted erasure tombstone names, if any. A
/// tombstone's own content is covered by its content hash, so it cannot be altered to authorise
/// more without itself becoming an unauthorised redaction.
pub(crate) fn unauthorised_redaction(journal: &dyn Journal) -> Result<Option<u64>> {
    let mut authorised = BTreeSet::new();
    let mut redacted = Vec::new();
    journal::scan_with(journal, 0, |stored| {
        if stored.redacted {
            redacted.push(stored.seq);
        } else if stored.kind == TOMBSTONE_KIND {
            if let Event::ErasureRecorded { erasure } = codec::decode(&stored)? {
                authorised.extend(erasure.seqs.into_iter().filter(|s| *s < stored.seq));
            }
        }
        Ok::<(), Error>(())
    })?;
    Ok(redacted.into_iter().find(|s| !authorised.contains(s)))
}
