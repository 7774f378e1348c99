//! Canaries: every piece of withheld content carries a unique marker, and no read may carry a
//! marker to a viewer the sharing rules withhold it from.
//!
//! A rich world (six agencies, agreements including one naming health data and one ended,
//! cases of several types, entries of every visibility, sensitive entries, restricted and open
//! profiles with identifiers and aliases, a refuge, a case police handed to housing, which closed
//! it and to which another case is linked) is built through the public API. Each marker
//! records, by hand from the written rules, which practitioners may see it now and which could
//! see it as of a past time. Then every practitioner calls every public read the crate offers,
//! now and as of the past time; each result (or error, in its `Display` and `Debug` forms) is
//! serialised and scanned for every marker. A marker reaching someone it is withheld from fails
//! the test, naming the read, the viewer and the marker. Every marker that should reach a viewer
//! must also be found in at least one of their reads, so the scan cannot pass by seeing nothing.
//!
//! Since issue 22 the world also holds possible duplicates of four profiles (one recorded by an
//! agency that reads nothing of the original), and every practitioner checks every profile for
//! duplicates and takes the review list.
//!
//! To cover a new read, add it to [`reads`]: a name and a closure from the hub and the viewer to
//! the text the read hands back.
//!
//! Some leaks carry no marker (issue 18), so the same sweep also checks shapes, in every read's
//! JSON: an entry the viewer sees only as a stub is never shown with its category, and a case
//! they see only as a stub never with its type, status, opening date or title (retention
//! review, subject access, explain), nor with its closing, reopening or links; a consultation log lists only items its reader may know
//! exist (counts); and as of a time after the hub's now nothing at all is shown.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::{
    AgencyId, AgencyKind, AgreementId, CaseId, CaseLink, CaseOutcome, CaseType, GroupId, GroupKind,
    Hub, IdentifierKind, InformationCategory, LawfulBasis, LocationId, ManualClock, NewAgreement,
    NewCase, NewEntry, NewGroup, NewLead, NewLocation, NewPerson, PersonId, PractitionerId, Role,
    SequentialIds, Subject, SubjectRole, Target, TeamMember, Viewer, Visibility, VulnerabilityFlag,
};
use safehub_workspace::{agency, nhs_number, practitioner, Store};
use std::collections::{BTreeMap, BTreeSet};

type Time = DateTime<Utc>;

fn day(n: i64) -> Time {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::days(n)
}

/// The NHS number from the brief, and two more made with the check digit.
const NHS_VICTIM: &str = "9434765919";

/// Who is who in the canary world.
struct People {
    admin: PractitionerId,
    pc: PractitionerId,
    police_supervisor: PractitionerId,
    police_reader: PractitionerId,
    housing_officer: PractitionerId,
    housing_supervisor: PractitionerId,
    nurse: PractitionerId,
    idva: PractitionerId,
    council_officer: PractitionerId,
    firefighter: PractitionerId,
}

struct World {
    hub: Hub,
    clock: ManualClock,
    p: People,
    /// Practitioner names, for messages.
    names: BTreeMap<PractitionerId, &'static str>,
    agencies: BTreeMap<&'static str, AgencyId>,
    cases: Vec<CaseId>,
    persons: Vec<PersonId>,
    /// Profiles recorded again (issue 22's possible duplicates): victim's, patient's, housing's
    /// restricted and the perpetrator's.
    twins: Vec<PersonId>,
    locations: Vec<LocationId>,
    groups: Vec<GroupId>,
    meetings: Vec<safehub::MeetingId>,
    entries: Vec<safehub::EntryId>,
    ended: AgreementId,
    /// The past time the as-of reads look back to: while the council's domestic abuse
    /// agreement was still in force.
    past: Time,
    /// Identifier values used, for searches.
    identifiers: Vec<String>,
    markers: Vec<Marker>,
}

/// A marker and who may see it.
struct Marker {
    text: String,
    what: &'static str,
    now: BTreeSet<PractitionerId>,
    past: BTreeSet<PractitionerId>,
    /// Viewers the rules allow but no read offers it to (exempt from the positive check).
    not_offered: BTreeSet<PractitionerId>,
}

fn born(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

fn ok<T>(what: &str, r: safehub::Result<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("setting up the canary world: {what}: {e}"),
    }
}

fn build(store: Store) -> World {
    let clock = ManualClock::new(day(0));
    let hub = ok(
        "open",
        store.open(
            Hub::builder()
                .clock(clock.clone())
                .ids(SequentialIds::new(42)),
        ),
    );
    let est = ok(
        "establish",
        hub.establish(
            "Canary Hub",
            agency("Police", AgencyKind::Police),
            "Insp Admin",
        ),
    );
    let admin = est.admin;
    let police = est.agency;
    let housing = ok(
        "housing",
        hub.add_agency(admin, agency("Housing", AgencyKind::Housing)),
    );
    let mental_health = ok(
        "mh",
        hub.add_agency(admin, agency("Mental Health", AgencyKind::MentalHealth)),
    );
    let idva_service = ok(
        "dv",
        hub.add_agency(admin, agency("IDVA Service", AgencyKind::DvSupport)),
    );
    let council = ok(
        "council",
        hub.add_agency(admin, agency("Council", AgencyKind::Council)),
    );
    let fire = ok(
        "fire",
        hub.add_agency(admin, agency("Fire", AgencyKind::FireAndRescue)),
    );
    let reg = |a: AgencyId, name: &str, role: Role| {
        ok(
            name,
            hub.register_practitioner(admin, practitioner(a, name, role)),
        )
    };
    let p = People {
        admin,
        pc: reg(police, "PC Patel", Role::CaseWorker),
        police_supervisor: reg(police, "Sgt Jones", Role::Supervisor),
        police_reader: reg(police, "Analyst Lee", Role::ReadOnly),
        housing_officer: reg(housing, "Housing Officer Hale", Role::CaseWorker),
        housing_supervisor: reg(housing, "Housing Manager Ames", Role::Supervisor),
        nurse: reg(mental_health, "Nurse Okafor", Role::CaseWorker),
        idva: reg(idva_service, "IDVA Khan", Role::CaseWorker),
        council_officer: reg(council, "ASB Officer Reid", Role::CaseWorker),
        firefighter: reg(fire, "Watch Manager Bell", Role::CaseWorker),
    };
    let names: BTreeMap<PractitionerId, &'static str> = [
        (p.admin, "Insp Admin (police)"),
        (p.pc, "PC Patel (police)"),
        (p.police_supervisor, "Sgt Jones (police supervisor)"),
        (p.police_reader, "Analyst Lee (police read-only)"),
        (p.housing_officer, "Housing Officer Hale"),
        (p.housing_supervisor, "Housing Manager Ames"),
        (p.nurse, "Nurse Okafor (mental health)"),
        (p.idva, "IDVA Khan"),
        (p.council_officer, "ASB Officer Reid (council)"),
        (p.firefighter, "Watch Manager Bell (fire)"),
    ]
    .into_iter()
    .collect();

    let sign = |title: &str,
                parties: Vec<AgencyId>,
                categories: Vec<InformationCategory>,
                special: bool| {
        ok(
            title,
            hub.sign_agreement(
                admin,
                NewAgreement {
                    title: title.into(),
                    parties,
                    purposes: vec!["community safety".into()],
                    lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                    categories,
                    special_category: special,
                    starts: day(-59),
                    ends: None,
                },
            ),
        )
    };
    use InformationCategory as C;
    // Police and housing: ASB work, people and places.
    sign(
        "ASB ISA",
        vec![police, housing],
        vec![
            C::General,
            C::Asb,
            C::PersonalDetails,
            C::Location,
            C::Housing,
        ],
        false,
    );
    // Police and mental health, naming health data.
    sign(
        "Health ISA",
        vec![police, mental_health],
        vec![
            C::General,
            C::PersonalDetails,
            C::Safeguarding,
            C::MentalHealth,
            C::Health,
        ],
        true,
    );
    // Housing and mental health: lists mental health but does not cover special categories.
    sign(
        "Tenancy ISA",
        vec![housing, mental_health],
        vec![C::General, C::MentalHealth],
        false,
    );
    // Police and the IDVA service: domestic abuse.
    sign(
        "MARAC ISA",
        vec![police, idva_service],
        vec![
            C::DomesticAbuse,
            C::General,
            C::PersonalDetails,
            C::Location,
            C::RiskAssessment,
        ],
        false,
    );
    // Police and the council: general work only.
    sign(
        "Council ISA",
        vec![police, council],
        vec![C::General, C::Asb],
        false,
    );
    // Police and the council: domestic abuse, to be ended.
    let ended = sign(
        "Council DA pilot",
        vec![police, council],
        vec![C::DomesticAbuse, C::RiskAssessment],
        false,
    );

    // ---- day 1: the casework ----------------------------------------------------------------
    clock.set(day(1));
    let open = |by: PractitionerId, t: CaseType, title: &str, team: Vec<AgencyId>| {
        ok(
            title,
            hub.open_case(
                by,
                NewCase {
                    case_type: t,
                    title: title.into(),
                    lead_practitioner: None,
                    team,
                },
            ),
        )
    };
    let asb = open(
        p.pc,
        CaseType::Asb,
        "CANARY-01 Noise at Elm Court",
        vec![housing],
    );
    let da = open(
        p.pc,
        CaseType::DomesticAbuse,
        "CANARY-10 Abuse at home",
        vec![idva_service],
    );
    let vp = open(
        p.nurse,
        CaseType::VulnerablePerson,
        "CANARY-20 Welfare concern",
        vec![police],
    );
    let write =
        |by: PractitionerId, case: CaseId, e: NewEntry| ok("entry", hub.add_entry(by, case, e));
    let mut entries = vec![
        write(p.pc, asb, NewEntry::note("CANARY-02 team note")),
        write(
            p.pc,
            asb,
            NewEntry::note("CANARY-03 private note").visible_to(Visibility::Private),
        ),
        write(
            p.pc,
            asb,
            NewEntry::note("CANARY-04 police only").visible_to(Visibility::Agency),
        ),
        write(
            p.pc,
            asb,
            NewEntry::note("CANARY-05 for all partners").visible_to(Visibility::Partnership),
        ),
        write(
            p.pc,
            asb,
            NewEntry::note("CANARY-06 intelligence")
                .category(C::Crime)
                .sensitive(),
        ),
        write(
            p.housing_officer,
            asb,
            NewEntry::note("CANARY-07 tenancy warning").category(C::Housing),
        ),
        write(
            p.pc,
            asb,
            NewEntry::note("CANARY-08 suspect's mental health").category(C::MentalHealth),
        ),
        write(
            p.pc,
            da,
            NewEntry::note("CANARY-11 incident").category(C::DomesticAbuse),
        ),
        write(
            p.idva,
            da,
            NewEntry::note("CANARY-12 DASH risk high").category(C::RiskAssessment),
        ),
        write(
            p.pc,
            da,
            NewEntry::note("CANARY-13 risk: new address")
                .category(C::RiskAssessment)
                .sensitive(),
        ),
        write(
            p.nurse,
            vp,
            NewEntry::note("CANARY-21 diagnosis").category(C::MentalHealth),
        ),
        write(
            p.nurse,
            vp,
            NewEntry::note("CANARY-22 medication").category(C::Health),
        ),
        write(
            p.nurse,
            vp,
            NewEntry::note("CANARY-23 crisis plan")
                .category(C::MentalHealth)
                .visible_to(Visibility::Partnership),
        ),
        write(
            p.nurse,
            vp,
            NewEntry::note("CANARY-24 team only").visible_to(Visibility::Agency),
        ),
    ];

    let nhs_perp = nhs_number(1);
    let nhs_patient = nhs_number(2);
    let nhs_hidden = nhs_number(3);
    let person = |by: PractitionerId, p: NewPerson| ok("person", hub.record_person(by, p));
    let victim = person(
        p.pc,
        NewPerson {
            name: "CANARY-30".into(),
            aliases: vec!["CANARY-31".into()],
            identifiers: vec![(IdentifierKind::NhsNumber, NHS_VICTIM.into())],
            flags: vec![
                VulnerabilityFlag::RepeatVictim,
                VulnerabilityFlag::MentalHealth,
            ],
            restricted: true,
            ..NewPerson::default()
        },
    );
    let perpetrator = person(
        p.pc,
        NewPerson {
            name: "Mark Brown".into(),
            aliases: vec!["CANARY-32".into()],
            date_of_birth: born(1980, 5, 4),
            identifiers: vec![(IdentifierKind::NhsNumber, nhs_perp.clone())],
            ..NewPerson::default()
        },
    );
    let patient = person(
        p.nurse,
        NewPerson {
            name: "Sam Green".into(),
            aliases: vec!["CANARY-33".into()],
            date_of_birth: born(1991, 11, 2),
            identifiers: vec![(IdentifierKind::NhsNumber, nhs_patient.clone())],
            flags: vec![VulnerabilityFlag::MentalHealth],
            ..NewPerson::default()
        },
    );
    let hidden = person(
        p.housing_officer,
        NewPerson {
            name: "CANARY-34".into(),
            aliases: vec!["CANARY-35".into()],
            identifiers: vec![(IdentifierKind::NhsNumber, nhs_hidden.clone())],
            restricted: true,
            ..NewPerson::default()
        },
    );
    // Possible duplicates (issue 22), none carrying a marker of its own: police record the
    // restricted victim again with her NHS number, and the patient again under a transposed
    // name (police read both originals); housing record their restricted profile again with its
    // NHS number; the council record the perpetrator again, and read nothing of police's.
    let twins = vec![
        person(
            p.pc,
            NewPerson {
                name: "Victim Twin".into(),
                identifiers: vec![(IdentifierKind::NhsNumber, NHS_VICTIM.into())],
                ..NewPerson::default()
            },
        ),
        person(
            p.pc,
            NewPerson {
                name: "GREEN, Sam".into(),
                date_of_birth: born(1991, 11, 2),
                ..NewPerson::default()
            },
        ),
        person(
            p.housing_officer,
            NewPerson {
                name: "Hidden Twin".into(),
                identifiers: vec![(IdentifierKind::NhsNumber, nhs_hidden.clone())],
                ..NewPerson::default()
            },
        ),
        person(
            p.council_officer,
            NewPerson {
                name: "Mark Brown".into(),
                date_of_birth: born(1980, 5, 4),
                ..NewPerson::default()
            },
        ),
    ];
    let refuge = ok(
        "refuge",
        hub.record_location(
            p.idva,
            NewLocation {
                label: "CANARY-40".into(),
                address: Some("CANARY-41 High Street".into()),
                postcode: Some("B79 7BZ".into()),
                restricted: true,
                ..NewLocation::default()
            },
        ),
    );
    let flats = ok(
        "flats",
        hub.record_location(
            p.housing_officer,
            NewLocation {
                label: "Elm Court".into(),
                address: Some("CANARY-42 High Street".into()),
                ..NewLocation::default()
            },
        ),
    );
    let household = ok(
        "group",
        hub.form_group(
            p.pc,
            NewGroup {
                name: "Brown household".into(),
                kind: GroupKind::Household,
                members: vec![victim, perpetrator],
            },
        ),
    );
    let link = |by: PractitionerId, case: CaseId, s: Subject, role: SubjectRole| {
        ok("link", hub.link_subject(by, case, s, role))
    };
    link(p.pc, da, Subject::Person(victim), SubjectRole::Victim);
    link(
        p.pc,
        da,
        Subject::Person(perpetrator),
        SubjectRole::Perpetrator,
    );
    link(
        p.pc,
        asb,
        Subject::Person(perpetrator),
        SubjectRole::Perpetrator,
    );
    link(
        p.idva,
        da,
        Subject::Location(refuge),
        SubjectRole::LocationOfConcern,
    );
    link(
        p.pc,
        asb,
        Subject::Location(flats),
        SubjectRole::LocationOfConcern,
    );
    link(
        p.pc,
        da,
        Subject::Group(household),
        SubjectRole::Perpetrator,
    );
    link(
        p.nurse,
        vp,
        Subject::Person(patient),
        SubjectRole::VulnerablePerson,
    );

    // ---- day 2: the council joins the domestic abuse case under the pilot -------------------
    clock.set(day(2));
    ok(
        "council joins",
        hub.add_team_member(p.pc, da, TeamMember::Agency(council)),
    );

    // ---- day 10: the pilot ends; day 12: more work ------------------------------------------
    clock.set(day(10));
    ok("end pilot", hub.end_agreement(admin, ended, day(10)));
    clock.set(day(12));
    entries.push(write(
        p.pc,
        da,
        NewEntry::note("CANARY-14 after the pilot").category(C::DomesticAbuse),
    ));
    // A police case handed to housing, which closes it; police's safeguarding detail on it
    // stays police's, and the ASB case is linked to it.
    let handed = open(
        p.pc,
        CaseType::ConcernForSafety,
        "CANARY-70 handed to housing",
        vec![],
    );
    entries.push(write(
        p.pc,
        handed,
        NewEntry::note("CANARY-71 police safeguarding detail").category(C::Safeguarding),
    ));
    ok(
        "transfer",
        hub.transfer_lead(
            p.pc,
            handed,
            NewLead::Practitioner(p.housing_officer),
            "CANARY-73 transfer reason",
        ),
    );
    ok(
        "close",
        hub.close_case(
            p.housing_officer,
            handed,
            CaseOutcome::NoFurtherAction,
            "CANARY-72 closing reason",
        ),
    );
    ok("link", hub.link_cases(p.pc, asb, handed, CaseLink::Related));
    // Amendments after the past time: their values and reasons follow the record's rules, and
    // an amendment's reason goes with any part of it the reader may not see.
    let amend = |by, record, edits, reason: &str| ok("amend", hub.amend(by, record, edits, reason));
    amend(
        p.pc,
        Subject::Person(victim),
        vec![safehub::Edit::AddAlias {
            alias: "CANARY-36".into(),
        }],
        "CANARY-37 amendment reason",
    );
    amend(
        p.housing_officer,
        Subject::Person(hidden),
        vec![safehub::Edit::Name {
            to: "CANARY-38".into(),
        }],
        "CANARY-39 amendment reason",
    );
    amend(
        p.pc,
        Subject::Person(perpetrator),
        vec![
            safehub::Edit::AddAlias {
                alias: "CANARY-43".into(),
            },
            safehub::Edit::AddFlag {
                flag: VulnerabilityFlag::MentalHealth,
            },
        ],
        "CANARY-44 amendment reason",
    );
    amend(
        p.idva,
        Subject::Location(refuge),
        vec![safehub::Edit::Address {
            to: Some("CANARY-45 Low Street".into()),
        }],
        "CANARY-46 amendment reason",
    );
    // The daily hub meeting: police chair, police and housing's officer attend; police bring an
    // agency-only note and disclose it to the room, and the meeting records a decision on the
    // ASB case (the team's to read).
    let meeting = ok(
        "meeting",
        hub.schedule_meeting(
            p.pc,
            safehub::NewMeeting {
                kind: "Daily hub meeting".into(),
                title: "Daily hub meeting".into(),
                starts: safehub::Clock::now(&clock),
                chair: p.pc,
                agencies: vec![police, housing],
                practitioners: vec![],
            },
        ),
    );
    ok("attend", hub.record_attendance(p.pc, meeting, p.pc));
    ok(
        "attend",
        hub.record_attendance(p.pc, meeting, p.housing_officer),
    );
    let brought = ok(
        "meeting note",
        hub.add_entry(
            p.pc,
            asb,
            NewEntry::note("CANARY-47 brought to the meeting").visible_to(Visibility::Agency),
        ),
    );
    let item = safehub::meetings::MeetingItem::Entry { id: brought };
    ok(
        "disclose",
        hub.disclose_at_meeting(p.pc, meeting, item, None, "Daily hub meeting"),
    );
    ok(
        "decision",
        hub.record_meeting_decision(
            p.pc,
            meeting,
            asb,
            NewEntry::note("CANARY-48 meeting decision"),
            vec![item],
        ),
    );
    // Merges (issue 22): police's second record of the patient, given an alias of police's own,
    // is merged into mental health's by both agencies; housing ask police to merge housing's
    // twin of the restricted profile into the perpetrator's, and police have not answered.
    amend(
        p.pc,
        Subject::Person(twins[1]),
        vec![safehub::Edit::AddAlias {
            alias: "CANARY-49".into(),
        }],
        "Known as.",
    );
    ok(
        "merge",
        hub.agree_merge(p.nurse, patient, twins[1], "Same patient."),
    );
    ok("merge", hub.agree_merge(p.pc, patient, twins[1], "Agreed."));
    ok(
        "merge request",
        hub.agree_merge(
            p.housing_officer,
            perpetrator,
            twins[2],
            "CANARY-50 merge reason",
        ),
    );
    // Facts (issue 22): housing's telephone number for the perpetrator, kept for housing, and a
    // health fact of housing's about him that no agreement of housing's names.
    ok(
        "agency-only fact",
        hub.add_fact(
            p.housing_officer,
            perpetrator,
            safehub::NewFact {
                value: safehub::NewFactValue::Alias {
                    name: "CANARY-51".into(),
                },
                category: None,
                sharing: safehub::FactSharing::AgencyOnly,
            },
            "CANARY-52 reason for an agency-only fact",
        ),
    );
    ok(
        "health fact",
        hub.add_fact(
            p.housing_officer,
            perpetrator,
            safehub::NewFact {
                value: safehub::NewFactValue::Address {
                    address: "CANARY-53 clinic".into(),
                    postcode: None,
                },
                category: Some(InformationCategory::Health),
                sharing: safehub::FactSharing::UnderAgreements,
            },
            "Attends.",
        ),
    );
    clock.set(day(15));

    let agencies: BTreeMap<&'static str, AgencyId> = [
        ("police", police),
        ("housing", housing),
        ("mental_health", mental_health),
        ("idva", idva_service),
        ("council", council),
        ("fire", fire),
    ]
    .into_iter()
    .collect();

    let mut w = World {
        hub,
        clock,
        p,
        names,
        agencies,
        cases: vec![asb, da, vp, handed],
        persons: vec![victim, perpetrator, patient, hidden],
        twins,
        locations: vec![refuge, flats],
        groups: vec![household],
        meetings: vec![meeting],
        entries,
        ended,
        past: day(5),
        identifiers: vec![
            NHS_VICTIM.into(),
            nhs_perp.clone(),
            nhs_patient.clone(),
            nhs_hidden.clone(),
        ],
        markers: vec![],
    };
    w.markers = markers(&w, &nhs_perp, &nhs_patient, &nhs_hidden);
    w
}

/// Every marker, with who may see it now and as of day 5, worked out from the written rules.
fn markers(w: &World, nhs_perp: &str, nhs_patient: &str, nhs_hidden: &str) -> Vec<Marker> {
    let p = &w.p;
    let police = vec![p.admin, p.pc, p.police_supervisor, p.police_reader];
    let housing = vec![p.housing_officer, p.housing_supervisor];
    let mh = vec![p.nurse];
    let idva = vec![p.idva];
    let council = vec![p.council_officer];
    let of = |groups: &[&Vec<PractitionerId>]| -> BTreeSet<PractitionerId> {
        groups.iter().flat_map(|g| g.iter().copied()).collect()
    };
    let m = |text: &str,
             what: &'static str,
             now: BTreeSet<PractitionerId>,
             past: BTreeSet<PractitionerId>| Marker {
        text: text.into(),
        what,
        now,
        past,
        not_offered: BTreeSet::new(),
    };
    let same = |text: &str, what: &'static str, who: BTreeSet<PractitionerId>| Marker {
        text: text.into(),
        what,
        now: who.clone(),
        past: who,
        not_offered: BTreeSet::new(),
    };
    let none = BTreeSet::new();
    vec![
        // The ASB case: police lead, housing on the team under the ASB ISA.
        same("CANARY-01", "ASB case title", of(&[&police, &housing])),
        same("CANARY-02", "case team note", of(&[&police, &housing])),
        same("CANARY-03", "private note", of(&[&vec![p.pc]])),
        same("CANARY-04", "agency-only note", of(&[&police])),
        // Partnership-wide, general: every agency with an agreement covering general with police.
        // No read offers it off the team, though: the case read is a stub, without a timeline,
        // so only the team sees it in practice (see the report: no entry read exists).
        Marker {
            not_offered: of(&[&mh, &idva, &council]),
            ..same(
                "CANARY-05",
                "partnership note",
                of(&[&police, &housing, &mh, &idva, &council]),
            )
        },
        same("CANARY-06", "sensitive crime note", of(&[&police])),
        // The case police handed to housing (after the past time): its header follows housing,
        // which shares general work with police; police's safeguarding note stays police's; the
        // closing reason is the header's.
        m(
            "CANARY-70",
            "handed case title",
            of(&[&police, &housing]),
            none.clone(),
        ),
        m(
            "CANARY-71",
            "police note on the handed case",
            of(&[&police]),
            none.clone(),
        ),
        m(
            "CANARY-72",
            "handed case closing reason",
            of(&[&police, &housing]),
            none.clone(),
        ),
        m(
            "CANARY-73",
            "handed case transfer reason",
            of(&[&police, &housing]),
            none.clone(),
        ),
        // Housing's tenancy note crosses to police under the ASB ISA (housing category).
        same("CANARY-07", "housing note", of(&[&housing, &police])),
        // Mental health category written by police: housing has no special category agreement.
        same("CANARY-08", "police note on mental health", of(&[&police])),
        // The DA case: police lead, IDVA on the team, council on the team under the pilot
        // (in force on day 5, ended on day 10).
        m(
            "CANARY-10",
            "DA case title",
            of(&[&police, &idva]),
            of(&[&police, &idva, &council]),
        ),
        m(
            "CANARY-11",
            "DA incident",
            of(&[&police, &idva]),
            of(&[&police, &idva, &council]),
        ),
        // IDVA's risk assessment: to police under the MARAC ISA; the council has no agreement
        // with the IDVA service.
        same("CANARY-12", "IDVA risk assessment", of(&[&idva, &police])),
        m(
            "CANARY-13",
            "sensitive police risk note",
            of(&[&police, &idva]),
            of(&[&police, &idva, &council]),
        ),
        // Written on day 12: did not exist on day 5.
        m(
            "CANARY-14",
            "DA entry after the pilot",
            of(&[&police, &idva]),
            none.clone(),
        ),
        // The vulnerable person case: mental health lead, police on the team under the health ISA.
        same("CANARY-20", "VP case title", of(&[&mh, &police])),
        same("CANARY-21", "mental health entry", of(&[&mh, &police])),
        same("CANARY-22", "health entry", of(&[&mh, &police])),
        // Partnership-wide mental health: housing's agreement lists it but not as special data.
        same("CANARY-23", "partnership MH entry", of(&[&mh, &police])),
        same("CANARY-24", "MH agency-only entry", of(&[&mh])),
        // The restricted victim (police's record), on the DA case: police, and the IDVA under the
        // MARAC ISA (personal details). The council is on the team but has no personal details
        // agreement: restricted, so nothing.
        same(
            "CANARY-30",
            "restricted victim's name",
            of(&[&police, &idva]),
        ),
        same(
            "CANARY-31",
            "restricted victim's alias",
            of(&[&police, &idva]),
        ),
        same(NHS_VICTIM, "victim's NHS number", of(&[&police, &idva])),
        // The perpetrator, on both police cases: housing (ASB ISA) and IDVA (MARAC ISA) in full.
        same(
            "CANARY-32",
            "perpetrator's alias",
            of(&[&police, &housing, &idva]),
        ),
        same(
            nhs_perp,
            "perpetrator's NHS number",
            of(&[&police, &housing, &idva]),
        ),
        // Mental health's patient on the VP case: police under the health ISA.
        same("CANARY-33", "patient's alias", of(&[&mh, &police])),
        same(nhs_patient, "patient's NHS number", of(&[&mh, &police])),
        // Housing's restricted profile, on no case: housing only.
        same("CANARY-34", "restricted profile's name", of(&[&housing])),
        same("CANARY-35", "restricted profile's alias", of(&[&housing])),
        same(
            nhs_hidden,
            "restricted profile's NHS number",
            of(&[&housing]),
        ),
        // The refuge (IDVA's record) on the DA case: police under the MARAC ISA (location).
        same("CANARY-40", "refuge label", of(&[&idva, &police])),
        same("CANARY-41", "refuge address", of(&[&idva, &police])),
        // Housing's flats on the ASB case: police under the ASB ISA (location).
        same("CANARY-42", "flats address", of(&[&housing, &police])),
        // Amendments, made after the past time, follow their record.
        m(
            "CANARY-36",
            "alias added to the restricted victim",
            of(&[&police, &idva]),
            none.clone(),
        ),
        m(
            "CANARY-37",
            "reason for amending the restricted victim",
            of(&[&police, &idva]),
            none.clone(),
        ),
        // Renamed: housing's restricted profile is known by the new name only to housing.
        m(
            "CANARY-38",
            "restricted profile's corrected name",
            of(&[&housing]),
            none.clone(),
        ),
        m(
            "CANARY-39",
            "reason for renaming housing's restricted profile",
            of(&[&housing]),
            none.clone(),
        ),
        // Police's alias on its record of the patient, merged into mental health's: police's.
        m(
            "CANARY-49",
            "police's alias on a profile merged into mental health's",
            of(&[&police]),
            none.clone(),
        ),
        // A merge awaiting police: the two owning agencies see its reason.
        m(
            "CANARY-50",
            "reason for a merge awaiting the other owner",
            of(&[&housing, &police]),
            none.clone(),
        ),
        // Housing's facts about the perpetrator: one kept for housing, one of health data that
        // no agreement of housing's names.
        m(
            "CANARY-51",
            "housing's agency-only fact",
            of(&[&housing]),
            none.clone(),
        ),
        m(
            "CANARY-52",
            "reason for housing's agency-only fact",
            of(&[&housing]),
            none.clone(),
        ),
        m(
            "CANARY-53",
            "housing's health fact",
            of(&[&housing]),
            none.clone(),
        ),
        m(
            "CANARY-43",
            "alias added to the perpetrator",
            of(&[&police, &housing, &idva]),
            none.clone(),
        ),
        // The same amendment added a mental health flag, which neither housing nor the IDVA
        // service reads (no agreement naming health data with police): its reason is police's.
        m(
            "CANARY-44",
            "reason for amending the perpetrator, with a health flag",
            of(&[&police]),
            none.clone(),
        ),
        m(
            "CANARY-45",
            "refuge's corrected address",
            of(&[&idva, &police]),
            none.clone(),
        ),
        m(
            "CANARY-46",
            "reason for correcting the refuge's address",
            of(&[&idva, &police]),
            none.clone(),
        ),
        // Police's agency-only note, disclosed at the meeting to its attendees: housing's
        // officer was in the room, housing's manager was not.
        m(
            "CANARY-47",
            "agency-only note disclosed at the meeting",
            of(&[&police, &vec![p.housing_officer]]),
            none.clone(),
        ),
        m(
            "CANARY-48",
            "the meeting's decision on the ASB case",
            of(&[&police, &housing]),
            none.clone(),
        ),
    ]
}

/// What a read hands the viewer, as text.
type ReadFn = Box<dyn Fn(&Hub, &Viewer) -> String>;

/// One public read: a name for messages, and what it hands the viewer.
struct Read {
    name: String,
    run: ReadFn,
}

fn read<F>(name: impl Into<String>, run: F) -> Read
where
    F: Fn(&Hub, &Viewer) -> String + 'static,
{
    Read {
        name: name.into(),
        run: Box::new(run),
    }
}

/// A result as the viewer receives it: the value serialised, or the error as displayed and as
/// debug-printed (a host may log either). A macro, as the root package does not depend on serde
/// to name its trait.
macro_rules! text {
    ($r:expr) => {
        match $r {
            Ok(v) => serde_json::to_string(&v).unwrap_or_else(|e| format!("<unserialisable: {e}>")),
            Err(e) => format!("error: {e} / {e:?}"),
        }
    };
}

/// Every public read the crate offers, over every id and a range of queries. Extend here.
fn reads(w: &World) -> Vec<Read> {
    let mut out = vec![];
    // Ids of everything, plus one that does not exist.
    let nowhere = uuid::Uuid::from_u64_pair(9_999, 9_999);
    let mut cases = w.cases.clone();
    cases.push(CaseId(nowhere));
    for (i, id) in cases.into_iter().enumerate() {
        let label = ["ASB case", "DA case", "VP case", "missing case"][i.min(3)];
        out.push(read(format!("case ({label})"), move |h, v| {
            text!(h.case(v, id))
        }));
    }
    out.push(read("cases", |h, v| text!(h.cases(v))));
    // The meetings' reads, for every meeting and one never held.
    for id in w
        .meetings
        .iter()
        .copied()
        .chain([safehub::MeetingId(nowhere)])
    {
        out.push(read("meeting", move |h, v| text!(h.meeting(v, id))));
        out.push(read("meeting agenda", move |h, v| {
            text!(h.meeting_agenda(v, id))
        }));
        out.push(read("meeting minutes", move |h, v| {
            text!(h.meeting_minutes(v, id))
        }));
        out.push(read("meeting minutes markdown", move |h, v| {
            match h.meeting_minutes(v, id) {
                Ok(m) => m.to_markdown(),
                Err(e) => text!(Err::<(), _>(e)),
            }
        }));
        out.push(read("meeting disclosures", move |h, v| {
            text!(h.meeting_disclosures(v, id))
        }));
    }
    out.push(read("meeting disclosure log", |h, v| {
        text!(h.meeting_disclosure_log(v, day(0), day(400)))
    }));
    let mut persons = w.persons.clone();
    persons.push(PersonId(nowhere));
    for (i, id) in persons.into_iter().enumerate() {
        let label = [
            "victim",
            "perpetrator",
            "patient",
            "housing's restricted",
            "missing",
        ][i.min(4)];
        out.push(read(format!("person ({label})"), move |h, v| {
            text!(h.person(v, id))
        }));
        out.push(read(format!("history of person ({label})"), move |h, v| {
            text!(h.history(v, Subject::Person(id)))
        }));
    }
    // Every profile's merged profiles, and the merges awaiting agreement.
    for id in w
        .persons
        .iter()
        .chain(&w.twins)
        .copied()
        .chain([PersonId(nowhere)])
    {
        out.push(read("merged profiles", move |h, v| {
            text!(h.merged_profiles(v, id))
        }));
    }
    out.push(read("merge requests", |h, v| text!(h.merge_requests(v))));
    // Possible duplicates of every profile, the twins and a missing one; the review list.
    let mut checked = w.persons.clone();
    checked.extend(w.twins.iter().copied());
    checked.push(PersonId(nowhere));
    for (i, id) in checked.into_iter().enumerate() {
        let label = [
            "victim",
            "perpetrator",
            "patient",
            "housing's restricted",
            "victim's twin",
            "patient's twin",
            "restricted's twin",
            "perpetrator's twin",
            "missing",
        ][i.min(8)];
        out.push(read(
            format!("possible_duplicates ({label})"),
            move |h, v| text!(h.possible_duplicates(v, id)),
        ));
    }
    out.push(read(
        "duplicate_review",
        |h, v| text!(h.duplicate_review(v)),
    ));
    let mut locations = w.locations.clone();
    locations.push(LocationId(nowhere));
    for (i, id) in locations.into_iter().enumerate() {
        let label = ["refuge", "flats", "missing"][i.min(2)];
        out.push(read(format!("location ({label})"), move |h, v| {
            text!(h.location(v, id))
        }));
        out.push(read(
            format!("history of location ({label})"),
            move |h, v| text!(h.history(v, Subject::Location(id))),
        ));
    }
    let mut groups = w.groups.clone();
    groups.push(GroupId(nowhere));
    for (i, id) in groups.into_iter().enumerate() {
        let label = ["household", "missing"][i.min(1)];
        out.push(read(format!("group ({label})"), move |h, v| {
            text!(h.group(v, id))
        }));
        out.push(read(format!("history of group ({label})"), move |h, v| {
            text!(h.history(v, Subject::Group(id)))
        }));
    }
    // Searches: every marker, every identifier, names, fragments.
    let mut queries: Vec<String> = w.markers.iter().map(|m| m.text.clone()).collect();
    queries.extend(w.identifiers.iter().cloned());
    queries.extend(
        [
            "CANARY",
            "canary-3",
            "High Street",
            "Mark Brown",
            "Sam Green",
            "Elm Court",
            "Brown",
            "a",
            "e",
            "B79 7BZ",
            "B797BZ",
            "943 476 5919",
        ]
        .map(String::from),
    );
    for q in queries {
        let q2 = q.clone();
        out.push(read(format!("search_people {q:?}"), move |h, v| {
            text!(h.search_people(v, &q))
        }));
        out.push(read(format!("search_locations {q2:?}"), move |h, v| {
            text!(h.search_locations(v, &q2))
        }));
    }
    // Explanations, one by one and all at once.
    let mut targets: Vec<Target> = w.cases.iter().map(|c| Target::Case(*c)).collect();
    targets.extend(w.entries.iter().map(|e| Target::Entry(*e)));
    targets.extend(w.persons.iter().map(|p| Target::Person(*p)));
    targets.extend(w.locations.iter().map(|l| Target::Location(*l)));
    targets.extend(w.groups.iter().map(|g| Target::Group(*g)));
    targets.push(Target::Entry(safehub::EntryId(nowhere)));
    for t in targets.clone() {
        out.push(read(format!("explain {t:?}"), move |h, v| {
            text!(h.explain(v, t))
        }));
    }
    out.push(read("explain_all", move |h, v| {
        text!(h.explain_all(v, &targets))
    }));
    // The consultation log (supervisors of the owning agency), the change feed, the directory.
    let (from, to) = (day(-100), day(100));
    out.push(read("consultations", move |h, v| {
        text!(h.consultations(v, from, to))
    }));
    // Data protection: the subject access export of every person (JSON and Markdown) and the
    // DPO's reports.
    for (i, id) in w
        .persons
        .iter()
        .copied()
        .chain([PersonId(nowhere)])
        .enumerate()
    {
        out.push(read(
            format!("subject_access json (person {i})"),
            move |h, v| text!(h.subject_access(v, id)),
        ));
        out.push(read(
            format!("subject_access markdown (person {i})"),
            move |h, v| match h.subject_access(v, id) {
                Ok(e) => e.to_markdown(),
                Err(e) => format!("error: {e} / {e:?}"),
            },
        ));
    }
    out.push(read("consultation_report", move |h, v| {
        text!(h.consultation_report(v, from, to))
    }));
    out.push(read("agreements_expiring", |h, v| {
        text!(h.agreements_expiring(v, 3650))
    }));
    out.push(read("unused_access", move |h, v| {
        text!(h.unused_access(v, from))
    }));
    out.push(read("retention_due", move |h, v| {
        text!(h.retention_due(v, to))
    }));
    out.push(read("notifications", |h, v| {
        text!(h.notifications(v, None, safehub::notifications::MAX_PAGE))
    }));
    out.push(read("changes_since", |h, _| {
        text!(h.changes_since(0, 100_000))
    }));
    out.push(read("agencies", |h, _| {
        serde_json::to_string(&h.agencies()).unwrap_or_default()
    }));
    out.push(read("verify", |h, _| text!(h.verify())));
    out.push(read("seq", |h, _| h.seq().to_string()));
    out.push(read("state_digest", |h, _| text!(h.state_digest())));
    // The journal export is a backup for partnership admins, not a view: everyone else must be
    // refused (the admin's copy is checked for being an admin's only, below).
    out.push(read("export_journal", |h, v| {
        match h.export_journal(v.practitioner) {
            Ok(_) => "<journal exported>".into(),
            Err(e) => format!("error: {e} / {e:?}"),
        }
    }));
    out
}

/// What one viewer sees only as a stub, at one time: entries and cases, by id.
struct Stubs {
    entries: BTreeSet<String>,
    cases: BTreeSet<String>,
}

impl Stubs {
    fn of(w: &World, viewer: &Viewer, as_of: Option<Time>) -> Stubs {
        let mut v = viewer.clone();
        v.as_of = as_of;
        let stub = |t: Target| {
            w.hub
                .explain(&v, t)
                .is_ok_and(|e| e.decision.access == safehub::Access::Stub)
        };
        Stubs {
            entries: w
                .entries
                .iter()
                .filter(|e| stub(Target::Entry(**e)))
                .map(|e| e.0.to_string())
                .collect(),
            cases: w
                .cases
                .iter()
                .filter(|c| stub(Target::Case(**c)))
                .map(|c| c.0.to_string())
                .collect(),
        }
    }

    /// Every place in a read's JSON where a stub is shown with what only a full view may
    /// show: an entry's category, a case's type, status, opening date or title; and, for the
    /// explanation of an entry (which names no id), a category on a stub decision. A read that
    /// is not JSON (Markdown, an error) has no shape to check.
    fn check(&self, out: &str, explains_entry: bool) -> Vec<String> {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(out) else {
            return vec![];
        };
        let mut found = vec![];
        walk(&json, &mut |o| {
            let Some(id) = o.get("id").and_then(|i| i.as_str()) else {
                return;
            };
            let shown = |keys: &[&str]| -> Vec<String> {
                keys.iter()
                    .filter(|k| o.get(**k).is_some_and(|v| !v.is_null()))
                    .map(|k| k.to_string())
                    .collect()
            };
            let (what, keys) = if self.entries.contains(id) {
                ("entry", shown(&["category"]))
            } else if self.cases.contains(id) {
                (
                    "case",
                    shown(&[
                        "case_type",
                        "status",
                        "opened_at",
                        "title",
                        "closure",
                        "reopening",
                        "handed_over",
                        "links",
                    ]),
                )
            } else {
                return;
            };
            if !keys.is_empty() {
                found.push(format!("the {what} {id} it sees as a stub, with {keys:?}"));
            }
        });
        // `explain` names no id: its decision on a stub entry must not name the category.
        if let Some(rule) = json.pointer("/decision/rule").filter(|_| explains_entry) {
            let stub = json.pointer("/decision/access").and_then(|a| a.as_str()) == Some("stub");
            if stub && rule.get("category").is_some_and(|c| !c.is_null()) {
                found.push(format!("an explanation naming a category: {rule}"));
            }
        }
        found
    }
}

/// Calls `f` on every object in `v`, depth first.
fn walk(v: &serde_json::Value, f: &mut dyn FnMut(&serde_json::Map<String, serde_json::Value>)) {
    match v {
        serde_json::Value::Object(o) => {
            f(o);
            o.values().for_each(|x| walk(x, f));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, f)),
        _ => {}
    }
}

/// The items a consultation log or report shows its reader that the reader may not know exist
/// (issue 18: a count of consultations must not reveal a withheld record).
fn unknowable_items(w: &World, v: &Viewer, out: &str) -> Vec<String> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(out) else {
        return vec![];
    };
    let mut found = vec![];
    walk(&json, &mut |o| {
        let (Some(kind), Some(id)) = (
            o.get("kind").and_then(|k| k.as_str()),
            o.get("id")
                .and_then(|i| i.as_str())
                .and_then(|i| uuid::Uuid::parse_str(i).ok()),
        ) else {
            return;
        };
        if o.get("owner").is_none() {
            return;
        }
        let target = match kind {
            "case" => Target::Case(CaseId(id)),
            "entry" => Target::Entry(safehub::EntryId(id)),
            "person" => Target::Person(PersonId(id)),
            "location" => Target::Location(LocationId(id)),
            "group" => Target::Group(GroupId(id)),
            // The canary world has no tasks, assessments, referrals or incidents; the twin
            // test (tests/sharing_twins.rs) covers their logs.
            _ => return,
        };
        let knowable = w
            .hub
            .explain(v, target)
            .is_ok_and(|e| e.decision.access != safehub::Access::Nothing);
        if !knowable {
            found.push(format!("a {kind} it may not know exists ({id})"));
        }
    });
    found
}

#[test]
fn no_marker_reaches_a_viewer_the_rules_withhold_it_from() {
    sweep(Store::Memory);
}

/// The store must not change what anyone sees (issue 21): the same world and sweep on a hub
/// whose journal is a PostgreSQL database.
#[cfg(feature = "postgres")]
#[test]
fn no_marker_reaches_a_viewer_the_rules_withhold_it_from_on_a_postgres_hub() {
    if Store::Postgres.available() {
        sweep(Store::Postgres);
    }
}

/// Every read, for every viewer, now, in the past and in the future, scanned for every marker.
fn sweep(store: Store) {
    let w = build(store);
    let reads = reads(&w);
    let viewers: Vec<PractitionerId> = w.names.keys().copied().collect();
    let mut leaks = vec![];
    let mut missing = vec![];
    let mut shapes = vec![];
    let mut scanned = 0usize;
    for viewer in &viewers {
        let future = day(45);
        for as_of in [None, Some(w.past), Some(future)] {
            let mut v = Viewer::new(*viewer).because("canary sweep");
            if let Some(t) = as_of {
                v = v.as_of(t);
            }
            let when = match as_of {
                None => "now",
                Some(t) if t == future => "as of day 45 (after now)",
                Some(_) => "as of day 5",
            };
            let nothing = BTreeSet::new();
            let stubs = Stubs::of(&w, &Viewer::new(*viewer).because("canary sweep"), as_of);
            let mut seen = String::new();
            for r in &reads {
                let out = (r.run)(&w.hub, &v);
                scanned += 1;
                if r.name == "export_journal" && out != "<journal exported>" {
                    // Refused: fine, and scanned like any error.
                } else if r.name == "export_journal" {
                    if *viewer != w.p.admin {
                        leaks.push(format!(
                            "{} could export the journal (partnership admins only)",
                            w.names[viewer]
                        ));
                    }
                    continue;
                }
                if as_of != Some(future) {
                    shapes.extend(
                        stubs
                            .check(&out, r.name.starts_with("explain Entry"))
                            .into_iter()
                            .map(|s| {
                                format!("{} {when} through `{}`: {s}", w.names[viewer], r.name)
                            }),
                    );
                }
                if as_of.is_none() && r.name.starts_with("consultation") {
                    shapes.extend(
                        unknowable_items(&w, &v, &out).into_iter().map(|s| {
                            format!("{} through `{}` is shown {s}", w.names[viewer], r.name)
                        }),
                    );
                }
                for m in &w.markers {
                    let allowed = match as_of {
                        None => &m.now,
                        Some(t) if t == future => &nothing,
                        Some(_) => &m.past,
                    };
                    if out.contains(&m.text) && !allowed.contains(viewer) {
                        leaks.push(format!(
                            "{} ({}) reached {} {when} through `{}`",
                            m.text, m.what, w.names[viewer], r.name
                        ));
                    }
                }
                seen.push_str(&out);
            }
            for m in &w.markers {
                let allowed = match as_of {
                    None => &m.now,
                    Some(t) if t == future => &nothing,
                    Some(_) => &m.past,
                };
                if allowed.contains(viewer)
                    && !m.not_offered.contains(viewer)
                    && !seen.contains(&m.text)
                {
                    missing.push(format!(
                        "{} ({}) should reach {} {when} but no read showed it",
                        m.text, m.what, w.names[viewer]
                    ));
                }
            }
        }
    }
    let _ = (&w.clock, &w.agencies, w.ended);
    println!(
        "canaries ({store:?}): {} markers, {} viewers, {} reads scanned",
        w.markers.len(),
        viewers.len(),
        scanned
    );
    assert!(
        leaks.is_empty() && missing.is_empty() && shapes.is_empty(),
        "LEAKS ({}):\n  {}\nMISSING ({}):\n  {}\nSTUBS SHOWN WITH CONTENT, UNKNOWABLE ITEMS LISTED ({}):\n  {}",
        leaks.len(),
        leaks.join("\n  "),
        missing.len(),
        missing.join("\n  "),
        shapes.len(),
        shapes.join("\n  ")
    );
}

/// The markers themselves are unique and none is a prefix of another, so a scan hit means
/// exactly that marker.
#[test]
fn canary_markers_are_unique() {
    let w = build(Store::Memory);
    for (i, a) in w.markers.iter().enumerate() {
        for (j, b) in w.markers.iter().enumerate() {
            assert!(
                i == j || !b.text.contains(&a.text),
                "marker {} is inside {}",
                a.text,
                b.text
            );
        }
    }
}

/// The records a notification names, each opened through the read a host would use to show it;
/// an error names the read that refused.
fn open_notified(hub: &Hub, v: &Viewer, n: &safehub::Notification) -> Result<(), String> {
    use safehub::NotificationKind as K;
    let refused = |what: &str, e: safehub::Error| Err(format!("{what}: {e}"));
    let entry_shown = |case: CaseId, entry: safehub::EntryId| match hub.case(v, case) {
        Ok(view) => {
            let text = serde_json::to_string(&view).unwrap_or_default();
            if text.contains(&entry.to_string()) {
                Ok(())
            } else {
                Err(format!("entry {entry} is not on the case view"))
            }
        }
        Err(e) => refused("case", e),
    };
    match &n.kind {
        K::TaskSet { task, .. } => hub.task(v, *task).map(drop).or_else(|e| refused("task", e)),
        K::TaskAnswered { task, case, answer } => {
            hub.task(v, *task)
                .map(drop)
                .or_else(|e| refused("task", e))?;
            answer.map_or(Ok(()), |a| entry_shown(*case, a))
        }
        K::ReferralReceived { referral } => hub
            .referral(v, *referral)
            .map(drop)
            .or_else(|e| refused("referral", e)),
        K::EntryAdded { case, entry } => entry_shown(*case, *entry),
        K::RiskRaised {
            assessment, person, ..
        } => {
            hub.assessment(v, *assessment)
                .map(drop)
                .or_else(|e| refused("assessment", e))?;
            hub.person(v, *person)
                .map(drop)
                .or_else(|e| refused("person", e))
        }
        K::IncidentsRecorded { incidents } => incidents.iter().try_for_each(|i| {
            hub.incident(v, *i)
                .map(drop)
                .or_else(|e| refused("incident", e))
        }),
    }
}

#[test]
fn every_notification_names_only_records_the_viewers_own_reads_show() {
    notified_records_open(Store::Memory);
}

/// The same on a PostgreSQL-backed hub: the feed reads the journal, so the store is in its path.
#[cfg(feature = "postgres")]
#[test]
fn every_notification_names_only_records_the_viewers_own_reads_show_on_a_postgres_hub() {
    if Store::Postgres.available() {
        notified_records_open(Store::Postgres);
    }
}

/// Opens every record every viewer's notifications name, through that viewer's own reads.
fn notified_records_open(store: Store) {
    let w = build(store);
    let mut notified = 0;
    let mut wrong = vec![];
    for (viewer, name) in &w.names {
        let v = Viewer::new(*viewer).because("canary sweep");
        let page = ok(
            "notifications",
            w.hub
                .notifications(&v, None, safehub::notifications::MAX_PAGE),
        );
        for n in &page.items {
            notified += 1;
            if let Err(e) = open_notified(&w.hub, &v, n) {
                wrong.push(format!("{name}: {:?}: {e}", n.kind));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "notified of what their reads withhold:\n{}",
        wrong.join("\n")
    );
    assert!(
        notified > 0,
        "nobody was notified of anything: the sweep proves nothing"
    );
}
