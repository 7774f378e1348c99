// A small borough built through the public API of the safehub package: four agencies, two
// information sharing agreements, people, places, cases with entries (some private to police),
// risk assessments, a referral and tasks. The demo page and the Node tests both use it, each
// with its own build of the module (the web build in the browser, the Node build in tests).
// `holdMeeting` then holds the morning's hub meeting in it (the page does; the Node tests hold
// their own).
//
//   const borough = await buildBorough(Hub.inMemory());
//   const meeting = holdMeeting(hub, borough);
//
// Tasks fall due `taskDueInMs` after they are set (the core refuses deadlines in the past and
// the module runs on the real clock), and buildBorough waits that long, so the meeting opens
// with overdue tasks to chase.

const DA_QUESTIONS = [
  "injury", "frightened", "fears-for-others", "isolated", "low-mood", "separation", "child-contact",
  "stalking", "pregnancy", "other-children", "children-harmed", "threats-to-children", "more-often",
  "getting-worse", "controlling", "weapons", "threats-to-kill", "strangulation", "sexual-abuse",
  "third-party-threat", "harmed-others", "money", "perpetrator-needs", "orders-and-record",
];

/** A note of the given category, visible to the case team unless told otherwise. */
export function entry(text, category = "general", visibility = "case_team", kind = "note") {
  return { kind, category, text, visibility, sensitive: false, show_author: true };
}

/** A viewer object for reads: who is reading, and why (for the consultation log). */
export function viewer(practitioner, justification = "daily hub meeting") {
  return { practitioner, justification, as_of: null };
}

// Callers and places of the incident log, with how often each calls (a few call a lot: the
// shape of a real Top 50). Kerry Doyle's calls are domestic abuse: police and mental health
// count them, the hub protocol does not share them with housing or the council.
const CALLERS = [
  [{ name: "Margaret Hughes", date_of_birth: "1948-05-02" }, 14, "asb_personal", 0],
  [{ name: "Kerry Doyle", date_of_birth: "1991-02-14" }, 9, "domestic_abuse", 2],
  [{ name: "Ravi Chauhan", date_of_birth: "1962-09-21" }, 7, "asb_nuisance", 1],
  [{ name: "Janet Moss", date_of_birth: "1955-12-01" }, 5, "asb_nuisance", 3],
  [{ name: "Alan Fletcher", date_of_birth: "1970-04-11" }, 4, "asb_environmental", 3],
  [{ name: "Priya Nair", date_of_birth: "1984-06-30" }, 3, "asb_personal", 4],
  [{ name: "Owen Hart", date_of_birth: "1999-01-17" }, 2, "asb_nuisance", 1],
  [{ name: "Sue Barker", date_of_birth: "1966-08-08" }, 1, "asb_environmental", 4],
];
const PLACES = [
  { address: "1-40 Elm Road, Tamworth", postcode: "B79 7AA", label: "Elm Road flats" },
  { address: "12 Coton Lane, Tamworth", postcode: "B79 8LP", label: "Coton Lane" },
  { address: "Ankerside Shopping Centre, Tamworth", postcode: "B79 7LG", label: "Ankerside" },
  { address: "Castle Grounds, Tamworth", postcode: null, label: "Castle Grounds" },
  { address: "Tamworth railway station", postcode: "B79 7JT", label: "Railway station" },
];

/** The incident rows: deterministic, spread over the last 60 days (the callers' calls, then
 * one incident a patrol saw). */
export function incidentLog(now = Date.now()) {
  const rows = [];
  let n = 0;
  for (const [caller, calls, category, place] of CALLERS) {
    for (let i = 0; i < calls; i++) {
      n++;
      const hoursAgo = 6 + ((n * 37) % (60 * 24));
      rows.push({
        external_ref: `CAD-${String(n).padStart(5, "0")}`,
        occurred_at: new Date(now - hoursAgo * 3600_000).toISOString(),
        category,
        summary: `Call ${i + 1} from this caller`,
        location: PLACES[place],
        caller: { ...caller, identifiers: [] },
      });
    }
  }
  // No caller: a patrol saw it. It ties Mrs Hughes to Lee Doyle, whom police know from the
  // domestic abuse case: housing may read this ASB incident, but not the case behind him.
  rows.push({
    external_ref: `CAD-${String(n + 1).padStart(5, "0")}`,
    occurred_at: new Date(now - 30 * 3600_000).toISOString(),
    category: "asb_personal",
    summary: "Stones thrown at a ground floor window; suspect seen leaving",
    location: PLACES[0],
    caller: null,
    people: [
      { role: "victim", person: { name: "Margaret Hughes", date_of_birth: "1948-05-02", identifiers: [] } },
      { role: "offender", person: { name: "Lee Doyle", date_of_birth: "1988-07-30", identifiers: [] } },
    ],
  });
  return rows;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the borough in `hub`; resolves to the ids the page and the tests need. */
export async function buildBorough(hub, { taskDueInMs = 1500 } = {}) {
  const est = hub.establish("Tamworth Community Safety Hub", { name: "Police", kind: "police" }, "Ch Insp Coxhead");
  const admin = est.admin;
  const agencies = {
    police: est.agency,
    council: hub.addAgency(admin, { name: "Borough Council ASB team", kind: "council" }),
    housing: hub.addAgency(admin, { name: "Housing", kind: "housing" }),
    mentalHealth: hub.addAgency(admin, { name: "Mental Health", kind: "mental_health" }),
  };
  const practitioner = (agency, name, role) =>
    hub.registerPractitioner(admin, { agency, name, role, external_id: null });
  const people = {
    admin,
    pc: practitioner(agencies.police, "PC Patel", "case_worker"),
    sergeant: practitioner(agencies.police, "Sgt Evans", "supervisor"),
    asbOfficer: practitioner(agencies.council, "ASB officer Lee", "case_worker"),
    housingOfficer: practitioner(agencies.housing, "Sam Okafor", "case_worker"),
    nurse: practitioner(agencies.mentalHealth, "CPN Morgan", "case_worker"),
  };
  const { pc, asbOfficer, housingOfficer, nurse } = people;

  const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString();
  hub.signAgreement(admin, {
    title: "Hub information sharing protocol",
    parties: Object.values(agencies),
    purposes: ["reduce crime and disorder", "protect vulnerable people"],
    lawful_basis: "crime_and_disorder_act_s115",
    categories: ["general", "asb", "personal_details", "location", "housing", "risk_assessment"],
    special_category: false,
    starts: yearAgo,
    ends: null,
  });
  hub.signAgreement(admin, {
    title: "Police and mental health: vulnerable adults",
    parties: [agencies.police, agencies.mentalHealth],
    purposes: ["safeguarding vulnerable adults"],
    lawful_basis: "safeguarding_duty",
    categories: ["mental_health", "safeguarding", "crime", "domestic_abuse"],
    special_category: true,
    starts: yearAgo,
    ends: null,
  });

  const person = (by, name, extra = {}) =>
    hub.recordPerson(by, { name, aliases: [], date_of_birth: null, identifiers: [], flags: [], restricted: false, ...extra });
  const persons = {
    hughes: person(pc, "Margaret Hughes", {
      date_of_birth: "1948-05-02",
      identifiers: [["NhsNumber", "943 476 5919"]],
      flags: ["elderly", "isolated"],
    }),
    walsh: person(pc, "Dean Walsh", { aliases: ["Deano"], date_of_birth: "2007-11-09" }),
    kerry: person(pc, "Kerry Doyle", { date_of_birth: "1991-02-14", flags: ["repeat_victim"] }),
    lee: person(pc, "Lee Doyle", { date_of_birth: "1988-07-30" }),
    price: person(nurse, "Tom Price", { date_of_birth: "1979-03-03", flags: ["mental_health", "homeless"] }),
  };
  const location = (by, label, address, postcode) =>
    hub.recordLocation(by, { label, address, postcode, uprn: null, coordinates: null, restricted: false });
  const places = {
    flats: location(pc, "Elm Road flats", "1-40 Elm Road, Tamworth", "B79 7AA"),
    park: location(asbOfficer, "Castle Grounds", "Castle Grounds, Tamworth", null),
  };

  // Elm Road: police lead, council and housing on the team.
  const elm = hub.openCase(pc, {
    case_type: "asb", title: "Youths harassing elderly resident, Elm Road",
    lead_practitioner: null, team: [agencies.council, agencies.housing],
  });
  hub.linkSubject(pc, elm, { kind: "person", id: persons.hughes }, "victim");
  hub.linkSubject(pc, elm, { kind: "person", id: persons.walsh }, "perpetrator");
  hub.linkSubject(pc, elm, { kind: "location", id: places.flats }, "location_of_concern");
  hub.addEntry(pc, elm, entry("Third call this month from Mrs Hughes: stones thrown at her window. She is frightened to go out.", "asb"));
  const intel = hub.addEntry(pc, elm, entry("Intelligence links Walsh to a county lines group. Not for partners yet.", "crime", "private"));
  hub.addEntry(asbOfficer, elm, entry("Warning letter sent to the Walsh household.", "asb", "case_team", "action"));
  hub.addEntry(housingOfficer, elm, entry("Tenancy officer visited the Walsh tenancy; acceptable behaviour contract offered.", "housing"));

  // Domestic abuse: police and mental health only; housing is not on the team.
  const da = hub.openCase(pc, {
    case_type: "domestic_abuse", title: "Repeat domestic abuse, Doyle household",
    lead_practitioner: null, team: [agencies.mentalHealth],
  });
  hub.linkSubject(pc, da, { kind: "person", id: persons.kerry }, "victim");
  hub.linkSubject(pc, da, { kind: "person", id: persons.lee }, "perpetrator");
  hub.addEntry(pc, da, entry("Fourth call-out in three months; injuries to the face. Victim frightened of reprisals.", "domestic_abuse"));

  // A mental health case police joined, and a council case about a place.
  const welfare = hub.openCase(nurse, {
    case_type: "vulnerable_person", title: "Welfare concern: Tom Price",
    lead_practitioner: null, team: [agencies.police],
  });
  hub.linkSubject(nurse, welfare, { kind: "person", id: persons.price }, "vulnerable_person");
  hub.addEntry(nurse, welfare, entry("Missed two depot appointments; sleeping rough near the station.", "mental_health"));
  const park = hub.openCase(asbOfficer, {
    case_type: "problem_location", title: "Street drinking, Castle Grounds",
    lead_practitioner: null, team: [agencies.police, agencies.housing],
  });
  hub.linkSubject(asbOfficer, park, { kind: "location", id: places.park }, "location_of_concern");
  hub.addEntry(asbOfficer, park, entry("Litter and broken glass by the bandstand every weekend.", "asb"));

  // Risk: an ASB vulnerability matrix for Mrs Hughes (shared under the hub protocol) and a
  // domestic abuse checklist for Kerry Doyle (domestic abuse information: police and MH only).
  const assessments = {
    hughes: hub.recordAssessment(pc, {
      case: elm, subject: persons.hughes, template: "asb-vulnerability", version: null,
      answers: {
        "reported-before": true, targeted: true, hostility: false, fear: 4, "daily-life": 3, health: true,
        alone: true, children: false, reprisals: false, property: false, violence: false, moving: false,
      },
      escalation: { incidents: [], last_marac_referral: null },
      visibility: "case_team", sensitive: false, notes: "Frightened to leave the flat after dark.",
    }),
    kerry: hub.recordAssessment(pc, {
      case: da, subject: persons.kerry, template: "da-checklist", version: null,
      answers: Object.fromEntries(DA_QUESTIONS.map((q, i) => [q, i % 3 !== 2])),
      escalation: { incidents: [], last_marac_referral: null },
      visibility: "case_team", sensitive: false, notes: null,
    }),
  };

  // Mental health is asked to see Mrs Hughes, with her consent.
  const referral = hub.refer(pc, {
    to: agencies.mentalHealth, person: persons.hughes, case: null, category: "general",
    reason: "Low mood since the harassment began; lives alone.", consent: { consent: "given" },
    consent_override: null,
  });
  hub.acceptReferral(nurse, referral);

  // Two months of police incident logs (CAD), imported in one batch: callers and places are
  // matched to the profiles above by name and date of birth, or by address, or created.
  const incidents = hub.importIncidents(pc, incidentLog());

  // Tasks for the meeting to chase.
  const due = new Date(Date.now() + taskDueInMs).toISOString();
  const task = (by, assignee, c, title, category = "general", priority = "high") =>
    hub.setTask(by, { case: c, assignee: { kind: "agency", id: assignee }, title, detail: title, category, due, priority });
  const tasks = {
    tenancy: task(pc, agencies.housing, elm, "Check the Walsh tenancy for breaches", "housing"),
    cctv: task(pc, agencies.council, elm, "Review council CCTV for Elm Road"),
    patrol: task(asbOfficer, agencies.police, park, "Weekend patrols at the bandstand", "asb", "normal"),
    depot: task(pc, agencies.mentalHealth, welfare, "Arrange a depot appointment", "mental_health", "urgent"),
  };
  await sleep(taskDueInMs + 50);
  return { agencies, people, persons, places, cases: { elm, da, welfare, park }, entries: { intel }, assessments, referral, tasks, incidents };
}

/** The access `practitioner` has to entry `entryId` on case `caseId`, as the case's timeline
 * shows it ("full", "stub"), or "none" where the entry is not shown at all. */
function entryAccess(hub, practitioner, caseId, entryId) {
  const view = hub.case(viewer(practitioner), caseId);
  return view.entries?.find((e) => e.id === entryId)?.access ?? "none";
}

/** Holds this morning's hub meeting in a borough `buildBorough` made: the sergeant chairs, with
 * PC Patel and Sam Okafor (Housing) in the room. Police disclose to the room a note only police
 * could read (housing saw it as a stub), record a decision for police only, and two actions are
 * agreed, one for housing and one for police, each resting on the disclosure. Returns the
 * meeting's id and what the page and the tests check: the notes' texts, the actions' titles, and
 * how housing saw the disclosed note before the disclosure. */
export function holdMeeting(hub, { agencies, people, cases }) {
  const { sergeant, pc, housingOfficer } = people;
  const meeting = hub.scheduleMeeting(sergeant, {
    kind: "Daily hub meeting", title: "Daily hub meeting", starts: new Date().toISOString(),
    chair: sergeant, agencies: [agencies.housing, agencies.mentalHealth, agencies.council], practitioners: [pc],
  });
  for (const who of [sergeant, pc, housingOfficer]) hub.recordAttendance(sergeant, meeting, who);
  hub.addAgendaItem(sergeant, meeting, { kind: "case", id: cases.elm });

  const disclosed = "Walsh was charged on Friday; his bail conditions keep him away from Elm Road.";
  const bail = hub.addEntry(pc, cases.elm, entry(disclosed, "asb", "agency"));
  const item = { kind: "entry", id: bail };
  const housingBefore = entryAccess(hub, housingOfficer, cases.elm, bail);
  hub.discloseAtMeeting(pc, meeting, item, null, "Daily hub meeting: bail conditions protect Mrs Hughes");

  const decision = "Police will seek a closure order on the Walsh address if the bail conditions are breached.";
  hub.recordMeetingDecision(pc, meeting, cases.elm, entry(decision, "crime", "agency", "decision"), [item]);
  const due = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  const action = (by, assignee, title, category, priority) =>
    hub.agreeAction(by, meeting, {
      case: cases.elm, assignee: { kind: "agency", id: assignee }, title, detail: `${title} (agreed at the hub meeting)`,
      category, due, priority,
    }, [item]);
  const actions = [
    ["Remind the Walsh household of the bail conditions", action(pc, agencies.housing, "Remind the Walsh household of the bail conditions", "housing", "high")],
    ["Patrol Elm Road after dark this week", action(housingOfficer, agencies.police, "Patrol Elm Road after dark this week", "asb", "normal")],
  ].map(([title, id]) => ({ title, id }));
  return { meeting, disclosed, decision, actions, housingBefore };
}
