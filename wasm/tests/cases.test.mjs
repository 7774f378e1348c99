// A case's life through the Node build: police hand a case to housing, who close it with an
// outcome and a reason and reopen it with a reason; two cases linked and unlinked; incidents
// linked to a case and unlinked; and the refusals, each with the core's code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub } = safehub;

const DAY = 24 * 3600_000;

/** Police (host) and Housing sharing ASB work; a police case worker, a housing officer, and
 * mental health without an agreement; two police ASB cases with housing on the team. */
function world() {
  const hub = Hub.inMemory();
  const est = hub.establish("Tamworth Hub", { name: "Police", kind: "police" }, "Insp Admin");
  const housing = hub.addAgency(est.admin, { name: "Housing", kind: "housing" });
  const health = hub.addAgency(est.admin, { name: "Mental Health", kind: "mental_health" });
  const register = (agency, name, role) => hub.registerPractitioner(est.admin, { agency, name, role, external_id: null });
  const w = {
    hub,
    police: est.agency,
    housing,
    pc: register(est.agency, "PC Patel", "case_worker"),
    officer: register(housing, "Sam Okafor", "case_worker"),
    nurse: register(health, "Nurse Ade", "case_worker"),
  };
  hub.signAgreement(est.admin, {
    title: "Hub information sharing protocol",
    parties: [w.police, housing],
    purposes: ["reduce ASB"],
    lawful_basis: "crime_and_disorder_act_s115",
    categories: ["general", "asb", "personal_details"],
    special_category: false,
    starts: new Date(Date.now() - 365 * DAY).toISOString(),
    ends: null,
  });
  const open = (title) => hub.openCase(w.pc, { case_type: "asb", title, lead_practitioner: null, team: [housing] });
  w.block = open("Elm Road block");
  w.flat = open("Flat 3, Elm Road");
  return w;
}

test("police hand a case to housing, who close it with an outcome and reopen it with a reason", () => {
  const w = world();
  throwsCode(() => w.hub.transferLead(w.officer, w.flat, { kind: "agency", id: w.housing }, "Ours."), "forbidden");
  throwsCode(() => w.hub.transferLead(w.pc, w.flat, { kind: "agency", id: w.housing }, " "), "invalid_input");
  w.hub.transferLead(w.pc, w.flat, { kind: "practitioner", id: w.officer }, "Tenancy enforcement.");
  let view = w.hub.case(viewer(w.officer), w.flat);
  assert.equal(view.access, "full");
  assert.deepEqual([view.lead_agency.id, view.lead_practitioner.id], [w.housing, w.officer]);

  w.hub.closeCase(w.officer, w.flat, "enforcement_action", "Injunction granted.");
  view = w.hub.case(viewer(w.pc), w.flat);
  assert.equal(view.status, "closed");
  assert.deepEqual([view.closure.outcome, view.closure.reason], ["enforcement_action", "Injunction granted."]);
  const summary = w.hub.cases(viewer(w.officer)).find((c) => c.id === w.flat);
  assert.deepEqual(summary.closure, view.closure);
  // Mental health sees the stub, with nothing of the outcome.
  const stub = w.hub.case(viewer(w.nurse), w.flat);
  assert.equal(stub.access, "stub");
  assert.ok(!JSON.stringify(stub).includes("Injunction"));

  throwsCode(() => w.hub.closeCase(w.officer, w.flat, "resolved", "Again."), "invalid_transition");
  throwsCode(() => w.hub.closeCase(w.officer, w.flat, "not_an_outcome", "Again."), "invalid_input");
  w.hub.reopenCase(w.officer, w.flat, "Injunction breached.");
  view = w.hub.case(viewer(w.pc), w.flat);
  assert.equal(view.status, "reopened");
  assert.equal(view.reopening.reason, "Injunction breached.");
});

test("linked cases show each other on both sides until unlinked", () => {
  const w = world();
  w.hub.linkCases(w.pc, w.flat, w.block, "part_of");
  const flat = w.hub.case(viewer(w.officer), w.flat);
  assert.deepEqual(flat.links.map((l) => [l.case, l.kind, l.lead_agency.name]), [[w.block, "part_of", "Police"]]);
  const block = w.hub.case(viewer(w.pc), w.block);
  assert.deepEqual(block.links.map((l) => [l.case, l.kind]), [[w.flat, "includes"]]);
  throwsCode(() => w.hub.linkCases(w.pc, w.block, w.flat, "related"), "invalid_input");
  throwsCode(() => w.hub.linkCases(w.nurse, w.block, w.flat, "related"), "forbidden");
  w.hub.unlinkCases(w.pc, w.block, w.flat);
  assert.deepEqual(w.hub.case(viewer(w.pc), w.flat).links, []);
});

test("an incident linked to a case shows on it to those who read it, until unlinked", () => {
  const w = world();
  const at = (daysAgo) => new Date(Date.now() - daysAgo * DAY).toISOString();
  w.hub.importIncidentsCsv(
    w.pc,
    `external_ref,occurred_at,category,summary\nCAD-1,${at(2)},asb_nuisance,Music\nCAD-2,${at(1)},asb_nuisance,Shouting\n`,
  );
  const calls = w.hub.incidents(viewer(w.pc), at(30), at(-1), 10);
  const [older, newer] = ["CAD-1", "CAD-2"].map((r) => calls.find((i) => i.external_ref === r).id);
  w.hub.linkIncident(w.officer, w.flat, newer);
  w.hub.linkIncident(w.pc, w.flat, older);
  assert.deepEqual(w.hub.case(viewer(w.officer), w.flat).incidents.map((i) => i.id), [older, newer]);
  throwsCode(() => w.hub.linkIncident(w.pc, w.flat, newer), "invalid_input");
  // Mental health reads no ASB incident: refused exactly as an incident never recorded.
  throwsCode(() => w.hub.linkIncident(w.nurse, w.flat, newer), "not_found");
  w.hub.unlinkIncident(w.pc, w.flat, older);
  assert.deepEqual(w.hub.case(viewer(w.pc), w.flat).incidents.map((i) => i.id), [newer]);
});

test("police correct a person's name and add an alias; the history says from what; housing cannot rewrite it", () => {
  const w = world();
  const person = w.hub.recordPerson(w.pc, {
    name: "Margaret Hughs", aliases: [], date_of_birth: "1961-07-03", identifiers: [], flags: [], restricted: false,
  });
  const record = { kind: "person", id: person };
  w.hub.linkSubject(w.pc, w.block, record, "victim");
  w.hub.amend(w.pc, record, [
    { edit: "name", to: "Margaret Hughes" },
    { edit: "date_of_birth", to: "1961-03-07" },
    { edit: "add_alias", alias: "Maggie" },
  ], "Checked against her tenancy agreement.");
  const seen = w.hub.person(viewer(w.officer), person);
  assert.equal(seen.access, "full");
  assert.deepEqual([seen.name, seen.date_of_birth, seen.aliases], ["Margaret Hughes", "1961-03-07", ["Maggie"]]);
  const history = w.hub.history(viewer(w.officer), record);
  assert.equal(history.length, 1);
  assert.equal(history[0].by.id, w.pc);
  assert.equal(history[0].reason, "Checked against her tenancy agreement.");
  assert.deepEqual(history[0].changes[0], { change: "name", from: "Margaret Hughs", to: "Margaret Hughes" });
  throwsCode(() => w.hub.amend(w.officer, record, [{ edit: "add_alias", alias: "Peggy" }], "Known as."), "forbidden");
  throwsCode(() => w.hub.amend(w.pc, record, [{ edit: "withdraw_alias", alias: "Nobody" }], "Tidy."), "invalid_input");
  // Mental health has no case about her: the stub, and no history.
  assert.deepEqual(w.hub.history(viewer(w.nurse), record), []);
  throwsCode(() => w.hub.history(viewer(w.nurse), { kind: "person", id: "00000000-0000-0000-0000-00000000002a" }), "not_found");
});

test("police and housing merge one person by agreement of both; housing see the request; either undoes it", () => {
  const w = world();
  const record = (by, name) => w.hub.recordPerson(by, {
    name, aliases: [], date_of_birth: "1961-04-12", identifiers: [], flags: [], restricted: false,
  });
  const police = record(w.pc, "Margaret Hughes");
  const housing = record(w.officer, "Maggie Hughes");
  w.hub.linkSubject(w.pc, w.block, { kind: "person", id: police }, "victim");
  w.hub.linkSubject(w.officer, w.block, { kind: "person", id: housing }, "victim");
  assert.equal(w.hub.agreeMerge(w.pc, police, housing, "Same woman, same flat."), false);
  const [request] = w.hub.mergeRequests(viewer(w.officer));
  assert.equal(request.reason, "Same woman, same flat.");
  assert.deepEqual([request.survivor.id, request.absorbed.id], [police, housing]);
  assert.deepEqual(w.hub.mergeRequests(viewer(w.nurse)), []);
  assert.equal(w.hub.agreeMerge(w.officer, police, housing, "Agreed."), true);
  assert.deepEqual(w.hub.mergedProfiles(viewer(w.officer), housing).map((p) => p.id), [police, housing]);
  throwsCode(() => w.hub.agreeMerge(w.pc, police, police, "Itself."), "invalid_input");
  throwsCode(() => w.hub.unmerge(w.nurse, housing, "Not ours."), "forbidden");
  w.hub.unmerge(w.officer, housing, "Tenancy records disagree.");
  assert.deepEqual(w.hub.mergedProfiles(viewer(w.pc), housing).map((p) => p.id), [housing]);
});

test("facts each agency holds about one person: housing's tenancy read by police, its own number by no one else", () => {
  const w = world();
  const person = w.hub.recordPerson(w.pc, {
    name: "Margaret Hughes", aliases: [], date_of_birth: null, identifiers: [], flags: [], restricted: false,
  });
  w.hub.linkSubject(w.pc, w.block, { kind: "person", id: person }, "victim");
  const tenancy = w.hub.addFact(w.officer, person, {
    value: { fact: "address", address: "Flat 3, 12 Elm Road", postcode: "sw1a1aa" },
    category: "personal_details", sharing: "under_agreements",
  }, "Her tenancy.");
  const phone = w.hub.addFact(w.officer, person, {
    value: { fact: "phone", number: "07700 900123" }, category: null, sharing: "agency_only",
  }, "Repairs team.");
  const police = w.hub.person(viewer(w.pc), person);
  assert.equal(police.access, "full");
  assert.deepEqual(police.facts.map((f) => f.id), [tenancy]);
  assert.equal(police.facts[0].value.postcode, "SW1A 1AA");
  assert.deepEqual(police.facts_held_by, []);
  assert.deepEqual(w.hub.person(viewer(w.officer), person).facts.map((f) => f.id), [tenancy, phone]);
  throwsCode(() => w.hub.withdrawFact(w.pc, person, tenancy, "Not ours."), "forbidden");
  throwsCode(() => w.hub.withdrawFact(w.pc, person, phone, "Unseen."), "not_found");
  w.hub.correctFact(w.officer, person, tenancy, { fact: "address", address: "Flat 4, 12 Elm Road", postcode: null }, "Moved.");
  assert.equal(w.hub.person(viewer(w.pc), person).facts[0].value.address, "Flat 4, 12 Elm Road");
});

test("a meeting kept as a record: attendance by the protocol, a disclosure, a decision, two actions, minutes per agency", () => {
  const w = world();
  const hub = w.hub;
  const agencies = hub.agencies().map((a) => a.id);
  const schedule = (title, startsIn) => hub.scheduleMeeting(w.pc, {
    kind: "Daily hub meeting", title, starts: new Date(Date.now() + startsIn).toISOString(),
    chair: w.pc, agencies, practitioners: [],
  });
  const meeting = schedule("Daily hub meeting, Monday", 0);
  hub.recordAttendance(w.pc, meeting, w.pc);
  hub.recordAttendance(w.pc, meeting, w.officer);
  // Mental health shares nothing with housing: refused, not silently admitted.
  throwsCode(() => hub.recordAttendance(w.pc, meeting, w.nurse), "forbidden");

  const secret = hub.addEntry(w.pc, w.block, {
    kind: "note", category: "asb", text: "Police intelligence: calls from a phone box.",
    visibility: "agency", sensitive: false, show_author: true,
  });
  const texts = (who) => hub.case(viewer(who), w.block).entries.filter((e) => e.access === "full").map((e) => e.text);
  assert.ok(!texts(w.officer).includes("Police intelligence: calls from a phone box."));
  const item = { kind: "entry", id: secret };
  hub.discloseAtMeeting(w.pc, meeting, item, null, "Daily hub meeting: repeat caller");
  assert.ok(texts(w.officer).includes("Police intelligence: calls from a phone box."));

  hub.recordMeetingDecision(w.pc, meeting, w.block, {
    kind: "note", category: "asb", text: "Decision: joint visit this week.", visibility: "case_team",
    sensitive: false, show_author: true,
  }, [item]);
  for (const [who, title] of [[w.officer, "Joint visit"], [w.pc, "Speak to the neighbours"]]) {
    hub.agreeAction(w.pc, meeting, {
      case: w.block, assignee: { kind: "practitioner", id: who }, title, detail: "Agreed at the hub meeting.",
      category: "asb", due: new Date(Date.now() + 3 * DAY).toISOString(), priority: "high",
    }, [item]);
  }
  const police = hub.meetingMinutes(viewer(w.pc), meeting);
  const housing = hub.meetingMinutes(viewer(w.officer), meeting);
  assert.equal(police.actions.length, 2);
  assert.equal(housing.disclosures.length, 1);
  assert.ok(safehub.minutesToMarkdown(housing).includes("Daily hub meeting, Monday"));
  const tomorrow = schedule("Daily hub meeting, Tuesday", DAY);
  assert.equal(hub.meetingAgenda(viewer(w.pc), tomorrow).carried_over.length, 2);
});
