//! Random sequences of task and referral commands by random actors, against a SQLite hub and a
//! deliberately simple model of who may do what: the hub accepts exactly what the model allows
//! (so no illegal transition is ever accepted), every accepted command is in the journal with
//! the events the model expects and every refused one leaves no trace, and reopening the hub
//! replays to the same state.

mod tasks_common;

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use safehub::{
    AgencyId, Assignee, CaseId, CaseType, Consent, ErrorCode, Hub, InformationCategory,
    ManualClock, NewEntry, NewReferral, NewTask, Outcome, PractitionerId, Priority, ReferralId,
    Role, SequentialIds, TaskId, TaskState, TaskView, UnsuccessfulReason, Viewer,
};
use std::collections::BTreeSet;
use tasks_common::Borough;

#[derive(Clone, Debug)]
enum Op {
    Set {
        by: usize,
        case: usize,
        to: usize,
        cat: usize,
        due_hours: i64,
    },
    Task {
        by: usize,
        task: usize,
        act: usize,
    },
    Reassign {
        by: usize,
        task: usize,
        to: usize,
    },
    Refer {
        by: usize,
        case: usize,
        to: usize,
        cat: usize,
        consent: usize,
        with_override: bool,
    },
    Referral {
        by: usize,
        referral: usize,
        act: usize,
    },
    Tick {
        minutes: i64,
    },
}

const ACTORS: usize = 8;
const AGENCIES: usize = 4;
const CATEGORIES: [InformationCategory; 4] = [
    InformationCategory::General,
    InformationCategory::Asb,
    InformationCategory::Safeguarding,
    InformationCategory::MentalHealth,
];
const CASE_TYPES: [CaseType; 2] = [CaseType::VulnerablePerson, CaseType::Asb];

/// Actor choices at or past `ACTORS` mean "the natural party" for the command (the holder of a
/// task, a case worker of the receiving agency...), so legal commands are common enough to
/// drive every transition; the rest are random actors, mostly refused.
const BY: std::ops::Range<usize> = 0..ACTORS + 4;

fn op() -> impl Strategy<Value = Op> {
    let assignee = 0..AGENCIES + ACTORS;
    prop_oneof![
        3 => (BY, 0..2usize, assignee.clone(), 0..4usize, -2..48i64)
            .prop_map(|(by, case, to, cat, due_hours)| Op::Set { by, case, to, cat, due_hours }),
        6 => (BY, 0..8usize, 0..5usize).prop_map(|(by, task, act)| Op::Task { by, task, act }),
        1 => (BY, 0..8usize, assignee).prop_map(|(by, task, to)| Op::Reassign { by, task, to }),
        2 => (BY, 0..2usize, 0..AGENCIES, 0..4usize, 0..4usize, any::<bool>()).prop_map(
            |(by, case, to, cat, consent, with_override)| Op::Refer { by, case, to, cat, consent, with_override }),
        3 => (BY, 0..6usize, 0..4usize).prop_map(|(by, referral, act)| Op::Referral { by, referral, act }),
        1 => (1..600i64).prop_map(|minutes| Op::Tick { minutes }),
    ]
}

#[derive(Clone, Copy, Debug)]
struct Actor {
    id: PractitionerId,
    agency: AgencyId,
    role: Role,
}

impl Actor {
    fn works_cases(self) -> bool {
        self.role >= Role::CaseWorker
    }
    fn supervises(self) -> bool {
        self.role >= Role::Supervisor
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum RState {
    Pending,
    Accepted,
    Declined,
    Withdrawn,
    Done,
}

struct MTask {
    id: TaskId,
    setter: Actor,
    agency: AgencyId,
    practitioner: Option<PractitionerId>,
    category: InformationCategory,
    state: TaskState,
}

struct MReferral {
    id: ReferralId,
    case: usize,
    referrer: Actor,
    to: AgencyId,
    state: RState,
}

/// The model of the borough's two agreements (see tasks_common).
struct Model {
    police: AgencyId,
    housing: AgencyId,
    mental_health: AgencyId,
    teams: Vec<BTreeSet<AgencyId>>,
    tasks: Vec<MTask>,
    referrals: Vec<MReferral>,
}

impl Model {
    fn covers(&self, a: AgencyId, b: AgencyId, cat: InformationCategory) -> bool {
        use InformationCategory::*;
        let pair = |x, y| (a == x && b == y) || (a == y && b == x);
        a == b
            || (pair(self.police, self.housing)
                && matches!(cat, General | Asb | Housing | PersonalDetails))
            || (pair(self.police, self.mental_health)
                && matches!(cat, General | Safeguarding | MentalHealth | PersonalDetails))
    }

    /// Whom an assignee choice resolves to, if it is a valid assignee at all.
    fn resolve(
        &self,
        to: Assignee,
        actors: &[Actor],
    ) -> Option<(AgencyId, Option<PractitionerId>)> {
        match to {
            Assignee::Agency(a) => Some((a, None)),
            Assignee::Practitioner(p) => {
                let a = actors.iter().find(|a| a.id == p)?;
                a.works_cases().then_some((a.agency, Some(p)))
            }
        }
    }
}

/// The model's transition table, written out independently of the library's.
fn task_next(state: TaskState, act: usize) -> Option<TaskState> {
    use TaskState::*;
    let live = matches!(state, Open | Accepted | InProgress);
    match act {
        0 if state == Open => Some(Accepted),
        1 if state == Accepted => Some(InProgress),
        2 if live => Some(Done),
        3 if live => Some(Declined),
        4 if live => Some(Cancelled),
        _ => None,
    }
}

fn refused(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::Forbidden
            | ErrorCode::InvalidTransition
            | ErrorCode::InvalidInput
            | ErrorCode::NotFound
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_task_and_referral_commands_follow_the_model_and_replay(ops in prop::collection::vec(op(), 1..80)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.db");
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 2, 8, 30, 0).unwrap());
        let hub = Hub::builder().clock(clock.clone()).ids(SequentialIds::new(11)).open(&path).unwrap();
        let b = Borough::on(hub, clock.clone());
        let agencies = [b.police, b.housing, b.mental_health, b.council];
        let actors: Vec<Actor> = [
            (b.admin, b.police, Role::PartnershipAdmin),
            (b.pc, b.police, Role::CaseWorker),
            (b.sergeant, b.police, Role::Supervisor),
            (b.analyst, b.police, Role::ReadOnly),
            (b.housing_officer, b.housing, Role::CaseWorker),
            (b.housing_officer_2, b.housing, Role::CaseWorker),
            (b.nurse, b.mental_health, Role::CaseWorker),
            (b.council_officer, b.council, Role::CaseWorker),
        ].into_iter().map(|(id, agency, role)| Actor { id, agency, role }).collect();
        let cases: Vec<CaseId> = CASE_TYPES.iter().map(|t| b.police_case(*t, "case")).collect();
        let mut m = Model {
            police: b.police, housing: b.housing, mental_health: b.mental_health,
            teams: vec![BTreeSet::from([b.police]); 2], tasks: Vec::new(), referrals: Vec::new(),
        };
        let assignee = |i: usize| match agencies.get(i) {
            Some(a) => Assignee::Agency(*a),
            None => Assignee::Practitioner(actors[i - AGENCIES].id),
        };
        // A random actor, or the natural party `natural`.
        let pick = |by: usize, natural: Actor| actors.get(by).copied().unwrap_or(natural);
        let worker_of = |agency: AgencyId| actors.iter().copied().find(|a| a.agency == agency && a.works_cases()).unwrap();
        let pc = actors[1];
        let base = b.hub.seq();
        let mut expected: Vec<&'static str> = Vec::new();

        for op in ops {
            let before = b.hub.seq();
            let now = safehub::Clock::now(&clock);
            // What the model allows, the events it expects, and the hub's answer.
            let (allowed, events, result): (bool, Vec<&'static str>, Result<(), safehub::Error>) = match op {
                Op::Tick { minutes } => { clock.advance(Duration::minutes(minutes)); continue; }
                Op::Set { by, case, to, cat, due_hours } => {
                    let a = pick(by, pc);
                    let (to, cat) = (assignee(to), CATEGORIES[cat]);
                    let target = m.resolve(to, &actors);
                    let allowed = a.works_cases() && m.teams[case].contains(&a.agency) && due_hours >= 0
                        && target.is_some_and(|(agency, _)| m.covers(a.agency, agency, cat));
                    let r = b.hub.set_task(a.id, NewTask {
                        case: cases[case], assignee: to, title: "Task".into(), detail: "Detail".into(),
                        category: cat, due: now + Duration::hours(due_hours), priority: Priority::Normal,
                    });
                    if let (Ok(id), Some((agency, practitioner))) = (&r, target) {
                        m.tasks.push(MTask { id: *id, setter: a, agency, practitioner, category: cat, state: TaskState::Open });
                    }
                    (allowed, vec!["task_set"], r.map(|_| ()))
                }
                Op::Task { by, task, act } => {
                    if m.tasks.is_empty() { continue; }
                    let count = m.tasks.len();
                    let t = &mut m.tasks[task % count];
                    let natural = match (act, t.practitioner) {
                        (4, _) => t.setter,
                        (_, Some(p)) => actors.iter().copied().find(|a| a.id == p).unwrap(),
                        (_, None) => worker_of(t.agency),
                    };
                    let a = pick(by, natural);
                    let holder = a.works_cases() && match t.practitioner {
                        Some(p) => p == a.id,
                        None => a.agency == t.agency,
                    };
                    let permitted = if act == 4 {
                        a.id == t.setter.id || (a.agency == t.setter.agency && a.supervises())
                    } else {
                        holder
                    };
                    let next = task_next(t.state, act);
                    let allowed = permitted && next.is_some();
                    let (r, events) = match act {
                        0 => (b.hub.accept_task(a.id, t.id), vec!["task_accepted"]),
                        1 => (b.hub.start_task(a.id, t.id), vec!["task_started"]),
                        2 => (b.hub.answer_task(a.id, t.id, NewEntry::note("Answer")).map(|_| ()), vec!["entry_added", "task_answered"]),
                        3 => (b.hub.decline_task(a.id, t.id, "No"), vec!["task_declined"]),
                        _ => (b.hub.cancel_task(a.id, t.id), vec!["task_cancelled"]),
                    };
                    if r.is_ok() {
                        if let Some(next) = next { t.state = next; }
                        if matches!(act, 0 | 2) { t.practitioner = Some(a.id); }
                    }
                    (allowed, events, r)
                }
                Op::Reassign { by, task, to } => {
                    if m.tasks.is_empty() { continue; }
                    let task = task % m.tasks.len();
                    let t = &m.tasks[task];
                    let a = pick(by, t.setter);
                    let to = assignee(to);
                    let target = m.resolve(to, &actors);
                    let reopenable = matches!(t.state, TaskState::Open | TaskState::Accepted | TaskState::InProgress | TaskState::Declined);
                    let allowed = a.id == t.setter.id && reopenable
                        && target.is_some_and(|(agency, p)| m.covers(a.agency, agency, t.category) && (agency, p) != (t.agency, t.practitioner));
                    let r = b.hub.reassign_task(a.id, t.id, to);
                    if let (Ok(()), Some((agency, practitioner))) = (&r, target) {
                        let t = &mut m.tasks[task];
                        (t.agency, t.practitioner, t.state) = (agency, practitioner, TaskState::Open);
                    }
                    (allowed, vec!["task_reassigned"], r)
                }
                Op::Refer { by, case, to, cat, consent, with_override } => {
                    let a = pick(by, pc);
                    let (to, cat) = (agencies[to], CATEGORIES[cat]);
                    let consent = [None, Some(Consent::Given), Some(Consent::Refused),
                        Some(Consent::NotRequired { lawful_reason: "s115".into() })][consent].clone();
                    let consented = matches!(consent, Some(Consent::Given | Consent::NotRequired { .. }));
                    let gate = if consented { !with_override } else { a.supervises() && with_override };
                    let allowed = a.works_cases() && to != a.agency && m.teams[case].contains(&a.agency)
                        && m.covers(a.agency, to, cat) && gate;
                    let r = b.hub.refer(a.id, NewReferral {
                        to, person: None, case: Some(cases[case]), category: cat, reason: "Reason".into(),
                        consent, consent_override: with_override.then(|| "Risk of harm".into()),
                    });
                    if let Ok(id) = r {
                        m.referrals.push(MReferral { id, case, referrer: a, to, state: RState::Pending });
                    }
                    (allowed, vec!["referral_made"], r.map(|_| ()))
                }
                Op::Referral { by, referral, act } => {
                    if m.referrals.is_empty() { continue; }
                    let referral = referral % m.referrals.len();
                    let rf = &m.referrals[referral];
                    let a = pick(by, if act == 2 { rf.referrer } else { worker_of(rf.to) });
                    let receiver = a.agency == rf.to && a.works_cases();
                    let sender = a.id == rf.referrer.id || (a.agency == rf.referrer.agency && a.supervises());
                    let joins = !m.teams[rf.case].contains(&rf.to);
                    let (allowed, next, r, events) = match act {
                        0 => {
                            let fits = !joins || m.covers(m.police, rf.to, CASE_TYPES[rf.case].category());
                            let events = if joins { vec!["referral_accepted", "team_member_added"] } else { vec!["referral_accepted"] };
                            (receiver && rf.state == RState::Pending && fits, RState::Accepted, b.hub.accept_referral(a.id, rf.id), events)
                        }
                        1 => (receiver && rf.state == RState::Pending, RState::Declined, b.hub.decline_referral(a.id, rf.id, "No"), vec!["referral_declined"]),
                        2 => (sender && rf.state == RState::Pending, RState::Withdrawn, b.hub.withdraw_referral(a.id, rf.id), vec!["referral_withdrawn"]),
                        _ => {
                            let outcome = Outcome::NotSuccessful { reason: UnsuccessfulReason::LackOfCapacity };
                            (receiver && rf.state == RState::Accepted, RState::Done, b.hub.record_referral_outcome(a.id, rf.id, outcome), vec!["referral_outcome_recorded"])
                        }
                    };
                    if r.is_ok() {
                        let (case, to) = (rf.case, rf.to);
                        m.referrals[referral].state = next;
                        if next == RState::Accepted { m.teams[case].insert(to); }
                    }
                    (allowed, events, r)
                }
            };
            match result {
                Ok(()) => {
                    prop_assert!(allowed, "the hub accepted what the model forbids: {:?}", op);
                    prop_assert_eq!(b.hub.seq(), before + events.len() as u64);
                    expected.extend(events);
                }
                Err(e) => {
                    prop_assert!(!allowed, "the hub refused what the model allows: {:?}: {}", op, e);
                    prop_assert!(refused(e.code()), "a refusal, not a failure: {}", e);
                    prop_assert_eq!(b.hub.seq(), before, "a refusal leaves no trace");
                }
            }
        }

        let journal: Vec<String> = b.hub.changes_since(base, 100_000).unwrap().into_iter().map(|c| c.kind).collect();
        prop_assert_eq!(journal, expected);
        // The hub's states agree with the model's, as each task's setter reads them.
        for t in &m.tasks {
            match b.hub.task(&Viewer::new(t.setter.id), t.id).unwrap() {
                TaskView::Full(d) => prop_assert_eq!(d.state, t.state),
                TaskView::Stub(_) => prop_assert!(false, "a setter reads their own task"),
            }
        }
        let views = |hub: &Hub| -> Vec<String> {
            actors.iter().map(|a| {
                let v = Viewer::new(a.id);
                serde_json::to_string(&(hub.tasks_i_set(&v).unwrap(), hub.agency_tasks(&v).unwrap(), hub.referrals_sent(&v).unwrap())).unwrap()
            }).collect()
        };
        // Reads of other agencies' content append to the consultation log: views first, then the digest.
        let before_views = views(&b.hub);
        let digest = b.hub.state_digest().unwrap();
        let seq = b.hub.seq();
        drop(b);

        let reopened = Hub::builder().clock(clock.clone()).ids(SequentialIds::new(12)).open(&path).unwrap();
        prop_assert_eq!(reopened.seq(), seq);
        prop_assert_eq!(reopened.state_digest().unwrap(), digest);
        prop_assert!(reopened.verify().unwrap().is_ok());
        prop_assert_eq!(views(&reopened), before_views);
    }
}
