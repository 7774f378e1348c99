//! One sharing decision (viewer, entry -> Full or not), timed beside the same rule written as a
//! Cedar policy set, in one run (issue 3; targets in docs/BENCHMARKS.md, "Sharing decision").
//!
//! The world is built through safehub's public API only (in-memory hub, `ManualClock`,
//! `SequentialIds`, a fixed-seed generator): 12 agencies, 200 practitioners, 30 agreements,
//! 1,000 cases with teams (agencies join only under an agreement covering the case type, as the
//! hub enforces), 20,000 entries of mixed visibility, category and sensitivity.
//!
//! Cedar model: the same facts as entities (agencies, users, categories, cases, entries,
//! agreements); **agreements are entities with attributes** (parties, categories, special flag,
//! starts/ends as microsecond longs), read by literal uid from the policies, since Cedar has no
//! "exists an agreement such that" over a set. Two encodings of rule 3, both timed: one generated
//! `permit` per agreement (33 policies; idiomatic, adding an agreement adds a policy), and one
//! `permit` with the reach test written once and the agreements inlined as a disjunction
//! (4 policies; about 3.5x faster in Cedar, so it is the fair baseline). The request's context
//! carries only the time of the read. Cedar decides `view_full`, which must be `Allow` exactly
//! where safehub decides `Access::Full`: checked, for both encodings, for every practitioner
//! against every entry of the timed sample before anything is timed (200,000 pairs).
//!
//! Run: `cargo bench --bench sharing_decision`

use cedar_policy::{
    Authorizer, Context, Decision as CedarDecision, Entities, Entity, EntityId, EntityTypeName,
    EntityUid, PolicySet, Request, RestrictedExpression, Schema, ValidationMode, Validator,
};
use chrono::{DateTime, Duration as ChronoDuration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use safehub::{
    Access, AgencyId, AgencyKind, CaseId, CaseType, EntryId, EntryKind, Hub, InformationCategory,
    LawfulBasis, ManualClock, NewAgency, NewAgreement, NewCase, NewEntry, NewPractitioner,
    PractitionerId, Role, SequentialIds, Target, TeamMember, Viewer, Visibility,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

const AGENCIES: usize = 12;
const PRACTITIONERS: usize = 200; // including the partnership admin
const AGREEMENTS: usize = 30;
const CASES: usize = 1_000;
const ENTRIES: usize = 20_000;
/// Entries in the timed batch (and in the correctness sample).
const SAMPLE: usize = 1_000;
/// Viewers whose batches are timed.
const TIMED_VIEWERS: usize = 5;

// ---- a small deterministic generator (no extra dependency) ---------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn date(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .expect("valid date")
}

// ---- the world, and what a caller knows of it (the facts Cedar's entities are built from) ---

struct AgencyFacts {
    id: AgencyId,
    joined: DateTime<Utc>,
    left: Option<DateTime<Utc>>,
}

struct PractitionerFacts {
    id: PractitionerId,
    agency: usize,
    role: Role,
    active: bool,
}

struct AgreementFacts {
    id: safehub::AgreementId,
    parties: BTreeSet<usize>,
    categories: Vec<InformationCategory>,
    special: bool,
    starts: DateTime<Utc>,
    ends: Option<DateTime<Utc>>,
}

impl AgreementFacts {
    /// Mirror of the hub's rule, used only to choose team members the hub will accept.
    fn covers(&self, a: usize, b: usize, category: InformationCategory, at: DateTime<Utc>) -> bool {
        self.parties.contains(&a)
            && self.parties.contains(&b)
            && self.starts <= at
            && self.ends.is_none_or(|e| at < e)
            && self.categories.contains(&category)
            && (!category.is_special() || self.special)
    }
}

struct CaseFacts {
    id: CaseId,
    team_agencies: BTreeSet<usize>,
    team_practitioners: BTreeSet<usize>,
}

struct EntryFacts {
    id: EntryId,
    case: usize,
    author: usize,
    owner: usize,
    category: InformationCategory,
    visibility: Visibility,
    sensitive: bool,
}

struct World {
    hub: Hub,
    read_at: DateTime<Utc>,
    agencies: Vec<AgencyFacts>,
    practitioners: Vec<PractitionerFacts>,
    agreements: Vec<AgreementFacts>,
    cases: Vec<CaseFacts>,
    entries: Vec<EntryFacts>,
}

const CATEGORIES: [InformationCategory; 13] = InformationCategory::ALL;

fn build_world() -> World {
    let mut rng = Rng(0x5AFE_4B0B);
    let clock = ManualClock::new(date(2025, 1, 1));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(3))
        .open_in_memory()
        .expect("hub");

    // Agencies: the host and 11 more.
    let est = hub
        .establish(
            "Bench Hub",
            NewAgency {
                name: "Agency 0".into(),
                kind: AgencyKind::Police,
            },
            "Partnership admin",
        )
        .expect("establish");
    let admin = est.admin;
    let mut agencies = vec![AgencyFacts {
        id: est.agency,
        joined: date(2025, 1, 1),
        left: None,
    }];
    for i in 1..AGENCIES {
        let id = hub
            .add_agency(
                admin,
                NewAgency {
                    name: format!("Agency {i}"),
                    kind: AgencyKind::ALL[i % AgencyKind::ALL.len()],
                },
            )
            .expect("agency");
        agencies.push(AgencyFacts {
            id,
            joined: date(2025, 1, 1),
            left: None,
        });
    }

    // Practitioners: the admin, then 199 spread over the agencies, mostly case workers.
    let mut practitioners = vec![PractitionerFacts {
        id: admin,
        agency: 0,
        role: Role::PartnershipAdmin,
        active: true,
    }];
    for i in 1..PRACTITIONERS {
        let agency = i % AGENCIES;
        let role = match rng.below(20) {
            0..=1 => Role::ReadOnly,
            2..=4 => Role::Supervisor,
            5 => Role::AgencyAdmin,
            _ => Role::CaseWorker,
        };
        let id = hub
            .register_practitioner(
                admin,
                NewPractitioner {
                    agency: agencies[agency].id,
                    name: format!("Practitioner {i}"),
                    role,
                    external_id: Some(format!("ext-{i}")),
                },
            )
            .expect("practitioner");
        practitioners.push(PractitionerFacts {
            id,
            agency,
            role,
            active: true,
        });
    }

    // Agreements: one broad hub-wide protocol that has lapsed by the time of the read, then 29
    // narrower ones with varied parties, categories, special flags and dates (some ended, some
    // not yet started, some open-ended).
    let mut agreements = Vec::new();
    for k in 0..AGREEMENTS {
        let (parties, categories, special, starts, ends) = if k == 0 {
            (
                (0..AGENCIES).collect::<BTreeSet<_>>(),
                vec![
                    InformationCategory::General,
                    InformationCategory::Asb,
                    InformationCategory::Crime,
                    InformationCategory::Safeguarding,
                    InformationCategory::DomesticAbuse,
                ],
                false,
                date(2023, 1, 1),
                Some(date(2025, 9, 1)),
            )
        } else {
            let n = 2 + rng.below(5);
            let mut parties = BTreeSet::new();
            while parties.len() < n {
                parties.insert(rng.below(AGENCIES));
            }
            let mut categories: Vec<InformationCategory> = CATEGORIES
                .iter()
                .copied()
                .filter(|_| rng.chance(40))
                .collect();
            if categories.is_empty() {
                categories.push(*rng.pick(&CATEGORIES));
            }
            let special = rng.chance(35);
            let starts = date(2023, 6, 1) + ChronoDuration::days(rng.below(1_000) as i64);
            let ends = if rng.chance(40) {
                None
            } else {
                Some(starts + ChronoDuration::days(200 + rng.below(1_000) as i64))
            };
            (parties, categories, special, starts, ends)
        };
        let id = hub
            .sign_agreement(
                admin,
                NewAgreement {
                    title: format!("Agreement {k}"),
                    parties: parties.iter().map(|&a| agencies[a].id).collect(),
                    purposes: vec!["community safety".into()],
                    lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                    categories: categories.clone(),
                    special_category: special,
                    starts,
                    ends,
                },
            )
            .expect("agreement");
        agreements.push(AgreementFacts {
            id,
            parties,
            categories,
            special,
            starts,
            ends,
        });
    }

    let workers_of = |practitioners: &[PractitionerFacts], agency: usize| -> Vec<usize> {
        practitioners
            .iter()
            .enumerate()
            .filter(|(_, p)| p.agency == agency && p.active && p.role.can_work_cases())
            .map(|(i, _)| i)
            .collect()
    };

    // Cases: led by a case worker; other agencies join where an agreement in force covers the
    // case type with the lead agency (the hub refuses the rest), some practitioners individually.
    let mut cases = Vec::new();
    let mut leads = Vec::new();
    for c in 0..CASES {
        clock.set(date(2025, 1, 2) + ChronoDuration::hours(c as i64));
        let now = date(2025, 1, 2) + ChronoDuration::hours(c as i64);
        let lead_agency = rng.below(AGENCIES);
        let lead = *rng.pick(&workers_of(&practitioners, lead_agency));
        let case_type = *rng.pick(&CaseType::ALL);
        let category = case_type.category();
        let eligible = |agency: usize| {
            agency == lead_agency
                || agreements
                    .iter()
                    .any(|a| a.covers(lead_agency, agency, category, now))
        };
        let mut team_agencies = BTreeSet::from([lead_agency]);
        for a in 0..AGENCIES {
            if a != lead_agency && eligible(a) && rng.chance(30) {
                team_agencies.insert(a);
            }
        }
        let id = hub
            .open_case(
                practitioners[lead].id,
                NewCase {
                    case_type,
                    title: format!("Case {c}"),
                    lead_practitioner: None,
                    team: team_agencies
                        .iter()
                        .filter(|&&a| a != lead_agency)
                        .map(|&a| agencies[a].id)
                        .collect(),
                },
            )
            .expect("case");
        let mut team_practitioners = BTreeSet::new();
        if rng.chance(30) {
            for _ in 0..1 + rng.below(2) {
                let p = rng.below(PRACTITIONERS);
                let pa = practitioners[p].agency;
                if team_agencies.contains(&pa) || team_practitioners.contains(&p) || !eligible(pa) {
                    continue;
                }
                hub.add_team_member(
                    practitioners[lead].id,
                    id,
                    TeamMember::Practitioner(practitioners[p].id),
                )
                .expect("team member");
                team_practitioners.insert(p);
            }
        }
        cases.push(CaseFacts {
            id,
            team_agencies,
            team_practitioners,
        });
        leads.push(lead);
    }

    // Entries: 20 a case on average, written by case workers on the team.
    let mut entries = Vec::new();
    let start = date(2025, 3, 1);
    for e in 0..ENTRIES {
        clock.set(start + ChronoDuration::minutes(10 * e as i64));
        let case = rng.below(CASES);
        let facts = &cases[case];
        let mut writers: Vec<usize> = facts
            .team_agencies
            .iter()
            .flat_map(|&a| workers_of(&practitioners, a))
            .collect();
        writers.extend(
            facts
                .team_practitioners
                .iter()
                .copied()
                .filter(|&p| practitioners[p].role.can_work_cases()),
        );
        let author = if writers.is_empty() {
            leads[case]
        } else {
            *rng.pick(&writers)
        };
        let category = if rng.chance(40) {
            InformationCategory::General
        } else {
            *rng.pick(&CATEGORIES)
        };
        let visibility = match rng.below(10) {
            0 => Visibility::Private,
            1..=2 => Visibility::Agency,
            3..=7 => Visibility::CaseTeam,
            _ => Visibility::Partnership,
        };
        let sensitive = rng.chance(10);
        let id = hub
            .add_entry(
                practitioners[author].id,
                facts.id,
                NewEntry {
                    kind: EntryKind::Note,
                    category,
                    text: format!("Entry {e}"),
                    visibility,
                    sensitive,
                    show_author: true,
                },
            )
            .expect("entry");
        entries.push(EntryFacts {
            id,
            case,
            author,
            owner: practitioners[author].agency,
            category,
            visibility,
            sensitive,
        });
    }

    // Rule 1 material: one agency leaves, a few practitioners are deactivated.
    let leave_at = date(2025, 11, 1);
    clock.set(leave_at);
    hub.agency_leaves(admin, agencies[AGENCIES - 1].id)
        .expect("leave");
    agencies[AGENCIES - 1].left = Some(leave_at);
    for p in [7, 50, 93, 140, 188] {
        hub.deactivate_practitioner(admin, practitioners[p].id)
            .expect("deactivate");
        practitioners[p].active = false;
    }

    // The time of every read.
    let read_at = date(2026, 1, 15);
    clock.set(read_at);
    World {
        hub,
        read_at,
        agencies,
        practitioners,
        agreements,
        cases,
        entries,
    }
}

// ---- the Cedar side -------------------------------------------------------------------------

const CEDAR_SCHEMA: &str = r#"
entity Agency { joined: Long, left?: Long };
entity User { agency: Agency, active: Bool };
entity Category { special: Bool };
entity Case { team_agencies: Set<Agency>, team_users: Set<User> };
entity Entry {
  owner: Agency, author: User, category: Category, visibility: String, sensitive: Bool, case: Case
};
entity Agreement {
  parties: Set<Agency>, categories: Set<Category>, special: Bool, starts: Long, ends?: Long
};
action view_full appliesTo { principal: User, resource: Entry, context: { now: Long } };
"#;

/// Rules 1 to 3 of safehub's sharing module, as Cedar. `view_full` is safehub's `Access::Full`.
const CEDAR_BASE_POLICIES: &str = r#"
// Rule 1: an inactive viewer, or one whose agency is not a member at the time of the read,
// sees nothing.
@id("rule1_member")
forbid (principal, action, resource)
unless {
  principal.active &&
  principal.agency.joined <= context.now &&
  (if principal.agency has left then context.now < principal.agency.left else true)
};

// Rule 2: an author sees their own entry.
@id("rule2_author")
permit (principal, action == Action::"view_full", resource is Entry)
when { resource.author == principal };

// Rules 2 and 3: the owning agency, where the visibility reaches the viewer.
@id("rule3_same_agency")
permit (principal, action == Action::"view_full", resource is Entry)
when {
  resource.owner == principal.agency &&
  (resource.visibility == "agency" ||
   resource.visibility == "partnership" ||
   (resource.visibility == "case_team" &&
    (resource.case.team_agencies.contains(principal.agency) ||
     resource.case.team_users.contains(principal))))
};
"#;

/// Rule 3 across agencies, one policy per agreement: the agreement binds both agencies, is in
/// force at the read and covers the category (special categories only where it says so), and the
/// visibility reaches the viewer. The agreement's own tests come first: they fail fastest (most
/// agreements do not bind the viewer's agency), which is Cedar's best ordering.
fn agreement_policy(agreement_uid: &str) -> String {
    format!(
        r#"
@id("rule3_agreement_{agreement_uid}")
permit (principal, action == Action::"view_full", resource is Entry)
when {{
  Agreement::"{agreement_uid}".parties.contains(principal.agency) &&
  Agreement::"{agreement_uid}".parties.contains(resource.owner) &&
  Agreement::"{agreement_uid}".starts <= context.now &&
  (if Agreement::"{agreement_uid}" has ends then context.now < Agreement::"{agreement_uid}".ends else true) &&
  Agreement::"{agreement_uid}".categories.contains(resource.category) &&
  (!resource.category.special || Agreement::"{agreement_uid}".special) &&
  (resource.visibility == "partnership" ||
   (resource.visibility == "case_team" &&
    (resource.case.team_agencies.contains(principal.agency) ||
     resource.case.team_users.contains(principal))))
}};
"#
    )
}

/// The variant: rule 3 across agencies as one policy, the reach test written once and the
/// agreements inlined as a disjunction (the same entities; fewer policies for Cedar to walk).
fn agreements_one_policy(agreement_uids: &[String]) -> String {
    let any: Vec<String> = agreement_uids
        .iter()
        .map(|k| {
            format!(
                r#"(Agreement::"{k}".parties.contains(principal.agency) &&
    Agreement::"{k}".parties.contains(resource.owner) &&
    Agreement::"{k}".starts <= context.now &&
    (if Agreement::"{k}" has ends then context.now < Agreement::"{k}".ends else true) &&
    Agreement::"{k}".categories.contains(resource.category) &&
    (!resource.category.special || Agreement::"{k}".special))"#
            )
        })
        .collect();
    format!(
        r#"
@id("rule3_agreements")
permit (principal, action == Action::"view_full", resource is Entry)
when {{
  (resource.visibility == "partnership" ||
   (resource.visibility == "case_team" &&
    (resource.case.team_agencies.contains(principal.agency) ||
     resource.case.team_users.contains(principal)))) &&
  ({})
}};
"#,
        any.join("\n  || ")
    )
}

fn visibility_str(v: Visibility) -> &'static str {
    v.as_str()
}

struct CedarWorld {
    policies: PolicySet,
    /// The same rule with the agreements in one policy.
    policies_one: PolicySet,
    entities: Entities,
    user_type: EntityTypeName,
    entry_type: EntityTypeName,
    action: EntityUid,
}

fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn uid(ty: &EntityTypeName, id: impl AsRef<str>) -> EntityUid {
    EntityUid::from_type_name_and_id(ty.clone(), EntityId::new(id))
}

fn build_cedar(w: &World) -> CedarWorld {
    let (schema, warnings) = Schema::from_cedarschema_str(CEDAR_SCHEMA).expect("schema");
    assert_eq!(warnings.count(), 0, "schema warnings");
    let mut text = String::from(CEDAR_BASE_POLICIES);
    for a in &w.agreements {
        text.push_str(&agreement_policy(&a.id.to_string()));
    }
    let policies = PolicySet::from_str(&text).expect("policies parse");
    let uids: Vec<String> = w.agreements.iter().map(|a| a.id.to_string()).collect();
    let policies_one =
        PolicySet::from_str(&(String::from(CEDAR_BASE_POLICIES) + &agreements_one_policy(&uids)))
            .expect("one-policy variant parses");
    for set in [&policies, &policies_one] {
        let validation = Validator::new(schema.clone()).validate(set, ValidationMode::Strict);
        assert!(
            validation.validation_passed(),
            "policies fail validation: {validation}"
        );
    }

    let ty = |name: &str| EntityTypeName::from_str(name).expect("type name");
    let (agency_t, user_t, cat_t, case_t, entry_t, agreement_t) = (
        ty("Agency"),
        ty("User"),
        ty("Category"),
        ty("Case"),
        ty("Entry"),
        ty("Agreement"),
    );
    let agency_uid = |i: usize| uid(&agency_t, w.agencies[i].id.to_string());
    let user_uid = |i: usize| uid(&user_t, w.practitioners[i].id.to_string());
    let cat_uid = |c: InformationCategory| uid(&cat_t, c.as_str());
    let entity_ref = RestrictedExpression::new_entity_uid;
    let entity = |u: EntityUid, attrs: Vec<(&str, RestrictedExpression)>| {
        Entity::new(
            u,
            attrs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<HashMap<_, _>>(),
            HashSet::new(),
        )
        .expect("entity")
    };

    let mut all = Vec::new();
    for (i, a) in w.agencies.iter().enumerate() {
        let mut attrs = vec![("joined", RestrictedExpression::new_long(micros(a.joined)))];
        if let Some(left) = a.left {
            attrs.push(("left", RestrictedExpression::new_long(micros(left))));
        }
        all.push(entity(agency_uid(i), attrs));
    }
    for (i, p) in w.practitioners.iter().enumerate() {
        all.push(entity(
            user_uid(i),
            vec![
                ("agency", entity_ref(agency_uid(p.agency))),
                ("active", RestrictedExpression::new_bool(p.active)),
            ],
        ));
    }
    for c in CATEGORIES {
        all.push(entity(
            cat_uid(c),
            vec![("special", RestrictedExpression::new_bool(c.is_special()))],
        ));
    }
    for c in &w.cases {
        all.push(entity(
            uid(&case_t, c.id.to_string()),
            vec![
                (
                    "team_agencies",
                    RestrictedExpression::new_set(
                        c.team_agencies.iter().map(|&a| entity_ref(agency_uid(a))),
                    ),
                ),
                (
                    "team_users",
                    RestrictedExpression::new_set(
                        c.team_practitioners
                            .iter()
                            .map(|&p| entity_ref(user_uid(p))),
                    ),
                ),
            ],
        ));
    }
    for e in &w.entries {
        all.push(entity(
            uid(&entry_t, e.id.to_string()),
            vec![
                ("owner", entity_ref(agency_uid(e.owner))),
                ("author", entity_ref(user_uid(e.author))),
                ("category", entity_ref(cat_uid(e.category))),
                (
                    "visibility",
                    RestrictedExpression::new_string(visibility_str(e.visibility).into()),
                ),
                ("sensitive", RestrictedExpression::new_bool(e.sensitive)),
                (
                    "case",
                    entity_ref(uid(&case_t, w.cases[e.case].id.to_string())),
                ),
            ],
        ));
    }
    for a in &w.agreements {
        let mut attrs = vec![
            (
                "parties",
                RestrictedExpression::new_set(a.parties.iter().map(|&p| entity_ref(agency_uid(p)))),
            ),
            (
                "categories",
                RestrictedExpression::new_set(a.categories.iter().map(|&c| entity_ref(cat_uid(c)))),
            ),
            ("special", RestrictedExpression::new_bool(a.special)),
            ("starts", RestrictedExpression::new_long(micros(a.starts))),
        ];
        if let Some(ends) = a.ends {
            attrs.push(("ends", RestrictedExpression::new_long(micros(ends))));
        }
        all.push(entity(uid(&agreement_t, a.id.to_string()), attrs));
    }
    let entities = Entities::from_entities(all, Some(&schema)).expect("entities conform to schema");
    CedarWorld {
        policies,
        policies_one,
        entities,
        user_type: user_t,
        entry_type: entry_t,
        action: EntityUid::from_str(r#"Action::"view_full""#).expect("action"),
    }
}

impl CedarWorld {
    /// A request as a caller builds it: ids formatted into uids, the time of the read in the
    /// context. No schema check per request (the policies and entities were validated once).
    fn request(&self, viewer: PractitionerId, entry: EntryId, now: i64) -> Request {
        let context =
            Context::from_pairs([("now".to_string(), RestrictedExpression::new_long(now))])
                .expect("context");
        Request::new(
            uid(&self.user_type, viewer.to_string()),
            self.action.clone(),
            uid(&self.entry_type, entry.to_string()),
            context,
            None,
        )
        .expect("request")
    }
}

/// CPU time of the calling thread (user + system), from /proc/thread-self/stat.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

// ---- the bench --------------------------------------------------------------------------------

fn bench(c: &mut Criterion) {
    let t0 = std::time::Instant::now();
    let w = build_world();
    let built_world = t0.elapsed();
    let t1 = std::time::Instant::now();
    let cedar = build_cedar(&w);
    let built_cedar = t1.elapsed();
    let authorizer = Authorizer::new();
    let now = micros(w.read_at);
    eprintln!(
        "world: {} agencies, {} practitioners, {} agreements, {} cases, {} entries, built in {:.2?}; \
         Cedar: {} policies, {} entities, built in {:.2?}",
        w.agencies.len(),
        w.practitioners.len(),
        w.agreements.len(),
        w.cases.len(),
        w.entries.len(),
        built_world,
        cedar.policies.policies().count(),
        cedar.entities.iter().count(),
        built_cedar,
    );

    // The sample: 1,000 distinct entries drawn with a fixed seed.
    let mut rng = Rng(0x000B_E7C4);
    let mut picked = BTreeSet::new();
    let mut sample = Vec::new();
    while sample.len() < SAMPLE {
        let e = rng.below(w.entries.len());
        if picked.insert(e) {
            sample.push(e);
        }
    }
    let targets: Vec<Target> = sample
        .iter()
        .map(|&e| Target::Entry(w.entries[e].id))
        .collect();

    // Correctness: every practitioner against every sampled entry; Cedar Allow == safehub Full.
    let checked_from = std::time::Instant::now();
    let mut compared = 0usize;
    let mut refused_viewers = 0usize;
    let mut mix = [0usize; 3]; // nothing, stub, full
    let mut full_by_viewer = Vec::new();
    for (vi, p) in w.practitioners.iter().enumerate() {
        // Rule 1: the hub refuses a read by an inactive viewer or one whose agency has left
        // (`Error::Forbidden`); for the comparison that is "not Full" on every target.
        let decisions = match w.hub.explain_all(&Viewer::new(p.id), &targets) {
            Ok(decisions) => decisions,
            Err(safehub::Error::Forbidden { .. }) => {
                refused_viewers += 1;
                vec![
                    safehub::Decision {
                        access: Access::Nothing,
                        rule: safehub::Rule::ViewerNotMember,
                    };
                    targets.len()
                ]
            }
            Err(e) => panic!("explain_all: {e}"),
        };
        assert_eq!(decisions.len(), targets.len());
        let mut full = 0;
        for (d, &e) in decisions.iter().zip(&sample) {
            let request = cedar.request(p.id, w.entries[e].id, now);
            let response = authorizer.is_authorized(&request, &cedar.policies, &cedar.entities);
            let errors: Vec<String> = response
                .diagnostics()
                .errors()
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "Cedar evaluation errors: {errors:?}");
            let cedar_full = response.decision() == CedarDecision::Allow;
            let one = authorizer.is_authorized(&request, &cedar.policies_one, &cedar.entities);
            assert!(one.diagnostics().errors().next().is_none());
            assert_eq!(
                one.decision(),
                response.decision(),
                "the one-policy variant disagrees"
            );
            let hub_full = d.access == Access::Full;
            if cedar_full != hub_full {
                let f = &w.entries[e];
                panic!(
                    "disagreement: viewer #{vi} (agency {}, active {}), entry {:?} (owner {}, author #{}, {:?}, {:?}, sensitive {}, case team {:?} + {:?}): \
                     safehub {:?}, Cedar {:?} (policies {:?})",
                    p.agency,
                    p.active,
                    f.id,
                    f.owner,
                    f.author,
                    f.category,
                    f.visibility,
                    f.sensitive,
                    w.cases[f.case].team_agencies,
                    w.cases[f.case].team_practitioners,
                    d,
                    response.decision(),
                    response.diagnostics().reason().collect::<Vec<_>>(),
                );
            }
            mix[d.access as usize] += 1;
            full += usize::from(hub_full);
            compared += 1;
        }
        full_by_viewer.push((vi, full));
    }
    eprintln!(
        "correctness: {compared} (viewer, entry) pairs compared ({} practitioners x {} entries), \
         Cedar Allow == safehub Full on all (both encodings); safehub: {} full, {} stub, {} nothing \
         ({refused_viewers} viewers refused by rule 1); checked in {:.1?}",
        w.practitioners.len(),
        targets.len(),
        mix[Access::Full as usize],
        mix[Access::Stub as usize],
        mix[Access::Nothing as usize],
        checked_from.elapsed(),
    );

    // Timed viewers: active case workers of member agencies, from five different agencies, the
    // ones with the most Full decisions in the sample (the decision runs deepest for them).
    let mut candidates: Vec<(usize, usize)> = full_by_viewer
        .into_iter()
        .filter(|&(vi, _)| {
            let p = &w.practitioners[vi];
            p.active && p.role == Role::CaseWorker && w.agencies[p.agency].left.is_none()
        })
        .collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut seen_agencies = BTreeSet::new();
    let viewers: Vec<usize> = candidates
        .into_iter()
        .filter(|&(vi, _)| seen_agencies.insert(w.practitioners[vi].agency))
        .take(TIMED_VIEWERS)
        .map(|(vi, _)| vi)
        .collect();
    let hub_viewers: Vec<Viewer> = viewers
        .iter()
        .map(|&vi| Viewer::new(w.practitioners[vi].id))
        .collect();
    let pairs: Vec<(PractitionerId, EntryId)> = viewers
        .iter()
        .flat_map(|&vi| {
            let (ps, es) = (&w.practitioners, &w.entries);
            sample.iter().map(move |&e| (ps[vi].id, es[e].id))
        })
        .collect();
    let requests: Vec<Request> = pairs
        .iter()
        .map(|&(v, e)| cedar.request(v, e, now))
        .collect();
    let timed_full = pairs
        .iter()
        .zip(&requests)
        .filter(|(_, r)| {
            authorizer
                .is_authorized(r, &cedar.policies, &cedar.entities)
                .decision()
                == CedarDecision::Allow
        })
        .count();
    eprintln!(
        "timed workload: {} viewers (agencies {:?}) x {} entries = {} decisions, {} of them Full",
        viewers.len(),
        viewers
            .iter()
            .map(|&vi| w.practitioners[vi].agency)
            .collect::<Vec<_>>(),
        targets.len(),
        pairs.len(),
        timed_full,
    );
    let decisions = pairs.len() as u64;

    // The machine may be shared: beside criterion's wall-clock figures, the CPU time this thread
    // spent on each workload (Linux /proc/thread-self/stat, 10 ms ticks; several seconds each).
    let per_decision_cpu = |name: &str, reps: u32, f: &dyn Fn()| {
        let (wall0, cpu0) = (std::time::Instant::now(), thread_cpu());
        for _ in 0..reps {
            f();
        }
        let (wall, cpu) = (wall0.elapsed(), thread_cpu().saturating_sub(cpu0));
        let n = f64::from(reps) * decisions as f64;
        eprintln!(
            "cpu cross-check {name}: {:.3} us CPU / decision ({:.3} us wall; {reps} x {decisions})",
            cpu.as_secs_f64() * 1e6 / n,
            wall.as_secs_f64() * 1e6 / n,
        );
    };
    per_decision_cpu("safehub/explain_all_batch_1000", 300, &|| {
        for v in &hub_viewers {
            black_box(w.hub.explain_all(v, &targets).expect("explain_all"));
        }
    });
    per_decision_cpu("safehub/explain_all_single", 100, &|| {
        for v in &hub_viewers {
            for t in &targets {
                black_box(
                    w.hub
                        .explain_all(v, std::slice::from_ref(t))
                        .expect("explain_all"),
                );
            }
        }
    });
    per_decision_cpu("cedar/is_authorized", 3, &|| {
        for r in &requests {
            black_box(
                authorizer
                    .is_authorized(r, &cedar.policies, &cedar.entities)
                    .decision(),
            );
        }
    });
    per_decision_cpu("cedar/is_authorized_one_policy", 3, &|| {
        for r in &requests {
            black_box(
                authorizer
                    .is_authorized(r, &cedar.policies_one, &cedar.entities)
                    .decision(),
            );
        }
    });

    let mut g = c.benchmark_group("sharing_decision");
    // Flat sampling and 10 samples keep the whole run near three minutes on 2 cores: one
    // iteration is 5,000 decisions, which takes a Cedar sample about a second.
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(decisions));

    // A: safehub, one explain_all per viewer over the 1,000 targets.
    g.bench_function("safehub/explain_all_batch_1000", |b| {
        b.iter(|| {
            for v in &hub_viewers {
                black_box(
                    w.hub
                        .explain_all(v, black_box(&targets))
                        .expect("explain_all"),
                );
            }
        })
    });
    // A': safehub, one explain_all call per decision (lock, catch-up, engine set-up each time).
    g.bench_function("safehub/explain_all_single", |b| {
        b.iter(|| {
            for v in &hub_viewers {
                for t in &targets {
                    black_box(
                        w.hub
                            .explain_all(v, std::slice::from_ref(black_box(t)))
                            .expect("explain_all"),
                    );
                }
            }
        })
    });
    // B: Cedar, is_authorized on prebuilt requests against the prebuilt entity store.
    g.bench_function("cedar/is_authorized", |b| {
        b.iter(|| {
            for r in &requests {
                black_box(
                    authorizer
                        .is_authorized(black_box(r), &cedar.policies, &cedar.entities)
                        .decision(),
                );
            }
        })
    });
    // B': Cedar, building each request as a caller would, then is_authorized.
    // B'': the same rule with the agreements inlined in one policy (Cedar's faster encoding).
    g.bench_function("cedar/is_authorized_one_policy", |b| {
        b.iter(|| {
            for r in &requests {
                black_box(
                    authorizer
                        .is_authorized(black_box(r), &cedar.policies_one, &cedar.entities)
                        .decision(),
                );
            }
        })
    });
    g.bench_function("cedar/build_request_and_is_authorized", |b| {
        b.iter(|| {
            for &(v, e) in &pairs {
                let r = cedar.request(black_box(v), black_box(e), now);
                black_box(
                    authorizer
                        .is_authorized(&r, &cedar.policies, &cedar.entities)
                        .decision(),
                );
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
