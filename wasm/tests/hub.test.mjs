// The Node build of the safehub package (wasm/pkg-node, made by wasm/build.sh) through a whole
// hub day: a partnership is set up, cases worked, risk assessed, tasks set and answered, and
// each agency reads what the sharing rules allow; then the journal goes out as bytes and comes
// back, and every kind of failure arrives as a JS Error with the core's code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildBorough, entry, viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub } = safehub;

// One borough for the reading tests (building it waits for its tasks to fall due).
const hub = Hub.inMemory();
const b = await buildBorough(hub, { taskDueInMs: 300 });
const police = viewer(b.people.pc);
const housing = viewer(b.people.housingOfficer);

const entryTexts = (view) => view.entries.filter((e) => e.access === "full").map((e) => e.text);

test("police read their own private intelligence on the Elm Road case in full", () => {
  const view = hub.case(police, b.cases.elm);
  assert.equal(view.access, "full");
  assert.ok(entryTexts(view).some((t) => t.includes("county lines")));
  assert.equal(view.entries.length, 4);
});

test("housing sees that police wrote something on Elm Road, but not what", () => {
  const view = hub.case(housing, b.cases.elm);
  assert.equal(view.access, "full");
  assert.equal(view.entries.length, 4, "every entry is on the timeline");
  const stub = view.entries.find((e) => e.id === b.entries.intel);
  assert.equal(stub.access, "stub");
  assert.equal(stub.agency.name, "Police");
  assert.equal(stub.text, undefined);
  assert.ok(!JSON.stringify(view).includes("county lines"), "no trace of the text anywhere in the view");
  assert.ok(entryTexts(view).some((t) => t.includes("stones thrown")), "shared ASB note is readable");

  const why = hub.explain(housing, { kind: "entry", id: b.entries.intel });
  assert.equal(why.decision.access, "stub");
  assert.equal(typeof why.reason, "string");
});

test("housing, off the domestic abuse case's team, gets at most a stub of it", () => {
  const view = hub.case(housing, b.cases.da);
  assert.equal(view.access, "stub");
  assert.ok(!JSON.stringify(view).includes("injuries"));
  assert.ok(!hub.cases(housing).some((c) => c.id === b.cases.da));
  assert.ok(hub.cases(police).some((c) => c.id === b.cases.da));
});

test("the priority list follows the agreements: police see both victims, housing only Mrs Hughes", () => {
  const names = (rows) => rows.map((r) => r.person.name);
  const forPolice = hub.priorityList(police, 50);
  assert.deepEqual(new Set(names(forPolice)), new Set(["Kerry Doyle", "Margaret Hughes"]));
  const forHousing = hub.priorityList(housing, 50);
  assert.deepEqual(names(forHousing), ["Margaret Hughes"]);
  assert.ok(forHousing[0].reasons.length > 0);
  assert.deepEqual(hub.overdueReviews(police), [], "nothing is due for review on day one");
});

test("overdue tasks follow the case teams; answering one takes it off the list", () => {
  const agenciesOf = (tasks) => tasks.map((t) => t.assigned_agency.name).sort();
  // Housing works Elm Road and Castle Grounds, not the mental health welfare case.
  assert.deepEqual(agenciesOf(hub.overdueTasks(housing)), ["Borough Council ASB team", "Housing", "Police"]);
  assert.deepEqual(agenciesOf(hub.overdueTasks(viewer(b.people.nurse))), ["Mental Health"]);
  assert.equal(hub.overdueTasks(police).length, 4);
  const mine = hub.agencyTasks(housing);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].access, "full");
  assert.equal(mine[0].title, "Check the Walsh tenancy for breaches");
  assert.ok(mine[0].overdue);
  assert.equal(hub.myTasks(housing).length, 1, "an agency task nobody holds is on every case worker's list");

  const answer = hub.answerTask(b.people.housingOfficer, b.tasks.tenancy, entry("Two breaches of the tenancy found; notice served.", "housing"));
  assert.equal(typeof answer, "string");
  assert.deepEqual(agenciesOf(hub.overdueTasks(housing)), ["Borough Council ASB team", "Police"]);
  const view = hub.case(police, b.cases.elm);
  assert.ok(entryTexts(view).some((t) => t.includes("notice served")), "the answer is an entry police may read");
});

test("people search returns full views or stubs, and reads of others' content are logged", () => {
  const hits = hub.searchPeople(housing, "hughes");
  assert.equal(hits.length, 1);
  assert.equal(hits[0].name, "Margaret Hughes");
  const person = hub.person(police, b.persons.price);
  assert.equal(person.access, "full");

  const from = new Date(Date.now() - 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const log = hub.consultations(viewer(b.people.sergeant), from, to);
  assert.ok(log.some((c) => c.viewer === b.people.housingOfficer && c.justification === "daily hub meeting"));
});

test("an override raises the level; a visibility change narrows who reads an entry", () => {
  const level = () => hub.priorityList(housing, 50).find((r) => r.person.name === "Margaret Hughes").level;
  assert.equal(level(), "high");
  hub.overrideAssessment(b.people.pc, b.assessments.hughes, "very_high", "Stones through the window again last night.");
  assert.equal(level(), "very_high");

  const note = hub.addEntry(b.people.pc, b.cases.elm, entry("Victim's daughter is visiting daily.", "asb"));
  const isFull = () => hub.case(housing, b.cases.elm).entries.find((e) => e.id === note).access === "full";
  assert.ok(isFull());
  hub.changeEntryVisibility(b.people.pc, note, "agency", false);
  assert.ok(!isFull());
});

test("team, subjects, referrals and templates go through the same calls", () => {
  hub.addTeamMember(b.people.pc, b.cases.da, { kind: "practitioner", id: b.people.sergeant });
  hub.linkSubject(b.people.pc, b.cases.elm, { kind: "location", id: b.places.park }, "location_of_concern");
  assert.equal(hub.location(police, b.places.park).access, "full");
  const received = hub.referralsReceived(viewer(b.people.nurse));
  assert.equal(received.length, 1);
  assert.deepEqual(received[0].state, { state: "accepted" });

  hub.registerTemplate(b.people.admin, {
    id: "hoarding-fire-risk", version: 1, name: "Hoarding fire risk",
    questions: [
      { id: "exits-blocked", text: "Are exits or escape routes blocked?", kind: { type: "yes_no" }, weight: 4 },
      { id: "clutter", text: "Clutter rating, 1 (clear) to 9 (full)", kind: { type: "scale", min: 1, max: 9 }, weight: 1 },
    ],
    scoring: { method: "weighted_sum" },
    bands: [{ from: 6, level: "medium" }, { from: 11, level: "high" }],
  });
  assert.ok(hub.templates().some((t) => t.template.id === "hoarding-fire-risk" && !t.builtin));
  assert.equal(hub.assessments(police, b.cases.elm).length, 1);
});

test("Top 50: police count the domestic abuse calls, housing does not see them", () => {
  assert.equal(b.incidents.imported, 46);
  assert.ok(b.incidents.matched_people_by_name_and_dob >= 2, "Mrs Hughes and Ms Doyle match their profiles");
  const top = (who, kind) => hub.top(who, { kind, measure: { by: "count" }, end: new Date().toISOString(), days: 90, limit: 50 });
  const callers = (who) => top(who, "callers").rows.map((r) => [r.subject.name, r.count]);
  assert.deepEqual(callers(police).slice(0, 3), [["Margaret Hughes", 14], ["Kerry Doyle", 9], ["Ravi Chauhan", 7]]);
  assert.equal(callers(police).length, 8);
  assert.deepEqual(callers(housing).slice(0, 2), [["Margaret Hughes", 14], ["Ravi Chauhan", 7]]);
  assert.equal(callers(housing).length, 7);
  assert.ok(!JSON.stringify(top(housing, "callers")).includes("Kerry"));
  assert.equal(top(police, "locations").rows.length, 5);
  assert.equal(top(housing, "locations").rows.length, 4, "Ankerside has only domestic abuse calls");
});

test("a bad incident row rejects the whole batch, naming the row and field but not the value", () => {
  const before = hub.stateDigest();
  const rows = [
    { external_ref: "X-1", occurred_at: new Date().toISOString(), category: "asb_nuisance" },
    { external_ref: "X-2", occurred_at: new Date().toISOString(), category: "shouting at Mr Secretname" },
  ];
  const e = throwsCode(() => hub.importIncidents(b.people.pc, rows), "import_rejected");
  assert.deepEqual(e.errors.map((r) => [r.line, r.field]), [[2, "category"]]);
  assert.ok(!JSON.stringify(e.errors).includes("Secretname") && !e.message.includes("Secretname"));
  assert.equal(hub.stateDigest(), before, "nothing was written");
  const report = hub.importIncidentsCsv(b.people.pc, "external_ref,occurred_at,category\nCSV-1,2026-01-05T10:00:00Z,asb_nuisance\n");
  assert.equal(report.imported, 1);
});

test("export and import: the journal round-trips to the same hub, and a tampered copy is refused", () => {
  const bytes = hub.exportJournal(b.people.admin);
  assert.ok(bytes instanceof Uint8Array);
  assert.ok(bytes.length > 1000);
  const copy = Hub.import(bytes);
  assert.equal(copy.stateDigest(), hub.stateDigest());
  assert.deepEqual(copy.case(housing, b.cases.elm), hub.case(housing, b.cases.elm));
  assert.deepEqual(copy.priorityList(police, 50), hub.priorityList(police, 50));
  const integrity = copy.verify();
  assert.equal(integrity.first_bad, null);
  assert.ok(integrity.events_checked > 50);

  // Change one character of the first entry's text inside the exported bytes.
  const text = new TextDecoder().decode(bytes);
  const at = text.indexOf("stones thrown");
  assert.ok(at > 0, "the export carries the journal's content");
  const tampered = bytes.slice();
  tampered[at] = "S".charCodeAt(0);
  throwsCode(() => Hub.import(tampered), "tampered");
  throwsCode(() => Hub.import(new Uint8Array([1, 2, 3])), "storage");
});

test("errors are JS Errors with the core's code and no personal data", () => {
  const fresh = Hub.inMemory();
  const est = fresh.establish("Hub", { name: "Police", kind: "police" }, "Admin");
  const pc = fresh.registerPractitioner(est.admin, { agency: est.agency, name: "PC", role: "case_worker", external_id: null });

  throwsCode(() => fresh.exportJournal(pc), "forbidden");
  throwsCode(() => fresh.establish("Again", { name: "Police", kind: "police" }, "Admin"), "forbidden");
  throwsCode(() => fresh.case(viewer(pc), "6f1c1b4e-0000-4000-8000-000000000000"), "not_found");
  const badId = throwsCode(() => fresh.case(viewer(pc), "not-a-uuid"), "invalid_input");
  assert.match(badId.message, /case_id/);

  const missing = throwsCode(() => fresh.case({ practitioner: pc }, "6f1c1b4e-0000-4000-8000-000000000000"), "invalid_input");
  assert.match(missing.message, /viewer: missing field `justification`/);
  const wrongShape = throwsCode(() => fresh.addAgency(est.admin, { name: "Secret Name 42", kind: "bakery" }), "invalid_input");
  assert.ok(!wrongShape.message.includes("bakery"), "the message does not echo the input");

  const badNhs = throwsCode(() => fresh.recordPerson(pc, {
    name: "Jo Bloggs", aliases: [], date_of_birth: null, identifiers: [["NhsNumber", "943 476 5910"]], flags: [], restricted: false,
  }), "invalid_identifier");
  assert.ok(!badNhs.message.includes("943") && !badNhs.message.includes("Bloggs"), badNhs.message);

  const other = fresh.addAgency(est.admin, { name: "Housing", kind: "housing" });
  const ho = fresh.registerPractitioner(est.admin, { agency: other, name: "HO", role: "case_worker", external_id: null });
  fresh.signAgreement(est.admin, {
    title: "ISP", parties: [est.agency, other], purposes: ["ASB"], lawful_basis: "crime_and_disorder_act_s115",
    categories: ["general"], special_category: false, starts: "2020-01-01T00:00:00Z", ends: null,
  });
  const someone = fresh.recordPerson(pc, { name: "Jo Bloggs", aliases: [], date_of_birth: null, identifiers: [], flags: [], restricted: false });
  const r = fresh.refer(pc, { to: other, person: someone, case: null, category: "general", reason: "Needs a visit.", consent: { consent: "given" }, consent_override: null });
  fresh.acceptReferral(ho, r);
  throwsCode(() => fresh.acceptReferral(ho, r), "invalid_transition");
});

test("new ids are random version 4 UUIDs, never repeated, in every hub", () => {
  const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const ids = new Set();
  for (const h of [Hub.inMemory(), Hub.inMemory()]) {
    const est = h.establish("Hub", { name: "Police", kind: "police" }, "Admin");
    const pc = h.registerPractitioner(est.admin, { agency: est.agency, name: "PC", role: "case_worker", external_id: null });
    for (let i = 0; i < 200; i++) {
      ids.add(h.recordPerson(pc, { name: `P${i}`, aliases: [], date_of_birth: null, identifiers: [], flags: [], restricted: false }));
    }
    ids.add(est.agency).add(est.admin).add(pc);
    h.free();
  }
  assert.equal(ids.size, 406, "two hubs seeded apart never share an id");
  for (const id of ids) assert.match(id, v4);
});

test("the other reads and the task lifecycle go through the same calls", () => {
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  const later = new Date(Date.now() + 3600_000).toISOString();
  assert.ok(hub.seq() > 50);
  const feed = hub.changesSince(hub.seq() - 3, 10);
  assert.equal(feed.length, 3);
  assert.ok(feed.every((c) => typeof c.kind === "string" && !("content" in c)), "the change feed carries no content");
  assert.equal(hub.practitionerByExternalId("nobody"), null);
  throwsCode(() => hub.changesSince(-1, 10), "invalid_input");

  assert.deepEqual(hub.searchLocations(housing, "elm").map((l) => l.label), ["Elm Road flats"]);
  const decisions = hub.explainAll(housing, [{ kind: "entry", id: b.entries.intel }, { kind: "case", id: b.cases.elm }]);
  assert.deepEqual(decisions.map((d) => d.access), ["stub", "full"]);

  const incidents = hub.incidents(police, new Date(Date.now() - 90 * 24 * 3600_000).toISOString(), later, 100);
  assert.equal(incidents.length, 46);
  assert.equal(hub.incidentCount(housing, new Date(Date.now() - 90 * 24 * 3600_000).toISOString(), later), 37);
  assert.equal(hub.incident(police, incidents[0].id).id, incidents[0].id);

  assert.equal(hub.assessment(housing, b.assessments.hughes).access, "full");
  assert.equal(hub.template("asb-vulnerability", null).id, "asb-vulnerability");
  assert.equal(hub.template("no-such-template", null), null);
  assert.equal(hub.riskChanges(police, since).length, 2);
  assert.equal(hub.referral(police, b.referral).access, "full");
  assert.equal(hub.referralsSent(police).length, 1);
  assert.ok(hub.whatsNew(viewer(b.people.nurse), since).length > 0);

  // A fresh task through its life: set, taken on, started, then one more declined.
  const task = hub.setTask(b.people.pc, {
    case: b.cases.elm, assignee: { kind: "agency", id: b.agencies.council }, title: "Door knock", detail: "Door knock",
    category: "asb", due: later, priority: "normal",
  });
  assert.deepEqual(hub.tasksISet(police).map((t) => t.id).includes(task), true);
  hub.acceptTask(b.people.asbOfficer, task);
  hub.startTask(b.people.asbOfficer, task);
  assert.equal(hub.task(viewer(b.people.asbOfficer), task).state, "in_progress");
  assert.ok(Array.isArray(hub.tasksDueToday(police)));
  throwsCode(() => hub.startTask(b.people.asbOfficer, task), "invalid_transition");
});
