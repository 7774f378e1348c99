//! Every public text and list input of the hub has a maximum: over it, or empty, or with control
//! characters, a call fails with `Error::Invalid` naming the field, and nothing is written.

use chrono::{Duration, TimeZone, Utc};
use safehub::{
    AgencyKind, Assignee, CaseType, Error, Hub, IdentifierKind, InformationCategory, LawfulBasis,
    ManualClock, NewAgreement, NewAssessment, NewCase, NewEntry, NewGroup, NewLocation, NewPerson,
    NewReferral, NewTask, PractitionerId, Priority, Role, SequentialIds, Template, Viewer,
};
use safehub_workspace::{agency, practitioner};
use std::fmt::Debug;

struct World {
    hub: Hub,
    admin: PractitionerId,
    pc: PractitionerId,
    police: safehub::AgencyId,
    housing: safehub::AgencyId,
    case: safehub::CaseId,
    person: safehub::PersonId,
}

fn world() -> World {
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let hub = Hub::builder()
        .clock(ManualClock::new(start))
        .ids(SequentialIds::new(1))
        .open_in_memory()
        .unwrap();
    let est = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let housing = hub
        .add_agency(est.admin, agency("Housing", AgencyKind::Housing))
        .unwrap();
    let pc = hub
        .register_practitioner(est.admin, practitioner(est.agency, "PC", Role::CaseWorker))
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Road".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    let person = hub
        .record_person(
            pc,
            NewPerson {
                name: "A Person".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    World {
        hub,
        admin: est.admin,
        pc,
        police: est.agency,
        housing,
        case,
        person,
    }
}

/// Asserts `result` is `Error::Invalid` on `field` and that the journal did not move.
fn refused<T: Debug>(w: &World, field: &str, result: safehub::Result<T>, before: u64) {
    match result {
        Err(Error::Invalid { field: f, .. }) if f == field => {}
        other => panic!("expected Invalid {{ field: {field:?} }}, got {other:?}"),
    }
    assert_eq!(
        w.hub.seq(),
        before,
        "a refused {field} wrote to the journal"
    );
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

fn person(name: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        ..NewPerson::default()
    }
}

#[test]
fn over_long_empty_and_control_character_names_are_refused_naming_the_field() {
    let w = world();
    let s = w.hub.seq();
    refused(&w, "name", w.hub.record_person(w.pc, person(&long(201))), s);
    refused(&w, "name", w.hub.record_person(w.pc, person("   ")), s);
    refused(&w, "name", w.hub.record_person(w.pc, person("")), s);
    refused(
        &w,
        "name",
        w.hub.record_person(w.pc, person("Bad\u{7}name")),
        s,
    );
    refused(
        &w,
        "name",
        w.hub
            .add_agency(w.admin, agency(&long(201), AgencyKind::FireAndRescue)),
        s,
    );
    refused(
        &w,
        "name",
        w.hub
            .register_practitioner(w.admin, practitioner(w.police, "a\nb", Role::CaseWorker)),
        s,
    );
    let mut p = practitioner(w.police, "Ok", Role::CaseWorker);
    p.external_id = Some(long(501));
    refused(
        &w,
        "external_id",
        w.hub.register_practitioner(w.admin, p),
        s,
    );
    let location = |label: &str, address: Option<String>| NewLocation {
        label: label.into(),
        address,
        ..NewLocation::default()
    };
    refused(
        &w,
        "label",
        w.hub.record_location(w.pc, location(&long(201), None)),
        s,
    );
    refused(
        &w,
        "address",
        w.hub
            .record_location(w.pc, location("Flat", Some(long(501)))),
        s,
    );
    let case = |title: &str, team| NewCase {
        case_type: CaseType::Asb,
        title: title.into(),
        lead_practitioner: None,
        team,
    };
    refused(&w, "title", w.hub.open_case(w.pc, case("", vec![])), s);
    refused(
        &w,
        "title",
        w.hub.open_case(w.pc, case(&long(201), vec![])),
        s,
    );
    refused(
        &w,
        "team",
        w.hub.open_case(w.pc, case("T", vec![w.housing; 51])),
        s,
    );
    let group = |name: &str, members| NewGroup {
        name: name.into(),
        kind: safehub::GroupKind::Household,
        members,
    };
    refused(
        &w,
        "name",
        w.hub.form_group(w.pc, group("\u{0}", vec![])),
        s,
    );
    refused(
        &w,
        "members",
        w.hub.form_group(w.pc, group("G", vec![w.person; 51])),
        s,
    );
    refused(
        &w,
        "query",
        w.hub.search_people(&Viewer::new(w.pc), &long(201)),
        s,
    );
    refused(
        &w,
        "query",
        w.hub.search_locations(&Viewer::new(w.pc), ""),
        s,
    );
    refused(
        &w,
        "justification",
        w.hub.case(&Viewer::new(w.pc).because(long(501)), w.case),
        s,
    );
    // An empty hub refuses a bad partnership before anything is written.
    let empty = Hub::open_in_memory().unwrap();
    let bad = empty.establish(&long(201), agency("Police", AgencyKind::Police), "Admin");
    assert!(
        matches!(bad, Err(Error::Invalid { field: "name", .. })),
        "{bad:?}"
    );
    let bad = empty.establish("Hub", agency("Police", AgencyKind::Police), "");
    assert!(
        matches!(
            bad,
            Err(Error::Invalid {
                field: "admin_name",
                ..
            })
        ),
        "{bad:?}"
    );
    assert_eq!(empty.seq(), 0);
}

#[test]
fn too_many_items_in_any_list_are_refused_naming_the_list() {
    let w = world();
    let s = w.hub.seq();
    let mut p = person("Ok");
    p.aliases = vec!["alias".into(); 51];
    refused(&w, "aliases", w.hub.record_person(w.pc, p), s);
    let mut p = person("Ok");
    p.aliases = vec!["fine".into(), "tab\tin alias".into()];
    refused(&w, "aliases", w.hub.record_person(w.pc, p), s);
    let mut p = person("Ok");
    p.identifiers = vec![(IdentifierKind::NhsNumber, "9434765919".into()); 51];
    refused(&w, "identifiers", w.hub.record_person(w.pc, p), s);
    let mut p = person("Ok");
    p.flags = vec![safehub::VulnerabilityFlag::MentalHealth; 51];
    refused(&w, "flags", w.hub.record_person(w.pc, p), s);
    // An over-long identifier fails its own typed check, naming its kind.
    let mut p = person("Ok");
    p.identifiers = vec![(IdentifierKind::NhsNumber, "9".repeat(1_000_000))];
    match w.hub.record_person(w.pc, p) {
        Err(Error::Identifier(e)) => assert_eq!(e.kind(), "NHS number"),
        other => panic!("{other:?}"),
    }
    assert_eq!(w.hub.seq(), s);

    let agreement = || NewAgreement {
        title: "ISP".into(),
        parties: vec![w.police, w.housing],
        purposes: vec!["ASB".into()],
        lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
        categories: vec![InformationCategory::General],
        special_category: false,
        starts: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
        ends: None,
    };
    let mut a = agreement();
    a.purposes = vec!["p".into(); 51];
    refused(&w, "purposes", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.parties = [w.police, w.housing].repeat(26);
    refused(&w, "parties", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.categories = vec![InformationCategory::General; 51];
    refused(&w, "categories", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.title = long(201);
    refused(&w, "title", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.lawful_basis = LawfulBasis::Other(long(501));
    refused(&w, "lawful_basis", w.hub.sign_agreement(w.admin, a), s);
}

#[test]
fn entries_tasks_referrals_and_assessments_bound_their_text() {
    let w = world();
    let s = w.hub.seq();
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note(long(20_001))),
        s,
    );
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note(" \n ")),
        s,
    );
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note("bell\u{7}")),
        s,
    );
    // 100 MB of text is refused by its byte length, without walking it.
    let huge = "y".repeat(100 * 1024 * 1024);
    let started = std::time::Instant::now();
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note(huge)),
        s,
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));

    let task = |title: String, detail: String| NewTask {
        case: w.case,
        assignee: Assignee::Agency(w.housing),
        title,
        detail,
        category: InformationCategory::General,
        due: Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap(),
        priority: Priority::Normal,
    };
    refused(
        &w,
        "title",
        w.hub.set_task(w.pc, task(long(201), "d".into())),
        s,
    );
    refused(
        &w,
        "detail",
        w.hub.set_task(w.pc, task("t".into(), long(20_001))),
        s,
    );
    let nobody = safehub::TaskId(uuid::Uuid::nil());
    refused(
        &w,
        "reason",
        w.hub.decline_task(w.pc, nobody, &long(501)),
        s,
    );
    refused(
        &w,
        "answer",
        w.hub.answer_task(w.pc, nobody, NewEntry::note("")),
        s,
    );

    let referral = |reason: String| NewReferral {
        to: w.housing,
        person: Some(w.person),
        case: None,
        category: InformationCategory::General,
        reason,
        consent: None,
        consent_override: None,
    };
    refused(&w, "reason", w.hub.refer(w.pc, referral(long(20_001))), s);
    let mut r = referral("why".into());
    r.consent_override = Some(long(501));
    refused(&w, "consent_override", w.hub.refer(w.pc, r), s);
    let nowhere = safehub::ReferralId(uuid::Uuid::nil());
    refused(&w, "reason", w.hub.decline_referral(w.pc, nowhere, ""), s);

    let assessment = || NewAssessment::new(w.case, w.person, "dash-ric", Default::default());
    let mut a = assessment();
    a.template = long(65);
    refused(&w, "template", w.hub.record_assessment(w.pc, a), s);
    let mut a = assessment();
    a.notes = Some(long(20_001));
    refused(&w, "notes", w.hub.record_assessment(w.pc, a), s);
    let mut a = assessment();
    a.escalation.incidents = vec![Utc::now() - Duration::days(1); 1_001];
    refused(&w, "incidents", w.hub.record_assessment(w.pc, a), s);
    let mut a = assessment();
    a.answers = (0..101)
        .map(|i| (format!("q{i}"), safehub::AnswerValue::YesNo(true)))
        .collect();
    refused(&w, "answers", w.hub.record_assessment(w.pc, a), s);
    let none = safehub::AssessmentId(uuid::Uuid::nil());
    refused(
        &w,
        "reason",
        w.hub
            .override_assessment(w.pc, none, safehub::Level::High, &long(20_001)),
        s,
    );
    refused(
        &w,
        "note",
        w.hub.review_assessment(w.pc, none, "\u{1b}[2J"),
        s,
    );
}

#[test]
fn a_template_larger_than_a_mebibyte_is_refused_before_parsing() {
    let json = format!("{{\"id\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    assert!(matches!(
        Template::from_json(&json),
        Err(Error::Invalid {
            field: "template",
            ..
        })
    ));
}

#[test]
fn a_change_feed_limit_of_usize_max_is_safe_and_cut_to_a_page() {
    let w = world();
    for i in 0..3 {
        w.hub
            .add_entry(w.pc, w.case, NewEntry::note(format!("n{i}")))
            .unwrap();
    }
    let all = w.hub.changes_since(0, usize::MAX).unwrap();
    assert_eq!(all.len() as u64, w.hub.seq());
}

/// A stream of `size` bytes made on demand by `chunk(0)`, `chunk(1)`, ..., counting the bytes it
/// hands out: 100 MB that never exists in memory.
struct Lazy<F> {
    chunk: F,
    next: u64,
    pending: Vec<u8>,
    at: usize,
    handed_out: u64,
    size: u64,
}

const HUNDRED_MB: u64 = 100 * 1024 * 1024;

fn lazy<F: FnMut(u64) -> Vec<u8>>(chunk: F) -> Lazy<F> {
    Lazy {
        chunk,
        next: 0,
        pending: Vec::new(),
        at: 0,
        handed_out: 0,
        size: HUNDRED_MB,
    }
}

impl<F: FnMut(u64) -> Vec<u8>> std::io::Read for Lazy<F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.handed_out >= self.size {
            return Ok(0);
        }
        if self.at == self.pending.len() {
            self.pending = (self.chunk)(self.next);
            self.next += 1;
            self.at = 0;
        }
        let n = buf
            .len()
            .min(self.pending.len() - self.at)
            .min((self.size - self.handed_out) as usize);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        self.handed_out += n as u64;
        Ok(n)
    }
}

/// 4 KiB of pseudo-random bytes, the `i`th block of a fixed series, mapped through `keep`.
fn garbage(i: u64, keep: impl Fn(u8) -> u8) -> Vec<u8> {
    let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            keep(x as u8)
        })
        .collect()
}

const HEADER: &[u8] = b"external_ref,occurred_at,category,summary\n";

/// Imports `input` as CSV and returns the result and how many bytes were read; nothing may have
/// been written whatever happened.
fn import_csv<F: FnMut(u64) -> Vec<u8>>(
    w: &World,
    mut input: Lazy<F>,
) -> (safehub::Result<safehub::ImportReport>, u64) {
    let before = w.hub.seq();
    let result =
        w.hub
            .import_incidents_csv(w.pc, &mut input, &safehub::ImportOptions::default(), None);
    assert_eq!(w.hub.seq(), before, "a refused import wrote to the journal");
    println!("read {} of {} bytes", input.handed_out, input.size);
    (result, input.handed_out)
}

/// The first row error of a rejected import, as (line, field).
fn first_row_error(result: safehub::Result<safehub::ImportReport>) -> (u64, String) {
    match result {
        Err(Error::ImportRejected { errors }) => (errors[0].line, errors[0].field.clone()),
        other => panic!("expected ImportRejected, got {other:?}"),
    }
}

#[test]
fn a_100_mb_csv_of_garbage_is_refused_at_its_first_bad_line_after_a_small_prefix() {
    let w = world();
    let small = 512 * 1024;
    // Any bytes: the header line is not UTF-8, or lacks the required columns.
    let (result, read) = import_csv(&w, lazy(|i| garbage(i, |b| b)));
    let (line, field) = first_row_error(result);
    assert!(line == 1 && ["header", "external_ref"].contains(&field.as_str()));
    assert!(read < small, "read {read} bytes of garbage");
    // Printable garbage without a line break: one endless header record, cut at the record limit.
    let (result, read) = import_csv(&w, lazy(|i| garbage(i, |b| b'a' + b % 26)));
    assert_eq!(first_row_error(result), (1, "header".into()));
    assert!(read < small, "read {read} bytes of one endless line");
    // A good header, then lines of garbage: refused at line 2.
    let lines = |i| match i {
        0 => HEADER.to_vec(),
        _ => garbage(i, |b| if b % 40 == 0 { b'\n' } else { b'a' + b % 26 }),
    };
    let (result, read) = import_csv(&w, lazy(lines));
    assert_eq!(first_row_error(result), (2, "row".into()));
    assert!(read < small, "read {read} bytes after a good header");
}

#[test]
fn a_100_mb_csv_of_valid_looking_rows_is_refused_at_a_limit_well_before_its_end() {
    let w = world();
    // Short rows: the row limit comes first, after a few MB.
    let short = |i| match i {
        0 => HEADER.to_vec(),
        _ => format!("R{i},2026-02-01T10:00:00Z,asb_nuisance,Noise\n").into_bytes(),
    };
    let (result, read) = import_csv(&w, lazy(short));
    assert!(
        matches!(result, Err(Error::Invalid { field: "rows", .. })),
        "{result:?}"
    );
    assert!(read < 16 * 1024 * 1024, "read {read} bytes of short rows");
    // Long rows (summaries of 20,000 three-byte characters): the byte limit comes first.
    let summary = "\u{2603}".repeat(20_000);
    let long = |i| match i {
        0 => HEADER.to_vec(),
        _ => format!("R{i},2026-02-01T10:00:00Z,asb_nuisance,{summary}\n").into_bytes(),
    };
    let (result, read) = import_csv(&w, lazy(long));
    assert!(
        matches!(result, Err(Error::Invalid { field: "input", .. })),
        "{result:?}"
    );
    let limit = safehub::validation::MAX_IMPORT_BYTES;
    assert!(read <= limit + 8 * 1024, "read {read} bytes of long rows");
}

#[test]
fn a_csv_row_over_the_record_limit_is_named_by_its_line() {
    let w = world();
    let huge = "x".repeat(safehub::validation::MAX_IMPORT_RECORD_BYTES as usize + 16 * 1024);
    let rows = move |i| match i {
        0 => HEADER.to_vec(),
        1 => b"R1,2026-02-01T10:00:00Z,asb_nuisance,Noise\n".to_vec(),
        _ => format!("R{i},2026-02-01T10:00:00Z,asb_nuisance,{huge}\n").into_bytes(),
    };
    let (result, read) = import_csv(&w, lazy(rows));
    assert_eq!(first_row_error(result), (3, "row".into()));
    assert!(read < 512 * 1024, "read {read} bytes");
}

#[test]
fn a_json_import_over_the_byte_limit_is_refused_before_parsing() {
    let w = world();
    let json = vec![b' '; safehub::validation::MAX_IMPORT_BYTES as usize + 1];
    let before = w.hub.seq();
    let result = w
        .hub
        .import_incidents_json(w.pc, &json, &safehub::ImportOptions::default(), None);
    assert!(
        matches!(result, Err(Error::Invalid { field: "input", .. })),
        "{result:?}"
    );
    assert_eq!(w.hub.seq(), before);
}

#[test]
fn a_csv_of_valid_rows_under_the_limits_imports() {
    let w = world();
    let rows = (1..=100)
        .map(|i| format!("R{i},2026-02-01T10:00:00Z,asb_nuisance,Noise\n"))
        .collect::<String>();
    let csv = [HEADER, rows.as_bytes()].concat();
    let report = w
        .hub
        .import_incidents_csv(
            w.pc,
            csv.as_slice(),
            &safehub::ImportOptions::default(),
            None,
        )
        .unwrap();
    assert_eq!(report.imported, 100);
}

#[test]
fn opening_an_empty_path_or_memory_is_refused_rather_than_a_database_that_vanishes() {
    for path in ["", ":memory:"] {
        let result = Hub::open(path);
        assert!(
            matches!(result, Err(Error::Invalid { field: "path", .. })),
            "{path:?}: {:?}",
            result.map(|h| h.seq())
        );
    }
}
