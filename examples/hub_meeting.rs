//! The morning hub meeting, the main job. Opens (or creates) `hub.db` on the embedded SQLite
//! default; the first time, loads a generated borough (a year of incidents, cases, risk
//! assessments, tasks and referrals across ten agencies); then prints the briefing the chair
//! reads at 09:00: the Top 10 callers and locations with movement, the priority list with
//! reasons, new repeats and ASB case review thresholds met, overdue tasks by agency and pending
//! referrals. It prints the same briefing as a housing officer sees it, and what the sharing
//! rules changed between the two. Then it holds the meeting and keeps it as a record: police
//! chair it with every partner invited, attendance is admitted or refused by the information
//! sharing protocol, police disclose an intelligence note to the room, the meeting records a
//! decision and agrees two actions (tasks), police correct a profile on the agenda, and the
//! minutes are printed as police and as housing read them.
//!
//! ```sh
//! cargo run --release --example hub_meeting                 # borough scale, hub.db
//! cargo run --release --example hub_meeting -- --scale county --db county.db
//! cargo run --release --example hub_meeting -- --as council --since 2026-11-09
//! cargo run --release --example hub_meeting -- --db postgres://safehub@db.example/hub
//! ```
//!
//! Flags: `--scale borough|county|national-slice` (only when the hub is created), `--db PATH`
//! (or a `postgres://` URL: a PostgreSQL database that several hosts share),
//! `--as AGENCY` (whose briefing comes first: police, council, housing, mh, asc, fire, dal, dv,
//! vol, nhw; default police), `--since DATE` (what counts as new; default yesterday's meeting).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use safehub::incidents::{CaseReviewBasis, Movement, RepeatKind, TopSubject};
use safehub::meetings::{AgendaSubject, MeetingItem};
use safehub::{
    Access, Assignee, BriefingConfig, CaseId, CaseReviewConfig, CaseType, DuplicateReason, Edit,
    FactSharing, Hub, HubBuilder, InformationCategory, ManualClock, NewCase, NewEntry, NewFact,
    NewFactValue, NewMeeting, NewPerson, NewTask, OnCase, PersonId, PersonView, PractitionerId,
    Priority, PriorityReason, ReferralView, SharedText, Subject, SubjectRole, Target, TaskView,
    TopKind, TopMeasure, TopQuery, Viewer, Visibility,
};
use safehub_workspace::borough::{self, Borough, Partner, Scale, PARTNERS};
use std::collections::BTreeMap;
use std::error::Error;
use std::time::Instant;

/// The seed of the generated borough: the same seed gives the same hub.
const SEED: u64 = 2026;

struct Args {
    scale: Scale,
    db: String,
    first: &'static Partner,
    since: Option<NaiveDate>,
}

fn parse_args() -> Result<Args, Box<dyn Error>> {
    let mut args = Args {
        scale: Scale::Borough,
        db: "hub.db".into(),
        first: &PARTNERS[0],
        since: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--scale" => {
                let v = value()?;
                args.scale = Scale::parse(&v).ok_or(format!(
                    "--scale: borough, county or national-slice, not {v}"
                ))?;
            }
            "--db" => args.db = value()?,
            "--as" => {
                let v = value()?.to_lowercase();
                args.first = PARTNERS
                    .iter()
                    .find(|p| p.prefix == v || p.name.to_lowercase().starts_with(&v))
                    .ok_or(format!("--as: one of {}", prefixes()))?;
            }
            "--since" => args.since = Some(value()?.parse()?),
            "-h" | "--help" => {
                println!(
                    "hub_meeting [--scale borough|county|national-slice] [--db PATH] \
                     [--as AGENCY] [--since YYYY-MM-DD]\nAGENCY: {}",
                    prefixes()
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown flag {other} (try --help)").into()),
        }
    }
    Ok(args)
}

fn prefixes() -> String {
    PARTNERS
        .iter()
        .map(|p| p.prefix)
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let meeting = borough::today() + Duration::minutes(30);
    let first_worker = borough::worker_id(&PARTNERS[0], 1);

    let started = Instant::now();
    let reopened = open(Hub::builder().clock(ManualClock::new(meeting)), &args.db)?;
    let hub = if reopened
        .practitioner_by_external_id(&first_worker)
        .is_some()
    {
        println!(
            "Reopened {}: {} events replayed in {:.2} s.",
            shown(&args.db),
            reopened.seq(),
            started.elapsed().as_secs_f64()
        );
        if args.scale != Scale::Borough {
            println!("(--scale applies when a hub is created; use --db for a new file.)");
        }
        reopened
    } else if reopened.seq() > 0 {
        return Err(format!(
            "{} holds a hub that is not a generated borough",
            shown(&args.db)
        )
        .into());
    } else {
        drop(reopened);
        create(&args)?
    };

    let integrity = hub.verify()?;
    println!(
        "Journal verified: {} events, {}.",
        integrity.events_checked,
        if integrity.is_ok() {
            "hash chain intact"
        } else {
            "HASH CHAIN BROKEN"
        }
    );

    let since = args.since.map_or(meeting - Duration::days(1), |d| {
        d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
    });
    let second = if args.first.prefix == "housing" {
        &PARTNERS[0]
    } else {
        &PARTNERS[2]
    };
    let a = brief(&hub, args.first, meeting, since)?;
    let b = brief(&hub, second, meeting, since)?;
    compare(args.first, &a, second, &b);
    hold_meeting(&hub, meeting)?;
    Ok(())
}

/// The meeting itself, kept as a record (docs/meetings.md): the daily hub meeting chaired by
/// police with every partner invited. The clock stands at the meeting's start, so every step
/// is stamped with it (a second run on the same file holds another meeting at the same time,
/// which is not "earlier", so its agenda carries nothing over).
fn hold_meeting(hub: &Hub, starts: DateTime<Utc>) -> Result<(), Box<dyn Error>> {
    let worker = |p: &Partner| {
        hub.practitioner_by_external_id(&borough::worker_id(p, 1))
            .ok_or("no such practitioner in this hub")
    };
    let (police, housing) = (&PARTNERS[0], &PARTNERS[2]);
    let chair = worker(police)?;
    let officer = worker(housing)?;
    println!("\n{}", line(96));
    println!(
        "THE MEETING · Daily hub meeting · {} · chaired by {}",
        starts.format("%A %-d %B %Y, %H:%M"),
        borough::worker_id(police, 1)
    );
    println!("{}", line(96));
    let meeting = hub.schedule_meeting(
        chair,
        NewMeeting {
            kind: "Daily hub meeting".into(),
            title: format!("Daily hub meeting, {}", starts.format("%-d %B %Y")),
            starts,
            chair,
            agencies: hub.agencies().iter().map(|a| a.id).collect(),
            practitioners: vec![],
        },
    )?;

    // Nobody in the room sits outside the protocol: each partner's officer is admitted only
    // where its agency shares under an agreement with every agency already in the room.
    println!("\nAttendance (all ten agencies invited):");
    let mut order = vec![police, housing];
    order.extend(
        PARTNERS
            .iter()
            .filter(|p| p.prefix != "police" && p.prefix != "housing"),
    );
    for p in order {
        let who = worker(p)?;
        match hub.record_attendance(chair, meeting, who) {
            Ok(()) => println!("  admitted  {:<28} {}", p.name, borough::worker_id(p, 1)),
            Err(e) => println!("  refused   {:<28} {e}", p.name),
        }
    }

    let agenda = hub.meeting_agenda(&Viewer::new(chair).because("daily hub meeting"), meeting)?;
    println!(
        "\nAgenda as the chair reads it (since {}): {} new incidents, {} new repeats, {} case \
         review thresholds met, {} overdue tasks, {} referrals awaiting a decision, the top {} \
         of the priority list, {} actions carried over from earlier meetings",
        agenda.since.format("%a %-d %b %H:%M"),
        agenda.briefing.new_incidents.count,
        agenda.briefing.repeats.len(),
        agenda.briefing.case_reviews.len(),
        agenda.briefing.overdue_tasks.len(),
        agenda.briefing.pending_referrals.len(),
        agenda.priority.len(),
        agenda.carried_over.len()
    );
    for task in &agenda.carried_over {
        if let TaskView::Full(t) = task {
            println!(
                "  carried over: {} ({}, due {})",
                t.title,
                t.assigned_agency.name,
                t.due.format("%-d %b")
            );
        }
    }

    // The top of the priority list becomes a case the meeting works, with housing on its team.
    let top = agenda.priority.iter().find_map(|row| match &row.person {
        Some(PersonView::Full(p)) => Some((p.id, p.name.clone())),
        _ => None,
    });
    let Some((person, name)) = top else {
        println!("\n(no one on the priority list the chair reads in full: no case opened)");
        return Ok(());
    };
    let housing_agency = hub
        .agencies()
        .into_iter()
        .find(|a| a.name == housing.name)
        .ok_or("no housing agency")?
        .id;
    let case = hub.open_case(
        chair,
        NewCase {
            case_type: CaseType::Asb,
            title: format!("Hub meeting: {name}"),
            lead_practitioner: None,
            team: vec![housing_agency],
        },
    )?;
    hub.link_subject(chair, case, Subject::Person(person), SubjectRole::Victim)?;
    hub.add_agenda_item(chair, meeting, AgendaSubject::Case { id: case })?;

    // Police bring what only police hold, and disclose it to the room under the protocol.
    let intelligence = hub.add_entry(
        chair,
        case,
        NewEntry {
            category: InformationCategory::Asb,
            visibility: Visibility::Agency,
            ..NewEntry::note(format!(
                "Police intelligence: {name} has called about the same neighbours nine times \
                 since the summer; two calls were made from a phone box."
            ))
        },
    )?;
    let item = MeetingItem::Entry { id: intelligence };
    let housing_before = hub.explain(&Viewer::new(officer), Target::Entry(intelligence))?;
    hub.disclose_at_meeting(
        chair,
        meeting,
        item,
        None,
        "Daily hub meeting: repeat caller",
    )?;
    let housing_after = hub.explain(&Viewer::new(officer), Target::Entry(intelligence))?;
    println!(
        "\nPolice disclose an intelligence note (agency only) to the room: housing's officer \
         read it as {:?} before, {:?} now ({}).",
        housing_before.decision.access,
        housing_after.decision.access,
        housing_after.decision.rule.describe()
    );

    hub.record_meeting_decision(
        chair,
        meeting,
        case,
        NewEntry {
            category: InformationCategory::Asb,
            visibility: Visibility::CaseTeam,
            ..NewEntry::note(
                "Decision: joint visit by police and housing this week; a warning letter if the \
                 calls about the neighbours continue.",
            )
        },
        vec![item],
    )?;
    let action = |assignee, title: &str, days| NewTask {
        case,
        assignee,
        title: title.into(),
        detail: "Agreed at the daily hub meeting; report back at the next one.".into(),
        category: InformationCategory::Asb,
        due: starts + Duration::days(days),
        priority: Priority::High,
    };
    hub.agree_action(
        chair,
        meeting,
        action(
            Assignee::Practitioner(officer),
            "Joint visit with the PCSO",
            3,
        ),
        vec![item],
    )?;
    hub.agree_action(
        chair,
        meeting,
        action(
            Assignee::Practitioner(chair),
            "Speak to the neighbours about the calls",
            7,
        ),
        vec![item],
    )?;
    println!(
        "The meeting records a decision and agrees two actions: one for housing, one for police."
    );

    // Records stay true: police add the name housing's tenancy system holds (issue 22). On a
    // second run on the same file the alias is already recorded: the history shows it still.
    let alias = match name.split_once(' ') {
        Some((first, last)) => format!("{}. {last}", first.chars().next().unwrap_or('?')),
        None => format!("{name} (housing)"),
    };
    let amended = hub.amend(
        chair,
        Subject::Person(person),
        vec![Edit::AddAlias { alias }],
        "The name housing's tenancy system holds, confirmed at the hub meeting.",
    );
    if let Err(e) = &amended {
        if !matches!(e, safehub::Error::Invalid { field: "alias", .. }) {
            println!("Police could not amend {name}'s profile: {e}");
        }
    }
    let history = hub.history(&Viewer::new(officer), Subject::Person(person))?;
    if let Some(last) = history.last() {
        let changes: Vec<String> = last.changes.iter().map(ToString::to_string).collect();
        println!(
            "Police amend {name}'s profile; housing's officer reads its history: {} by {}: {}",
            last.at.format("%-d %b %H:%M"),
            last.by.as_ref().map_or("?", |p| p.name.as_str()),
            changes.join("; ")
        );
    }

    one_person(hub, (chair, officer), case, person, &name)?;

    for (who, partner) in [(chair, police), (officer, housing)] {
        let minutes = hub.meeting_minutes(&Viewer::new(who), meeting)?;
        println!("\n{}", line(96));
        println!(
            "MINUTES as {} ({}) reads them",
            borough::worker_id(partner, 1),
            partner.name
        );
        println!("{}", line(96));
        print!("{}", minutes.to_markdown());
    }
    Ok(())
}

/// One person, two agencies' records (issue 22): housing's tenancy system holds the case's
/// person under the name police just added as an alias. Housing record their own profile on the
/// case, police are shown it as a possible duplicate, and both agencies agree to merge the two:
/// each profile keeps its agency's facts under its agency's rules. A second run on the same file
/// finds them merged already.
fn one_person(
    hub: &Hub,
    (chair, officer): (PractitionerId, PractitionerId),
    case: CaseId,
    person: PersonId,
    name: &str,
) -> Result<(), Box<dyn Error>> {
    if hub.merged_profiles(&Viewer::new(officer), person)?.len() < 2 {
        let dob = match hub.person(&Viewer::new(chair), person)? {
            PersonView::Full(p) => p.date_of_birth,
            PersonView::Stub(_) => None,
        };
        let alias = match name.split_once(' ') {
            Some((first, last)) => format!("{}. {last}", first.chars().next().unwrap_or('?')),
            None => format!("{name} (housing)"),
        };
        let tenant = hub.record_person(
            officer,
            NewPerson {
                name: alias.clone(),
                date_of_birth: dob,
                ..NewPerson::default()
            },
        )?;
        hub.link_subject(officer, case, Subject::Person(tenant), SubjectRole::Victim)?;
        let found = hub.possible_duplicates(&Viewer::new(chair), person)?;
        match found.iter().find(|c| c.person.id == tenant) {
            Some(c) => println!(
                "Housing record their tenant {alias} on the case; police are shown a possible \
                 duplicate of {name}: score {}, {}",
                c.score,
                c.reasons
                    .iter()
                    .map(duplicate_reason)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => println!("Housing record their tenant {alias} on the case"),
        }
        hub.agree_merge(
            chair,
            person,
            tenant,
            "The same person: confirmed at the hub meeting.",
        )?;
        let asked = hub.merge_requests(&Viewer::new(officer))?.len();
        let merged = hub.agree_merge(officer, person, tenant, "Our tenant: agreed.")?;
        println!(
            "Police agree to merge the two profiles; housing see {asked} request and agree{}",
            if merged { ": merged" } else { "" }
        );
        // Housing hold two facts of their own about her on the police profile: the tenancy,
        // shared under the agreements, and the repairs team's number, kept for housing.
        let fact = |value, category, sharing| NewFact {
            value,
            category,
            sharing,
        };
        hub.add_fact(
            officer,
            person,
            fact(
                NewFactValue::Address {
                    address: "Flat 3, 12 Mill Lane".into(),
                    postcode: Some("B79 7BE".into()),
                },
                Some(InformationCategory::Housing),
                FactSharing::UnderAgreements,
            ),
            "Her tenancy.",
        )?;
        hub.add_fact(
            officer,
            person,
            fact(
                NewFactValue::Phone {
                    number: "07700 900123".into(),
                },
                None,
                FactSharing::AgencyOnly,
            ),
            "The repairs team's contact number.",
        )?;
    }
    for (who, agency) in [(chair, "police"), (officer, "housing")] {
        let profiles = hub.merged_profiles(&Viewer::new(who), person)?;
        let shown: Vec<String> = profiles
            .iter()
            .map(|p| match p {
                PersonView::Full(p) => format!(
                    "{} (in full, vulnerability flags read: {}, agencies' facts read: {}{})",
                    p.name,
                    p.flags.len(),
                    p.facts.len(),
                    if p.facts_held_by.is_empty() {
                        String::new()
                    } else {
                        let held: Vec<&str> =
                            p.facts_held_by.iter().map(|a| a.name.as_str()).collect();
                        format!(", more held by {}", held.join(", "))
                    }
                ),
                PersonView::Stub(s) => format!("{} (whom to ask)", s.name),
            })
            .collect();
        println!(
            "{agency} read {name} as one person of {} profiles: {}",
            profiles.len(),
            shown.join("; ")
        );
    }
    Ok(())
}

fn duplicate_reason(r: &DuplicateReason) -> String {
    match r {
        DuplicateReason::SameIdentifier { kind } => format!("same {kind:?}"),
        DuplicateReason::ConflictingIdentifier { kind } => format!("different {kind:?}"),
        DuplicateReason::Name { how, alias } => {
            format!("name {how:?}{}", if *alias { " (by an alias)" } else { "" })
        }
        DuplicateReason::DateOfBirth { how } => format!("date of birth {how:?}"),
        DuplicateReason::SharedPlaces { count } => format!("{count} places in common"),
        DuplicateReason::SharedAddress => "an address in common".into(),
    }
}

/// Opens the hub in a PostgreSQL database for a `postgres://` URL, else in a SQLite file.
fn open(builder: HubBuilder, db: &str) -> Result<Hub, Box<dyn Error>> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        return Ok(builder.postgres(db)?);
        #[cfg(not(feature = "postgres"))]
        return Err("this build has no PostgreSQL journal (feature postgres)".into());
    }
    Ok(builder.open(db)?)
}

/// The database as printed: a URL without its user and password.
fn shown(db: &str) -> String {
    match (db.split_once("://"), db.rsplit_once('@')) {
        (Some((scheme, _)), Some((_, host))) => format!("{scheme}://{host}"),
        _ => db.to_owned(),
    }
}

/// Creates the hub and loads a generated borough, with a progress bar.
fn create(args: &Args) -> Result<Hub, Box<dyn Error>> {
    let shape = args.scale.shape();
    println!(
        "Creating {} and loading a generated {} ({} incidents over a year, {} cases, 10 agencies)…",
        shown(&args.db),
        args.scale.name(),
        shape.incidents,
        shape.cases
    );
    let started = Instant::now();
    let (builder, clock) = borough::builder(SEED);
    let hub = open(builder, &args.db)?;
    let bar = ProgressBar::new(shape.incidents as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} incidents ({per_sec}, eta {eta})",
        )?
        .progress_chars("=> "),
    );
    let generated = Borough::generate(&hub, &clock, SEED, args.scale, &mut |p| {
        bar.set_position(p.done);
    })?;
    bar.finish_and_clear();
    clock.set(borough::today() + Duration::minutes(30));
    println!(
        "Loaded in {:.1} s: {} incidents, {} people recorded, {} cases, {} entries, {} tasks, \
         {} referrals; {} events.",
        started.elapsed().as_secs_f64(),
        generated.incidents,
        generated.people.len(),
        generated.cases.len(),
        generated.entries,
        generated.tasks,
        generated.referrals,
        hub.seq()
    );
    Ok(hub)
}

/// What one viewer's briefing held, to compare with another's.
#[derive(Default)]
struct Tally {
    incidents_in_top: u64,
    top_rows_to_ask: usize,
    priority: usize,
    priority_restricted: usize,
    repeats: usize,
    case_reviews: usize,
    overdue_full: usize,
    overdue_stub: usize,
    referrals: usize,
    millis: f64,
    timings: Vec<(&'static str, f64)>,
}

/// Runs a read, noting how long it took.
fn timed<T>(
    timings: &mut Vec<(&'static str, f64)>,
    what: &'static str,
    read: impl FnOnce() -> safehub::Result<T>,
) -> safehub::Result<T> {
    let started = Instant::now();
    let out = read();
    timings.push((what, started.elapsed().as_secs_f64() * 1_000.0));
    out
}

const WINDOW_DAYS: u32 = 28;
const ROWS: usize = 10;

fn line(width: usize) -> String {
    "─".repeat(width)
}

/// Prints the chair's briefing as a practitioner of `partner` sees it.
fn brief(
    hub: &Hub,
    partner: &Partner,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> Result<Tally, Box<dyn Error>> {
    let who = hub
        .practitioner_by_external_id(&borough::worker_id(partner, 1))
        .ok_or("no such practitioner in this hub")?;
    let viewer = Viewer::new(who).because("daily hub meeting");
    let mut t = Tally::default();
    let started = Instant::now();

    println!("\n{}", line(96));
    println!(
        "MORNING BRIEFING · Tamworth Community Safety Hub · {} · as seen by {} ({})",
        now.format("%A %-d %B %Y, %H:%M"),
        borough::worker_id(partner, 1),
        partner.name
    );
    println!("New since {}.", since.format("%a %-d %b %H:%M"));
    println!("{}", line(96));

    for (kind, title) in [
        (TopKind::Callers, "callers"),
        (TopKind::Locations, "locations"),
    ] {
        let list = timed(&mut t.timings, "top 10", || {
            hub.top(
                &viewer,
                &TopQuery {
                    kind,
                    measure: TopMeasure::Count,
                    end: now,
                    days: WINDOW_DAYS,
                    limit: ROWS,
                },
            )
        })?;
        println!(
            "\nTop {ROWS} {title}, {} to {} (movement on the previous {WINDOW_DAYS} days)",
            list.from.format("%-d %b"),
            (list.to - Duration::days(1)).format("%-d %b")
        );
        for row in &list.rows {
            t.incidents_in_top += u64::from(row.count);
            if row.subject.access != Access::Full {
                t.top_rows_to_ask += 1;
            }
            println!(
                "  {:>2}. {:<5} {:<38} {:>4} incidents{}",
                row.rank,
                movement(row.movement),
                row.subject.name,
                row.count,
                ask(&row.subject)
            );
        }
        if list.rows.is_empty() {
            println!("  (no incidents this viewer may read)");
        }
    }

    let priority = timed(&mut t.timings, "priority list", || {
        hub.priority_list(&viewer, 1_000)
    })?;
    t.priority = priority.len();
    t.priority_restricted = priority.iter().filter(|r| r.person.is_none()).count();
    println!(
        "\nPriority list: {} people at risk (top {ROWS})",
        priority.len()
    );
    for row in priority.iter().take(ROWS) {
        let name = match &row.person {
            Some(PersonView::Full(p)) => p.name.clone(),
            Some(PersonView::Stub(p)) => format!("{} (details withheld)", p.name),
            None => "a restricted profile".into(),
        };
        let reasons: Vec<String> = row.reasons.iter().map(reason).collect();
        println!(
            "  {:>2}. {:<10} {:<30} {}{}",
            row.rank,
            row.level.as_str().to_uppercase(),
            name,
            reasons.join("; "),
            on_cases(&row.cases)
        );
    }

    // Everything that happened since the last meeting comes from the hub's briefing, which is
    // built from the same viewer-filtered reads.
    let config = BriefingConfig {
        case_review: CaseReviewConfig {
            distinct_complainants: Some(5),
            ..CaseReviewConfig::default()
        },
        ..BriefingConfig::default()
    };
    let b = timed(&mut t.timings, "briefing", || {
        hub.briefing(&viewer, since, &config)
    })?;
    println!(
        "\nSince {}: {} new incidents this viewer may read; risk assessments recorded or raised: {}",
        since.format("%a %-d %b %H:%M"),
        b.new_incidents.count,
        b.risks.len()
    );
    for r in b.risks.iter().take(5) {
        println!(
            "  - {:<10} {} ({})",
            r.level.as_str().to_uppercase(),
            r.person
                .as_ref()
                .map_or("a restricted profile".into(), person_name),
            r.template.id
        );
    }
    t.repeats = b.repeats.len();
    println!(
        "\nNew repeats (or another incident for a repeat): {}",
        b.repeats.len()
    );
    for r in b.repeats.iter().take(ROWS) {
        let what = match r.kind {
            RepeatKind::Person => "person, 12 months",
            RepeatKind::Location => "place, ASB in 3 months",
        };
        println!(
            "  - {:<38} {:>5} incidents ({what}){}",
            r.subject.name,
            r.count,
            ask(&r.subject)
        );
    }
    t.case_reviews = b.case_reviews.len();
    println!(
        "\nASB case review thresholds newly met: {}",
        b.case_reviews.len()
    );
    for r in b.case_reviews.iter().take(ROWS) {
        let basis = match r.basis {
            CaseReviewBasis::Complaints { count } => format!("{count} complaints in 6 months"),
            CaseReviewBasis::HateIncidents { count } => format!("{count} hate incidents"),
            CaseReviewBasis::DistinctComplainants { count } => {
                format!("{count} different complainants")
            }
        };
        println!("  - {:<38} {basis}{}", r.subject.name, ask(&r.subject));
    }

    let overdue = &b.overdue_tasks;
    let mut by_agency: BTreeMap<SharedText, Vec<&TaskView>> = BTreeMap::new();
    for task in overdue {
        let agency = match task {
            TaskView::Full(d) => d.assigned_agency.name.clone(),
            TaskView::Stub(s) => s.assigned_agency.name.clone(),
        };
        by_agency.entry(agency).or_default().push(task);
    }
    println!(
        "\nOverdue tasks by agency: {} ({} more due today)",
        overdue.len(),
        b.tasks_due_today.len()
    );
    for (agency, tasks) in &by_agency {
        let oldest = tasks.first().map(|t| match t {
            TaskView::Full(d) => format!("oldest: {}, due {}", d.title, d.due.format("%-d %b")),
            TaskView::Stub(s) => format!(
                "oldest: a task set by {}, due {} (details withheld)",
                s.set_by_agency.name,
                s.due.format("%-d %b")
            ),
        });
        println!(
            "  {agency:<28} {:>3}   {}",
            tasks.len(),
            oldest.unwrap_or_default()
        );
    }
    t.overdue_full = overdue
        .iter()
        .filter(|v| matches!(v, TaskView::Full(_)))
        .count();
    t.overdue_stub = overdue.len() - t.overdue_full;

    t.referrals = b.pending_referrals.len();
    println!(
        "\nReferrals to {} awaiting a decision: {}",
        partner.name,
        b.pending_referrals.len()
    );
    for r in b.pending_referrals.iter().take(ROWS) {
        match r {
            ReferralView::Full(d) => println!(
                "  - from {}: {} ({}, made {})",
                d.from_agency.name,
                d.reason,
                d.person.as_ref().map_or("no person".into(), person_name),
                d.made_at.format("%-d %b")
            ),
            ReferralView::Stub(s) => println!(
                "  - from {} (made {}; details withheld)",
                s.from_agency.name,
                s.made_at.format("%-d %b")
            ),
        }
    }
    t.millis = started.elapsed().as_secs_f64() * 1_000.0;
    let parts: Vec<String> = t
        .timings
        .iter()
        .map(|(what, ms)| format!("{what} {ms:.0} ms"))
        .collect();
    println!(
        "\n(all of the above read in {:.0} ms: {})",
        t.millis,
        parts.join(", ")
    );
    Ok(t)
}

fn person_name(p: &PersonView) -> String {
    match p {
        PersonView::Full(d) => d.name.clone(),
        PersonView::Stub(s) => s.name.clone(),
    }
}

fn movement(m: Movement) -> String {
    match m {
        Movement::New => "new".into(),
        Movement::Up { places } => format!("↑{places}"),
        Movement::Down { places } => format!("↓{places}"),
        Movement::Same => "=".into(),
    }
}

/// What a row adds after the name: whom to ask for a withheld profile, and the cases the
/// subject is already on that this viewer reads ("on case X, led by Y").
fn ask(s: &TopSubject) -> String {
    let mut out = String::new();
    if s.access != Access::Full {
        let known: Vec<&str> = s.known_to.iter().map(|a| a.name.as_str()).collect();
        out = format!("  [profile withheld; ask {}]", known.join(", "));
    }
    out + &on_cases(&s.cases)
}

/// "on case X, led by Y" for each case listed (empty when the viewer may know of none).
fn on_cases(cases: &[OnCase]) -> String {
    cases
        .iter()
        .map(|c| match &c.lead_practitioner {
            Some(p) => format!(
                "  [on case \"{}\", led by {} ({})]",
                c.title, c.lead_agency.name, p.name
            ),
            None => format!("  [on case \"{}\", led by {}]", c.title, c.lead_agency.name),
        })
        .collect()
}

fn reason(r: &PriorityReason) -> String {
    match r {
        PriorityReason::Level {
            level,
            actuarial,
            template,
        } => {
            if level == actuarial {
                template.id.clone()
            } else {
                format!("{}, raised from {}", template.id, actuarial.as_str())
            }
        }
        PriorityReason::Escalation { trigger } => match trigger {
            safehub::Trigger::Score { refer_to, .. } => format!("refer to {refer_to}"),
            safehub::Trigger::PotentialEscalation {
                incidents, months, ..
            } => format!("{incidents} incidents in {months} months"),
            safehub::Trigger::Repeat { refer_to, .. } => format!("repeat: back to {refer_to}"),
        },
        PriorityReason::Vulnerable { flag } => words(&format!("{flag:?}")),
        PriorityReason::ReviewOverdue { due } => {
            format!("review overdue since {}", due.format("%-d %b"))
        }
    }
}

/// `RepeatVictim` as `repeat victim`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What the sharing rules changed between two viewers' briefings.
fn compare(a: &Partner, ta: &Tally, b: &Partner, tb: &Tally) {
    println!("\n{}", line(96));
    println!("WHAT THE SHARING RULES CHANGED ({} vs {})", a.name, b.name);
    println!("{}", line(96));
    let row = |what: &str, x: String, y: String| println!("  {what:<44} {x:>14} {y:>14}");
    row("", a.name.into(), b.name.into());
    row(
        "incidents counted in the Top 10 lists",
        ta.incidents_in_top.to_string(),
        tb.incidents_in_top.to_string(),
    );
    row(
        "Top 10 rows shown as a name only (ask)",
        ta.top_rows_to_ask.to_string(),
        tb.top_rows_to_ask.to_string(),
    );
    row(
        "people on the priority list",
        ta.priority.to_string(),
        tb.priority.to_string(),
    );
    row(
        "  of them restricted profiles",
        ta.priority_restricted.to_string(),
        tb.priority_restricted.to_string(),
    );
    row(
        "new repeats",
        ta.repeats.to_string(),
        tb.repeats.to_string(),
    );
    row(
        "case review thresholds newly met",
        ta.case_reviews.to_string(),
        tb.case_reviews.to_string(),
    );
    row(
        "overdue tasks in full / as stubs",
        format!("{} / {}", ta.overdue_full, ta.overdue_stub),
        format!("{} / {}", tb.overdue_full, tb.overdue_stub),
    );
    row(
        "referrals to the agency awaiting a decision",
        ta.referrals.to_string(),
        tb.referrals.to_string(),
    );
    row(
        "all reads above, ms",
        format!("{:.0}", ta.millis),
        format!("{:.0}", tb.millis),
    );
    println!(
        "\n  {} reads incidents, assessments and tasks only where an agreement in force covers \
         their category\n  (the hub protocol covers ASB, housing, location and personal details; \
         domestic abuse, hate,\n  crime, health and safeguarding stay with the agencies whose \
         agreements name them).",
        b.name
    );
}
