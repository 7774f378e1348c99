//! The bodies of the fuzz targets in `fuzz/`, here so that `tests/fuzz_regressions.rs` replays
//! saved crashing inputs through exactly the same code. Each takes the fuzzer's raw bytes and
//! panics only when safehub breaks a promise: a panic inside safehub, a journal that does not
//! verify, or a replay that gives a different state.

use arbitrary::{Arbitrary, Unstructured};
use chrono::{Duration, TimeZone, Utc};
use safehub::journal::{self, MemoryJournal};
use safehub::risk::builtin;
use safehub::risk::template::QuestionKind;
use safehub::{
    identifiers::{Postcode, Uprn},
    AgencyId, AgencyKind, Assignee, CaseId, CaseStatus, CaseType, Consent, EntryId, Error, Hub,
    Identifier, IdentifierKind, ImportOptions, ImportReport, InformationCategory, LawfulBasis,
    ManualClock, NewAgency, NewAgreement, NewAssessment, NewCase, NewEntry, NewLocation, NewPerson,
    NewPractitioner, NewReferral, NewTask, PersonId, PractitionerId, Priority, ReferralId, Role,
    SequentialIds, Subject, SubjectRole, TaskId, Template, Viewer, Visibility,
};

/// Every identifier parser on the input as text, at a few current years. A value that parses
/// must be stable: parsing its normalised form gives it back.
pub fn identifiers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for year in [1999, 2026, i32::MIN, i32::MAX] {
        for kind in IdentifierKind::ALL {
            if let Ok(id) = Identifier::parse(kind, text, year) {
                let again = Identifier::parse(kind, id.value(), year).map(|i| i.value().to_owned());
                assert_eq!(again.as_deref(), Ok(id.value()), "{kind:?} is not stable");
            }
        }
    }
    if let Ok(p) = Postcode::parse(text) {
        assert_eq!(Postcode::parse(p.as_str()).as_ref(), Ok(&p));
    }
    if let Ok(u) = Uprn::parse(text) {
        assert_eq!(Uprn::parse(&u.to_string()), Ok(u));
    }
}

/// `Template::from_json` on the input as text; a template it accepts must survive a JSON round
/// trip unchanged.
pub fn template_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = Template::from_json(text) {
        let json = serde_json::to_string(&t).unwrap_or_default();
        assert_eq!(Template::from_json(&json).as_ref(), Ok(&t));
    }
}

/// The journal import on arbitrary bytes, into a memory journal and through the hub. What
/// imports must verify, and export back to the same bytes.
pub fn journal_import(data: &[u8]) {
    let mut journal = MemoryJournal::new();
    if journal::import_into(data, &mut journal).is_ok() {
        assert!(journal::verify(&journal)
            .map(|v| v.is_ok())
            .unwrap_or(false));
        assert_eq!(journal::export(&journal).ok().as_deref(), Some(data));
    }
    if let Ok(hub) = Hub::builder().import(data) {
        assert!(hub.verify().map(|v| v.is_ok()).unwrap_or(false));
        let _ = hub.state_digest();
    }
}

/// An in-memory hub with a partnership ready for imports: police (the importer's agency) and
/// housing under an agreement, and profiles already recorded for rows to match (a person by
/// identifier and by name and date of birth, a restricted namesake, a place by UPRN and address).
struct ImportWorld {
    hub: Hub,
    admin: PractitionerId,
    importer: PractitionerId,
}

fn import_world() -> ImportWorld {
    let start = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let hub = Hub::builder()
        .clock(ManualClock::new(start))
        .ids(SequentialIds::new(11))
        .open_in_memory()
        .unwrap();
    let police = NewAgency {
        name: "Police".into(),
        kind: AgencyKind::Police,
    };
    let est = hub.establish("Fuzz", police, "Admin").unwrap();
    let housing = NewAgency {
        name: "Housing".into(),
        kind: AgencyKind::Housing,
    };
    let housing = hub.add_agency(est.admin, housing).unwrap();
    let agreement = NewAgreement {
        title: "ISP".into(),
        parties: vec![est.agency, housing],
        purposes: vec!["fuzz".into()],
        lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
        categories: vec![InformationCategory::General, InformationCategory::Asb],
        special_category: false,
        starts: start - Duration::days(1),
        ends: None,
    };
    hub.sign_agreement(est.admin, agreement).unwrap();
    let importer = NewPractitioner {
        agency: est.agency,
        name: "PC".into(),
        role: Role::CaseWorker,
        external_id: None,
    };
    let importer = hub.register_practitioner(est.admin, importer).unwrap();
    for (restricted, ids) in [
        (false, vec![(IdentifierKind::NiNumber, "AB123456C")]),
        (true, vec![]),
    ] {
        let person = NewPerson {
            name: "Jane Smith".into(),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1980, 1, 1),
            identifiers: ids.into_iter().map(|(k, v)| (k, v.to_owned())).collect(),
            restricted,
            ..NewPerson::default()
        };
        hub.record_person(importer, person).unwrap();
    }
    let place = NewLocation {
        label: "Elm Road".into(),
        address: Some("1 Elm Road".into()),
        postcode: Some("SW1A 1AA".into()),
        uprn: Some("100023336956".into()),
        ..NewLocation::default()
    };
    hub.record_location(importer, place).unwrap();
    ImportWorld {
        hub,
        admin: est.admin,
        importer,
    }
}

/// An incident import of the input into a fresh [`import_world`]: it must succeed, or fail with
/// a typed input error having written nothing; what it wrote must verify and replay from the
/// export to the same state.
fn incident_import(
    data: &[u8],
    import: impl Fn(&Hub, PractitionerId, &[u8]) -> safehub::Result<ImportReport>,
) {
    let w = import_world();
    let before = w.hub.seq();
    match import(&w.hub, w.importer, data) {
        Ok(_) => {
            assert!(w.hub.verify().map(|v| v.is_ok()).unwrap_or(false));
            let bytes = w.hub.export_journal(w.admin).unwrap();
            let copy = Hub::builder().import(&bytes).unwrap();
            assert_eq!(copy.state_digest().unwrap(), w.hub.state_digest().unwrap());
        }
        Err(e) => {
            let typed = matches!(e, Error::Invalid { .. } | Error::ImportRejected { .. });
            assert!(typed, "untyped import error {e:?}");
            assert_eq!(w.hub.seq(), before, "a refused import wrote to the journal");
        }
    }
}

/// `Hub::import_incidents_csv` on the input as a CSV stream.
pub fn incidents_csv(data: &[u8]) {
    incident_import(data, |hub, actor, csv| {
        hub.import_incidents_csv(actor, csv, &ImportOptions::default(), None)
    });
}

/// `Hub::import_incidents_json` on the input.
pub fn incidents_json(data: &[u8]) {
    incident_import(data, |hub, actor, json| {
        hub.import_incidents_json(actor, json, &ImportOptions::default(), None)
    });
}

/// One high-level operation by an actor picked by index among those the run has made (an index
/// past the end picks an id nobody knows).
#[derive(Arbitrary, Debug)]
pub enum Op {
    /// Add an agency.
    AddAgency { actor: u8, name: String },
    /// Register a practitioner.
    Register {
        actor: u8,
        agency: u8,
        name: String,
        role: u8,
    },
    /// Sign an agreement between two agencies.
    Agree {
        actor: u8,
        a: u8,
        b: u8,
        categories: Vec<u8>,
    },
    /// Record a person.
    Person {
        actor: u8,
        name: String,
        aliases: Vec<String>,
        ids: Vec<(u8, String)>,
        restricted: bool,
    },
    /// Record a location.
    Location {
        actor: u8,
        label: String,
        postcode: Option<String>,
        uprn: Option<String>,
    },
    /// Open a case.
    OpenCase {
        actor: u8,
        title: String,
        kind: u8,
        team: Vec<u8>,
    },
    /// Link a person to a case.
    Link { actor: u8, case: u8, person: u8 },
    /// Change a case's status.
    Status { actor: u8, case: u8, status: u8 },
    /// Add an entry.
    Entry {
        actor: u8,
        case: u8,
        text: String,
        visibility: u8,
        sensitive: bool,
    },
    /// Change an entry's visibility.
    Visibility {
        actor: u8,
        entry: u8,
        visibility: u8,
        sensitive: bool,
    },
    /// Set a task.
    Task {
        actor: u8,
        case: u8,
        to: u8,
        to_agency: bool,
        title: String,
        days: u8,
    },
    /// Act on a task: accept, start, answer, decline, cancel.
    TaskAct {
        actor: u8,
        task: u8,
        act: u8,
        text: String,
    },
    /// Refer a person or case.
    Refer {
        actor: u8,
        to: u8,
        person: Option<u8>,
        case: Option<u8>,
        reason: String,
        consent: u8,
    },
    /// Act on a referral: accept, decline, withdraw.
    ReferralAct { actor: u8, referral: u8, act: u8 },
    /// Record an assessment with a built-in template.
    Assess {
        actor: u8,
        case: u8,
        person: u8,
        template: u8,
        answers: Vec<(u8, u8)>,
    },
    /// Change a practitioner's role, or deactivate them.
    Staff {
        actor: u8,
        who: u8,
        role: u8,
        deactivate: bool,
    },
    /// An agency leaves.
    Leaves { actor: u8, agency: u8 },
    /// Reads by a viewer (case, person, searches, lists, feed, explain).
    Read {
        viewer: u8,
        case: u8,
        person: u8,
        query: String,
        as_of_hours: Option<u8>,
    },
    /// Time passes.
    Wait { hours: u16 },
}

#[derive(Default)]
struct Made {
    agencies: Vec<AgencyId>,
    practitioners: Vec<PractitionerId>,
    persons: Vec<PersonId>,
    cases: Vec<CaseId>,
    entries: Vec<EntryId>,
    tasks: Vec<TaskId>,
    referrals: Vec<ReferralId>,
}

fn pick<T: Copy>(items: &[T], i: u8, unknown: T) -> T {
    items.get(usize::from(i)).copied().unwrap_or(unknown)
}

/// The id nobody has: what an index past the end of a list picks.
const NIL: uuid::Uuid = uuid::Uuid::nil();

fn role(r: u8) -> Role {
    [
        Role::ReadOnly,
        Role::CaseWorker,
        Role::Supervisor,
        Role::AgencyAdmin,
        Role::PartnershipAdmin,
    ][usize::from(r % 5)]
}

fn visibility(v: u8) -> Visibility {
    [
        Visibility::Private,
        Visibility::Agency,
        Visibility::CaseTeam,
        Visibility::Partnership,
    ][usize::from(v % 4)]
}

fn category(c: u8) -> InformationCategory {
    [
        InformationCategory::General,
        InformationCategory::Asb,
        InformationCategory::RiskAssessment,
        InformationCategory::Health,
    ][usize::from(c % 4)]
}

/// A hub driven by arbitrary operations by arbitrary actors. Errors are expected and ignored;
/// afterwards the journal must verify and a replay of its export must give the same state.
pub fn commands(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(ops) = Vec::<Op>::arbitrary(&mut u) else {
        return;
    };
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let clock = ManualClock::new(start);
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(7))
        .open_in_memory()
        .unwrap();
    let est = hub
        .establish(
            "Fuzz",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
        )
        .unwrap();
    let mut m = Made {
        agencies: vec![est.agency],
        practitioners: vec![est.admin],
        ..Made::default()
    };
    for op in ops.into_iter().take(200) {
        run(&hub, &clock, &mut m, op);
    }
    let integrity = hub.verify().unwrap();
    assert!(integrity.is_ok(), "{integrity:?}");
    let bytes = hub.export_journal(est.admin).unwrap();
    let copy = Hub::builder().import(&bytes).unwrap();
    assert_eq!(copy.state_digest().unwrap(), hub.state_digest().unwrap());
}

fn run(hub: &Hub, clock: &ManualClock, m: &mut Made, op: Op) {
    let who = |i: u8| pick(&m.practitioners, i, PractitionerId(NIL));
    let case = |i: u8| pick(&m.cases, i, CaseId(NIL));
    let person = |i: u8| pick(&m.persons, i, PersonId(NIL));
    let agency = |i: u8| pick(&m.agencies, i, AgencyId(NIL));
    let now = clock_now(clock);
    match op {
        Op::AddAgency { actor, name } => {
            if let Ok(a) = hub.add_agency(
                who(actor),
                NewAgency {
                    name,
                    kind: AgencyKind::Housing,
                },
            ) {
                m.agencies.push(a);
            }
        }
        Op::Register {
            actor,
            agency: a,
            name,
            role: r,
        } => {
            let p = NewPractitioner {
                agency: agency(a),
                name,
                role: role(r),
                external_id: None,
            };
            if let Ok(p) = hub.register_practitioner(who(actor), p) {
                m.practitioners.push(p);
            }
        }
        Op::Agree {
            actor,
            a,
            b,
            categories,
        } => {
            let _ = hub.sign_agreement(
                who(actor),
                NewAgreement {
                    title: "ISP".into(),
                    parties: vec![agency(a), agency(b)],
                    purposes: vec!["fuzz".into()],
                    lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                    categories: categories.into_iter().map(category).collect(),
                    special_category: false,
                    starts: now - Duration::days(1),
                    ends: None,
                },
            );
        }
        Op::Person {
            actor,
            name,
            aliases,
            ids,
            restricted,
        } => {
            let identifiers = ids
                .into_iter()
                .map(|(k, v)| (IdentifierKind::ALL[usize::from(k % 4)], v))
                .collect();
            let p = NewPerson {
                name,
                aliases,
                identifiers,
                restricted,
                ..NewPerson::default()
            };
            if let Ok(p) = hub.record_person(who(actor), p) {
                m.persons.push(p);
            }
        }
        Op::Location {
            actor,
            label,
            postcode,
            uprn,
        } => {
            let l = NewLocation {
                label,
                postcode,
                uprn,
                ..NewLocation::default()
            };
            let _ = hub.record_location(who(actor), l);
        }
        Op::OpenCase {
            actor,
            title,
            kind,
            team,
        } => {
            let case_type = [CaseType::Asb, CaseType::DomesticAbuse, CaseType::HateCrime]
                [usize::from(kind % 3)];
            let team = team.into_iter().map(agency).collect();
            let c = NewCase {
                case_type,
                title,
                lead_practitioner: None,
                team,
            };
            if let Ok(c) = hub.open_case(who(actor), c) {
                m.cases.push(c);
            }
        }
        Op::Link {
            actor,
            case: c,
            person: p,
        } => {
            let _ = hub.link_subject(
                who(actor),
                case(c),
                Subject::Person(person(p)),
                SubjectRole::Victim,
            );
        }
        Op::Status {
            actor,
            case: c,
            status,
        } => {
            let s = [
                CaseStatus::Open,
                CaseStatus::UnderReview,
                CaseStatus::Closed,
                CaseStatus::Reopened,
            ][usize::from(status % 4)];
            let _ = hub.change_case_status(who(actor), case(c), s);
        }
        Op::Entry {
            actor,
            case: c,
            text,
            visibility: v,
            sensitive,
        } => {
            let mut e = NewEntry::note(text).visible_to(visibility(v));
            e.sensitive = sensitive;
            if let Ok(e) = hub.add_entry(who(actor), case(c), e) {
                m.entries.push(e);
            }
        }
        Op::Visibility {
            actor,
            entry,
            visibility: v,
            sensitive,
        } => {
            let e = pick(&m.entries, entry, EntryId(NIL));
            let _ = hub.change_entry_visibility(who(actor), e, visibility(v), sensitive);
        }
        Op::Task {
            actor,
            case: c,
            to,
            to_agency,
            title,
            days,
        } => {
            let assignee = if to_agency {
                Assignee::Agency(agency(to))
            } else {
                Assignee::Practitioner(who(to))
            };
            let t = NewTask {
                case: case(c),
                assignee,
                title,
                detail: "detail".into(),
                category: InformationCategory::General,
                due: now + Duration::days(i64::from(days)),
                priority: Priority::Normal,
            };
            if let Ok(t) = hub.set_task(who(actor), t) {
                m.tasks.push(t);
            }
        }
        Op::TaskAct {
            actor,
            task,
            act,
            text,
        } => {
            let (a, t) = (who(actor), pick(&m.tasks, task, TaskId(NIL)));
            let _ = match act % 5 {
                0 => hub.accept_task(a, t),
                1 => hub.start_task(a, t),
                2 => hub
                    .answer_task(a, t, NewEntry::note(text))
                    .map(|e| m.entries.push(e)),
                3 => hub.decline_task(a, t, &text),
                _ => hub.cancel_task(a, t),
            };
        }
        Op::Refer {
            actor,
            to,
            person: p,
            case: c,
            reason,
            consent,
        } => {
            let consent = match consent % 4 {
                0 => None,
                1 => Some(Consent::Given),
                2 => Some(Consent::Refused),
                _ => Some(Consent::NotRequired {
                    lawful_reason: "s115".into(),
                }),
            };
            let r = NewReferral {
                to: agency(to),
                person: p.map(person),
                case: c.map(case),
                category: InformationCategory::General,
                reason,
                consent,
                consent_override: None,
            };
            if let Ok(r) = hub.refer(who(actor), r) {
                m.referrals.push(r);
            }
        }
        Op::ReferralAct {
            actor,
            referral,
            act,
        } => {
            let (a, r) = (who(actor), pick(&m.referrals, referral, ReferralId(NIL)));
            let _ = match act % 3 {
                0 => hub.accept_referral(a, r),
                1 => hub.decline_referral(a, r, "no capacity"),
                _ => hub.withdraw_referral(a, r),
            };
        }
        Op::Assess {
            actor,
            case: c,
            person: p,
            template,
            answers,
        } => {
            let templates = builtin::all();
            let Some(t) = templates.get(usize::from(template) % templates.len().max(1)) else {
                return;
            };
            let answers = answers
                .into_iter()
                .filter_map(|(q, v)| {
                    let q = t.questions.get(usize::from(q) % t.questions.len().max(1))?;
                    let value = match &q.kind {
                        QuestionKind::YesNo => safehub::AnswerValue::YesNo(v % 2 == 1),
                        QuestionKind::Scale { .. } => safehub::AnswerValue::Scale(i64::from(v % 7)),
                        QuestionKind::Choice { options } => safehub::AnswerValue::Choice(
                            options
                                .get(usize::from(v) % options.len().max(1))?
                                .id
                                .clone(),
                        ),
                    };
                    Some((q.id.clone(), value))
                })
                .collect();
            let _ = hub.record_assessment(
                who(actor),
                NewAssessment::new(case(c), person(p), &t.id, answers),
            );
        }
        Op::Staff {
            actor,
            who: w,
            role: r,
            deactivate,
        } => {
            // Never the founding admin (index 0): the run's final export needs them.
            let target = pick(
                m.practitioners.get(1..).unwrap_or(&[]),
                w,
                PractitionerId(NIL),
            );
            let _ = if deactivate {
                hub.deactivate_practitioner(who(actor), target)
            } else {
                hub.change_role(who(actor), target, role(r))
            };
        }
        Op::Leaves { actor, agency: a } => {
            let _ = hub.agency_leaves(who(actor), agency(a));
        }
        Op::Read {
            viewer,
            case: c,
            person: p,
            query,
            as_of_hours,
        } => {
            let mut v = Viewer::new(who(viewer)).because("fuzz");
            if let Some(h) = as_of_hours {
                v = v.as_of(now - Duration::hours(i64::from(h)));
            }
            let _ = hub.case(&v, case(c));
            let _ = hub.person(&v, person(p));
            let _ = hub.search_people(&v, &query);
            let _ = hub.cases(&v);
            let _ = hub.my_tasks(&v);
            let _ = hub.whats_new(&v, now - Duration::days(30));
            let _ = hub.priority_list(&v, 20);
            let _ = hub.explain(&v, safehub::Target::Case(case(c)));
        }
        Op::Wait { hours } => clock.advance(Duration::hours(i64::from(hours))),
    }
}

fn clock_now(clock: &ManualClock) -> chrono::DateTime<Utc> {
    safehub::Clock::now(clock)
}
