//! Worked scenarios of the sharing rules, each named after the situation it proves, built only
//! through the public API.
//!
//! The last two are regression tests for disagreements between the engine and the written rules
//! that the reference model (`tests/sharing_model.rs`) found and that were then fixed.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::{
    Access, AgencyId, AgencyKind, AgreementId, CaseId, CaseType, CaseView, EntryKind, EntryView,
    ErrorCode, Hub, IdentifierKind, InformationCategory, LawfulBasis, ManualClock, NewAgreement,
    NewCase, NewEntry, NewPerson, PersonView, PractitionerId, Role, Rule, SequentialIds, Subject,
    SubjectRole, Target, Viewer, Visibility,
};
use safehub_workspace::{agency, practitioner};

type Time = DateTime<Utc>;
use InformationCategory as C;

fn start() -> Time {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn ok<T>(what: &str, r: safehub::Result<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{what}: {e}"),
    }
}

/// Police (hosting), housing and mental health, each with practitioners, on a manual clock.
struct Borough {
    hub: Hub,
    clock: ManualClock,
    admin: PractitionerId,
    police: AgencyId,
    housing: AgencyId,
    mental_health: AgencyId,
    pc: PractitionerId,
    sergeant: PractitionerId,
    housing_officer: PractitionerId,
    housing_manager: PractitionerId,
    nurse: PractitionerId,
}

impl Borough {
    fn new() -> Self {
        let clock = ManualClock::new(start());
        let hub = ok(
            "open",
            Hub::builder()
                .clock(clock.clone())
                .ids(SequentialIds::new(7))
                .open_in_memory(),
        );
        let est = ok(
            "establish",
            hub.establish("Hub", agency("Police", AgencyKind::Police), "Insp Admin"),
        );
        let housing = ok(
            "housing",
            hub.add_agency(est.admin, agency("Housing", AgencyKind::Housing)),
        );
        let mental_health = ok(
            "mh",
            hub.add_agency(est.admin, agency("Mental Health", AgencyKind::MentalHealth)),
        );
        let reg = |a, name: &str, role| {
            ok(
                name,
                hub.register_practitioner(est.admin, practitioner(a, name, role)),
            )
        };
        let pc = reg(est.agency, "PC Patel", Role::CaseWorker);
        let sergeant = reg(est.agency, "Sgt Jones", Role::Supervisor);
        let housing_officer = reg(housing, "Housing Officer Hale", Role::CaseWorker);
        let housing_manager = reg(housing, "Housing Manager Ames", Role::Supervisor);
        let nurse = reg(mental_health, "Nurse Okafor", Role::CaseWorker);
        Borough {
            hub,
            clock,
            admin: est.admin,
            police: est.agency,
            housing,
            mental_health,
            pc,
            sergeant,
            housing_officer,
            housing_manager,
            nurse,
        }
    }

    fn now(&self) -> Time {
        safehub::Clock::now(&self.clock)
    }

    fn later(&self, d: Duration) {
        self.clock.advance(d);
    }

    fn sign(
        &self,
        parties: Vec<AgencyId>,
        categories: Vec<InformationCategory>,
        special: bool,
    ) -> AgreementId {
        ok(
            "sign",
            self.hub.sign_agreement(
                self.admin,
                NewAgreement {
                    title: "ISA".into(),
                    parties,
                    purposes: vec!["community safety".into()],
                    lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                    categories,
                    special_category: special,
                    starts: start() - Duration::days(30),
                    ends: None,
                },
            ),
        )
    }

    fn open(&self, by: PractitionerId, t: CaseType, team: Vec<AgencyId>) -> CaseId {
        ok(
            "open case",
            self.hub.open_case(
                by,
                NewCase {
                    case_type: t,
                    title: "Case".into(),
                    lead_practitioner: None,
                    team,
                },
            ),
        )
    }

    fn full_case(&self, v: &Viewer, case: CaseId) -> safehub::views::CaseDetail {
        match self.hub.case(v, case) {
            Ok(CaseView::Full(d)) => d,
            other => panic!("expected a full case view, got {other:?}"),
        }
    }

    fn access(&self, v: &Viewer, target: Target) -> Access {
        ok("explain", self.hub.explain(v, target)).decision.access
    }
}

fn json<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?}")
}

#[test]
fn police_private_report_is_invisible_to_housing_but_housing_sees_police_worked_the_case() {
    let b = Borough::new();
    b.sign(vec![b.police, b.housing], vec![C::General, C::Asb], false);
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    b.later(Duration::hours(3));
    let written_at = b.now();
    let report = ok(
        "report",
        b.hub.add_entry(
            b.pc,
            case,
            NewEntry::note("Informant says the flat is used for dealing")
                .visible_to(Visibility::Private),
        ),
    );
    b.later(Duration::days(1));

    let housing = Viewer::new(b.housing_officer).because("ASB panel");
    let view = b.full_case(&housing, case);
    assert_eq!(view.entries.len(), 1, "the report shows as one stub");
    let Some(EntryView::Stub(stub)) = view.entries.first() else {
        panic!("expected a stub, got {:?}", view.entries)
    };
    assert_eq!(stub.id, report);
    assert_eq!(stub.agency.name, "Police", "the stub names the agency");
    assert_eq!(stub.at, written_at, "and the date");
    assert_eq!(stub.kind, EntryKind::Note, "and the kind of entry");
    let text = ok(
        "serialise",
        serde_json::to_string(&view).map_err(|e| safehub::Error::Storage(e.to_string())),
    );
    assert!(
        !text.contains("Informant"),
        "the report's text stays with its author"
    );
    assert_eq!(b.access(&housing, Target::Entry(report)), Access::Stub);

    // Police colleagues do not read it either: private means the author.
    let sergeant = Viewer::new(b.sergeant);
    let seen = b.full_case(&sergeant, case);
    assert!(matches!(seen.entries.first(), Some(EntryView::Stub(_))));
    // The author does.
    let author = b.full_case(&Viewer::new(b.pc), case);
    assert!(
        matches!(author.entries.first(), Some(EntryView::Full(e)) if e.text.contains("Informant"))
    );
}

#[test]
fn mental_health_entry_reaches_police_only_under_an_agreement_that_names_health_data() {
    let b = Borough::new();
    // Safeguarding work is shared, and the agreement even lists mental health, but without the
    // special category flag it does not cover it.
    b.sign(
        vec![b.police, b.mental_health],
        vec![C::General, C::Safeguarding, C::MentalHealth],
        false,
    );
    let case = b.open(b.nurse, CaseType::VulnerablePerson, vec![b.police]);
    let entry = ok(
        "entry",
        b.hub.add_entry(
            b.nurse,
            case,
            NewEntry::note("Psychosis, sectioned in 2023").category(C::MentalHealth),
        ),
    );
    let police = Viewer::new(b.pc).because("welfare check");
    let view = b.full_case(&police, case);
    assert!(
        matches!(view.entries.first(), Some(EntryView::Stub(_))),
        "without health data named, police get a stub: {:?}",
        view.entries
    );

    // Special category data, but not mental health: still a stub.
    b.later(Duration::hours(1));
    b.sign(vec![b.police, b.mental_health], vec![C::Health], true);
    let view = b.full_case(&police, case);
    assert!(matches!(view.entries.first(), Some(EntryView::Stub(_))));

    // An agreement naming health data with mental health listed: in full, under that agreement.
    b.later(Duration::hours(1));
    let health = b.sign(vec![b.police, b.mental_health], vec![C::MentalHealth], true);
    let view = b.full_case(&police, case);
    assert!(
        matches!(view.entries.first(), Some(EntryView::Full(e)) if e.text.contains("Psychosis")),
        "{:?}",
        view.entries
    );
    let why = ok("explain", b.hub.explain(&police, Target::Entry(entry)));
    assert_eq!(why.decision.rule, Rule::Agreement { agreement: health });
}

#[test]
fn when_an_agreement_ends_new_reads_are_withheld_and_as_of_last_month_still_shows_what_was_shared()
{
    let b = Borough::new();
    let isa = b.sign(
        vec![b.police, b.housing],
        vec![C::General, C::Asb, C::Housing],
        false,
    );
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    let entry = ok(
        "entry",
        b.hub
            .add_entry(b.pc, case, NewEntry::note("Warning letter served")),
    );
    let housing = Viewer::new(b.housing_officer).because("tenancy review");
    let view = b.full_case(&housing, case);
    assert!(matches!(view.entries.first(), Some(EntryView::Full(_))));

    b.later(Duration::days(40));
    let last_month = b.now() - Duration::days(30);
    ok("end", b.hub.end_agreement(b.admin, isa, b.now()));
    b.later(Duration::minutes(1));

    // New reads: the case header is no longer covered, so housing gets the stub; the entry's
    // content is withheld.
    match ok("read", b.hub.case(&housing, case)) {
        CaseView::Stub(s) => assert!(!format!("{s:?}").contains("Warning letter")),
        CaseView::Full(d) => panic!("expected a stub after the agreement ended: {d:?}"),
    }
    assert_ne!(b.access(&housing, Target::Entry(entry)), Access::Full);
    assert_ne!(b.access(&housing, Target::Case(case)), Access::Full);

    // As of last month, the record still shows what was shared then.
    let then = housing.clone().as_of(last_month);
    let view = b.full_case(&then, case);
    assert!(
        matches!(view.entries.first(), Some(EntryView::Full(e)) if e.text == "Warning letter served"),
        "{:?}",
        view.entries
    );
    assert_eq!(b.access(&then, Target::Entry(entry)), Access::Full);
}

#[test]
fn consultation_log_shows_housing_reads_of_police_content_with_justification_and_agreement() {
    let b = Borough::new();
    let isa = b.sign(vec![b.police, b.housing], vec![C::General, C::Asb], false);
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    let entry = ok(
        "entry",
        b.hub
            .add_entry(b.pc, case, NewEntry::note("Noise diary reviewed")),
    );
    let from = b.now() - Duration::days(1);
    b.later(Duration::hours(2));
    let read_at = b.now();
    ok(
        "housing reads",
        b.hub.case(
            &Viewer::new(b.housing_officer).because("MARAC 3 March, item 4"),
            case,
        ),
    );
    b.later(Duration::hours(1));
    let to = b.now() + Duration::days(1);

    let log = ok(
        "consultations",
        b.hub.consultations(&Viewer::new(b.sergeant), from, to),
    );
    assert_eq!(log.len(), 1, "{log:?}");
    let c = &log[0];
    assert_eq!(c.viewer, b.housing_officer);
    assert_eq!(c.viewer_agency, b.housing);
    assert_eq!(c.justification, "MARAC 3 March, item 4");
    assert_eq!(c.at, read_at);
    assert!(
        c.items
            .iter()
            .any(|i| i.id == entry.0 && i.agreement == isa && i.owner == b.police),
        "the police entry, under the agreement: {:?}",
        c.items
    );
    assert!(c.items.iter().any(|i| i.id == case.0 && i.agreement == isa));
    assert!(c.items.iter().all(|i| i.owner == b.police));

    // Reading your own agency's content logs nothing.
    b.later(Duration::hours(1));
    ok(
        "police read",
        b.hub.case(&Viewer::new(b.pc).because("own case"), case),
    );
    ok(
        "sergeant read",
        b.hub
            .case(&Viewer::new(b.sergeant).because("supervision"), case),
    );
    let log = ok(
        "consultations",
        b.hub.consultations(&Viewer::new(b.sergeant), from, to),
    );
    assert_eq!(
        log.len(),
        1,
        "police reading police content is not logged: {log:?}"
    );
    let housing_log = ok(
        "housing consultations",
        b.hub
            .consultations(&Viewer::new(b.housing_manager), from, to),
    );
    assert!(housing_log.is_empty(), "{housing_log:?}");

    // Only supervisors may read the log.
    let refused = b.hub.consultations(&Viewer::new(b.pc), from, to);
    assert!(matches!(refused, Err(e) if e.code() == ErrorCode::Forbidden));
}

#[test]
fn sensitive_entry_hides_even_the_stub_from_housing_and_the_lead_supervisor_sees_the_hidden_count()
{
    let b = Borough::new();
    // General and ASB only: neither crime nor housing content crosses.
    b.sign(vec![b.police, b.housing], vec![C::General, C::Asb], false);
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    let plain = ok(
        "plain",
        b.hub.add_entry(
            b.pc,
            case,
            NewEntry::note("Suspect arrested").category(C::Crime),
        ),
    );
    let sensitive = ok(
        "sensitive",
        b.hub.add_entry(
            b.pc,
            case,
            NewEntry::note("Covert source reporting")
                .category(C::Crime)
                .sensitive(),
        ),
    );
    let housing = Viewer::new(b.housing_officer);
    let view = b.full_case(&housing, case);
    let ids: Vec<_> = view
        .entries
        .iter()
        .map(|e| match e {
            EntryView::Full(f) => (f.id, "full"),
            EntryView::Stub(s) => (s.id, "stub"),
        })
        .collect();
    assert_eq!(
        ids,
        vec![(plain, "stub")],
        "the sensitive entry leaves no trace"
    );
    assert_eq!(
        view.hidden_entries, 0,
        "housing is not told anything is hidden"
    );
    assert_eq!(
        b.access(&housing, Target::Entry(sensitive)),
        Access::Nothing
    );
    let why = ok("explain", b.hub.explain(&housing, Target::Entry(sensitive)));
    assert_eq!(why.decision.rule, Rule::Withheld, "not even why");

    // Housing writes a sensitive housing note police may not read: police see no stub, and
    // only the lead agency's supervisor is told that something is hidden.
    ok(
        "housing sensitive",
        b.hub.add_entry(
            b.housing_officer,
            case,
            NewEntry::note("Tenant disclosed abuse")
                .category(C::Housing)
                .sensitive(),
        ),
    );
    let pc_view = b.full_case(&Viewer::new(b.pc), case);
    assert_eq!(pc_view.entries.len(), 2, "{:?}", pc_view.entries);
    assert_eq!(pc_view.hidden_entries, 0, "a case worker is not told");
    let sergeant_view = b.full_case(&Viewer::new(b.sergeant), case);
    assert_eq!(sergeant_view.entries.len(), 2);
    assert_eq!(
        sergeant_view.hidden_entries, 1,
        "the lead supervisor is told"
    );
    assert!(!json(&sergeant_view).contains("Tenant disclosed"));
    let manager_view = b.full_case(&Viewer::new(b.housing_manager), case);
    assert_eq!(
        manager_view.hidden_entries, 0,
        "housing does not lead the case"
    );
}

#[test]
fn person_search_without_case_access_gives_name_and_known_to_only_and_nhs_number_finds_nothing() {
    let b = Borough::new();
    b.sign(
        vec![b.police, b.housing],
        vec![C::General, C::Asb, C::PersonalDetails],
        false,
    );
    let person = ok(
        "person",
        b.hub.record_person(
            b.pc,
            NewPerson {
                name: "Dean Whitmore".into(),
                aliases: vec!["Deano".into()],
                identifiers: vec![(IdentifierKind::NhsNumber, "943 476 5919".into())],
                ..NewPerson::default()
            },
        ),
    );
    // On a police-only case: housing has no case access.
    let case = b.open(b.pc, CaseType::Asb, vec![]);
    ok(
        "link",
        b.hub.link_subject(
            b.pc,
            case,
            Subject::Person(person),
            SubjectRole::Perpetrator,
        ),
    );

    let housing = Viewer::new(b.housing_officer);
    let hits = ok("search", b.hub.search_people(&housing, "whitmore"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    let PersonView::Stub(stub) = &hits[0] else {
        panic!("expected only the name and whom to ask, got {:?}", hits[0])
    };
    assert_eq!(stub.id, person);
    assert_eq!(stub.name, "Dean Whitmore");
    assert!(stub.known_to.iter().any(|a| a.name == "Police"), "{stub:?}");
    let shown = json(&hits);
    assert!(
        !shown.contains("9434765919") && !shown.contains("Deano"),
        "{shown}"
    );

    // No confirmation of a withheld identifier or alias.
    for q in ["9434765919", "943 476 5919", "Deano"] {
        let hits = ok("search", b.hub.search_people(&housing, q));
        assert!(hits.is_empty(), "housing searching {q:?} found {hits:?}");
    }

    // Police find the person by the NHS number, in full.
    let hits = ok(
        "search",
        b.hub.search_people(&Viewer::new(b.sergeant), "9434765919"),
    );
    assert!(
        matches!(hits.as_slice(), [PersonView::Full(d)] if d.id == person),
        "{hits:?}"
    );
}

#[test]
fn changing_an_entry_visibility_is_audited_and_takes_effect() {
    let b = Borough::new();
    b.sign(vec![b.police, b.housing], vec![C::General, C::Asb], false);
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    let entry = ok(
        "entry",
        b.hub
            .add_entry(b.pc, case, NewEntry::note("Victim's new phone number")),
    );
    let housing = Viewer::new(b.housing_officer);
    assert_eq!(b.access(&housing, Target::Entry(entry)), Access::Full);
    b.later(Duration::hours(1));
    let before = b.now();
    let seq = b.hub.seq();
    b.later(Duration::hours(1));

    // Housing may not change it.
    let refused =
        b.hub
            .change_entry_visibility(b.housing_officer, entry, Visibility::Partnership, false);
    assert!(matches!(refused, Err(e) if e.code() == ErrorCode::Forbidden));

    ok(
        "change",
        b.hub
            .change_entry_visibility(b.pc, entry, Visibility::Agency, false),
    );
    let changes = ok("changes", b.hub.changes_since(seq, 100));
    assert!(
        changes.iter().any(|c| c.kind == "entry_visibility_changed"),
        "{changes:?}"
    );
    assert_eq!(b.access(&housing, Target::Entry(entry)), Access::Stub);
    let view = b.full_case(&housing, case);
    assert!(matches!(view.entries.first(), Some(EntryView::Stub(_))));
    // The record of what housing could read before stands.
    assert_eq!(
        b.access(&housing.clone().as_of(before), Target::Entry(entry)),
        Access::Full
    );
    // The author's supervisor may change it too.
    ok(
        "sergeant",
        b.hub
            .change_entry_visibility(b.sergeant, entry, Visibility::CaseTeam, true),
    );
    assert_eq!(b.access(&housing, Target::Entry(entry)), Access::Full);
}

#[test]
fn an_agency_that_leaves_the_partnership_loses_access_but_its_entries_remain_visible_to_others() {
    let b = Borough::new();
    b.sign(
        vec![b.police, b.housing],
        vec![C::General, C::Asb, C::Housing, C::PersonalDetails],
        false,
    );
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    let person = ok(
        "person",
        b.hub.record_person(
            b.housing_officer,
            NewPerson {
                name: "Tenant Smith".into(),
                ..NewPerson::default()
            },
        ),
    );
    let note = ok(
        "housing note",
        b.hub.add_entry(
            b.housing_officer,
            case,
            NewEntry::note("Rent arrears, notice served").category(C::Housing),
        ),
    );
    b.later(Duration::days(1));
    let police = Viewer::new(b.pc);
    let before = b.full_case(&police, case);

    b.later(Duration::days(1));
    ok("leave", b.hub.agency_leaves(b.admin, b.housing));
    b.later(Duration::minutes(1));

    // Every read by housing is refused.
    let housing = Viewer::new(b.housing_officer);
    let forbidden = |r: Result<String, safehub::Error>, what: &str| match r {
        Err(e) if e.code() == ErrorCode::Forbidden => {}
        other => panic!("{what} by a departed agency gave {other:?}"),
    };
    forbidden(b.hub.case(&housing, case).map(|v| json(&v)), "case");
    forbidden(b.hub.cases(&housing).map(|v| json(&v)), "cases");
    forbidden(b.hub.person(&housing, person).map(|v| json(&v)), "person");
    forbidden(
        b.hub.search_people(&housing, "Tenant").map(|v| json(&v)),
        "search",
    );
    forbidden(
        b.hub
            .case(&housing.clone().as_of(b.now() - Duration::days(1)), case)
            .map(|v| json(&v)),
        "as-of case",
    );
    // Nor can it write.
    assert!(b
        .hub
        .add_entry(b.housing_officer, case, NewEntry::note("still here?"))
        .is_err());

    // Police still read housing's entry as before.
    let after = b.full_case(&police, case);
    assert_eq!(after.entries, before.entries);
    assert!(
        matches!(after.entries.first(), Some(EntryView::Full(e)) if e.id == note && e.text.contains("arrears")),
        "{:?}",
        after.entries
    );
}

// ================================================================================================
// Engine bugs found by the reference model: minimal reproductions. They fail until fixed.
// ================================================================================================

/// A practitioner whose agency has left the partnership may read nothing, not even the past:
/// `explain_all` as of a time before it left is refused like every read, so the departed agency
/// cannot learn which records exist or how much of each it could once see.
#[test]
fn a_departed_agency_gets_no_as_of_explanations() {
    let b = Borough::new();
    let person = ok(
        "person",
        b.hub.record_person(
            b.pc,
            NewPerson {
                name: "Someone".into(),
                ..NewPerson::default()
            },
        ),
    );
    b.later(Duration::minutes(2));
    let then = b.now();
    b.later(Duration::minutes(1));
    ok("leave", b.hub.agency_leaves(b.admin, b.housing));
    b.later(Duration::minutes(1));

    let housing_then = Viewer::new(b.housing_officer).as_of(then);
    // Reads are refused...
    assert!(matches!(
        b.hub.person(&housing_then, person),
        Err(e) if e.code() == ErrorCode::Forbidden
    ));
    // ...so explanations must not answer either.
    match b.hub.explain_all(&housing_then, &[Target::Person(person)]) {
        Err(_) => {}
        Ok(d) => assert!(
            d.iter().all(|d| d.access == Access::Nothing),
            "a departed agency's as-of explain_all answered {d:?}"
        ),
    }
}

/// A practitioner has case access to a person (or place, or group) on the team of any case the
/// subject *is or was* linked to: a case about someone stays about them, so unlinking the
/// subject does not take the details away from the team.
#[test]
fn unlinking_a_subject_keeps_the_case_teams_access() {
    let b = Borough::new();
    b.sign(
        vec![b.police, b.housing],
        vec![C::General, C::Asb, C::PersonalDetails],
        false,
    );
    let person = ok(
        "person",
        b.hub.record_person(
            b.housing_officer,
            NewPerson {
                name: "Tenant Jones".into(),
                ..NewPerson::default()
            },
        ),
    );
    let case = b.open(b.pc, CaseType::Asb, vec![]);
    ok(
        "link",
        b.hub
            .link_subject(b.pc, case, Subject::Person(person), SubjectRole::Victim),
    );
    let police = Viewer::new(b.pc);
    assert_eq!(b.access(&police, Target::Person(person)), Access::Full);
    b.later(Duration::minutes(1));
    ok(
        "unlink",
        b.hub
            .unlink_subject(b.pc, case, Subject::Person(person), SubjectRole::Victim),
    );
    assert_eq!(
        b.access(&police, Target::Person(person)),
        Access::Full,
        "the person was linked to a police case: police keep case access"
    );
}

/// Housing's explanation of a police entry on a case housing works that housing may see only as
/// a stub (police and housing share general and ASB information).
fn housing_explains_a_police_stub(entry: NewEntry) -> String {
    let b = Borough::new();
    b.sign(vec![b.police, b.housing], vec![C::General, C::Asb], false);
    let case = b.open(b.pc, CaseType::Asb, vec![b.housing]);
    let id = ok("entry", b.hub.add_entry(b.pc, case, entry));
    let viewer = Viewer::new(b.housing_officer);
    let one = ok("explain", b.hub.explain(&viewer, Target::Entry(id)));
    assert_eq!(one.decision.access, Access::Stub);
    let all = ok(
        "explain_all",
        b.hub.explain_all(&viewer, &[Target::Entry(id)]),
    );
    json(&(one, all))
}

#[test]
fn housing_is_told_it_may_not_read_a_police_entry_but_not_the_entrys_category_or_visibility() {
    let note = || NewEntry::note("Seen at the address");
    let mental_health = housing_explains_a_police_stub(note().category(C::MentalHealth));
    let domestic_abuse = housing_explains_a_police_stub(note().category(C::DomesticAbuse));
    let private = housing_explains_a_police_stub(note().visible_to(Visibility::Private));
    let agency_only = housing_explains_a_police_stub(note().visible_to(Visibility::Agency));
    assert_eq!(mental_health, domestic_abuse);
    assert_eq!(mental_health, private);
    assert_eq!(mental_health, agency_only);
}
