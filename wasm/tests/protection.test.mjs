// Data protection through the Node build: a subject access export that says who releases each
// part, and its JSON and Markdown; the retention rules and the "due for review" list; erasure on
// request, after which the person's name is gone and the hash chain still verifies; the data
// protection officer's three reports; and garbage arguments, each refused with a code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { entry, viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub, defaultRetentionRule, mopiRetentionRule, subjectAccessToJson, subjectAccessToMarkdown } = safehub;

const DAY = 24 * 3600_000;
const inDays = (days) => new Date(Date.now() + days * DAY).toISOString();

/** Police (host) and Housing, sharing ASB and personal details; a police case worker, sergeant
 * and the partnership admin (police's admin too), a housing officer; Alex Smith, victim on one
 * ASB case police lead with housing on the team, with a note from each agency. */
function world() {
  const hub = Hub.inMemory();
  const est = hub.establish("Tamworth Hub", { name: "Police", kind: "police" }, "Insp Admin");
  const housing = hub.addAgency(est.admin, { name: "Housing", kind: "housing" });
  const register = (agency, name, role) => hub.registerPractitioner(est.admin, { agency, name, role, external_id: null });
  const w = {
    hub,
    admin: est.admin,
    police: est.agency,
    housing,
    pc: register(est.agency, "PC Patel", "case_worker"),
    sergeant: register(est.agency, "Sgt Jones", "supervisor"),
    housingOfficer: register(housing, "Sam Okafor", "case_worker"),
  };
  w.agreement = hub.signAgreement(w.admin, {
    title: "Hub information sharing protocol",
    parties: [w.police, housing],
    purposes: ["reduce ASB"],
    lawful_basis: "crime_and_disorder_act_s115",
    categories: ["general", "asb", "personal_details"],
    special_category: false,
    starts: inDays(-365),
    ends: null,
  });
  w.alex = hub.recordPerson(w.pc, {
    name: "Alex Smith", aliases: ["Al"], date_of_birth: "1980-05-17", identifiers: [], flags: ["isolated"], restricted: false,
  });
  w.case = hub.openCase(w.pc, { case_type: "asb", title: "Noise, Elm Road", lead_practitioner: null, team: [housing] });
  hub.linkSubject(w.pc, w.case, { kind: "person", id: w.alex }, "victim");
  hub.addEntry(w.pc, w.case, entry("Police spoke to Alex about the noise.", "asb"));
  hub.addEntry(w.housingOfficer, w.case, entry("Housing: rent account in order.", "asb"));
  return w;
}

test("a subject access export names who releases each part, and renders as JSON and Markdown", () => {
  const w = world();
  const sar = w.hub.subjectAccess(viewer(w.sergeant, "SAR-2026-014"), w.alex);
  assert.equal(sar.person, w.alex);
  assert.equal(sar.requesting_agency.name, "Police");
  assert.equal(sar.requested_by.id, w.sergeant);
  assert.deepEqual(sar.agencies.map((part) => part.agency.name), ["Police", "Housing"]);
  const [ours, theirs] = sar.agencies;
  assert.deepEqual(ours.disclosure, { disclosure: "release_by_self" });
  assert.equal(theirs.disclosure.disclosure, "refer_to_owning_agency");
  assert.deepEqual([theirs.disclosure.agency.id, theirs.disclosure.agency.name], [w.housing, "Housing"]);
  const kinds = ours.items.map((item) => item.view.kind);
  assert.ok(kinds.includes("profile") && kinds.includes("case") && kinds.includes("entry"), kinds.join());
  const housingEntries = theirs.items.filter((item) => item.view.kind === "entry").map((item) => item.view.view.text);
  assert.deepEqual(housingEntries, ["Housing: rent account in order."]);
  assert.deepEqual(sar.also_held_by, []);

  // The renderings are of the export the host holds: the same data, no second read.
  assert.deepEqual(JSON.parse(subjectAccessToJson(sar)), sar);
  const md = subjectAccessToMarkdown(sar);
  assert.ok(md.startsWith("# Subject access export"));
  for (const text of ["Alex Smith", "Police spoke to Alex", "Housing: rent account in order.", "Held by Police: release yourself", "Held by Housing: refer to Housing"]) {
    assert.ok(md.includes(text), text);
  }
  throwsCode(() => subjectAccessToMarkdown({ person: w.alex }), "invalid_input");
  throwsCode(() => subjectAccessToJson(null), "invalid_input");
});

test("a case worker may not run a subject access request", () => {
  const w = world();
  throwsCode(() => w.hub.subjectAccess(viewer(w.pc), w.alex), "forbidden");
  throwsCode(() => w.hub.subjectAccess(viewer(w.housingOfficer), w.alex), "forbidden");
});

test("a closed case falls due for review six years after closure under the default rule", () => {
  const w = world();
  w.hub.changeCaseStatus(w.pc, w.case, "closed");
  assert.deepEqual(w.hub.retentionRules(), [defaultRetentionRule()]);
  assert.deepEqual(defaultRetentionRule(), { applies_to: { category: null, case_type: null }, review_after_months: 72, group: null });
  const sergeant = viewer(w.sergeant, "retention review");
  assert.deepEqual(w.hub.retentionDue(sergeant, inDays(0)), []);
  assert.deepEqual(w.hub.retentionDue(sergeant, inDays(365 * 6 - 2)), [], "not before six years");
  const due = w.hub.retentionDue(sergeant, inDays(366 * 6));
  assert.deepEqual(due.map((d) => [d.case, d.title, d.rule.review_after_months, d.retained_before]), [[w.case, "Noise, Elm Road", 72, false]]);
  assert.deepEqual(due[0].entries.map((e) => [e.agency.name, e.category]), [["Police", "asb"], ["Housing", "asb"]]);
  assert.ok(!JSON.stringify(due).includes("spoke to Alex"), "the review list carries no entry text");
  throwsCode(() => w.hub.retentionDue(viewer(w.pc), inDays(366 * 6)), "forbidden");
  throwsCode(() => w.hub.decideRetention(w.sergeant, w.case, { choice: "retain", reason: "Still needed." }), "invalid_input");

  // ASB reviewed every ten years (MoPI group 2): no longer due after six.
  const rule = mopiRetentionRule({ category: null, case_type: "asb" }, "group2");
  assert.equal(rule.review_after_months, 120);
  throwsCode(() => w.hub.setRetentionRule(w.sergeant, rule), "forbidden");
  w.hub.setRetentionRule(w.admin, rule);
  assert.deepEqual(w.hub.retentionRules(), [rule]);
  assert.deepEqual(w.hub.retentionDue(sergeant, inDays(366 * 6)), []);
  assert.equal(w.hub.retentionDue(sergeant, inDays(366 * 10)).length, 1);
});

test("erasure on request: the tombstone says what went, the name is gone from reads, the chain verifies", () => {
  const w = world();
  throwsCode(() => w.hub.dispose(w.admin, { kind: "case", id: w.case }, "ERASE-2026-003"), "invalid_transition");
  w.hub.changeCaseStatus(w.pc, w.case, "closed");
  throwsCode(() => w.hub.dispose(w.sergeant, { kind: "case", id: w.case }, "ERASE-2026-003"), "forbidden");
  const before = w.hub.seq();
  const tombstone = w.hub.dispose(w.admin, { kind: "case", id: w.case }, "ERASE-2026-003");
  assert.deepEqual(tombstone.target, { kind: "case", id: w.case });
  assert.deepEqual(tombstone.ground, { ground: "request", reference: "ERASE-2026-003" });
  assert.equal(tombstone.by, w.admin);
  assert.equal(tombstone.agency, w.police);
  assert.ok(tombstone.records.some((r) => r.kind === "person" && r.id === w.alex));
  assert.ok(tombstone.records.some((r) => r.kind === "case" && r.id === w.case));
  assert.ok(tombstone.seqs.length > 0 && tombstone.seqs.every((s) => typeof s === "number" && s <= before));

  const police = viewer(w.sergeant, "after erasure");
  const reads = [
    w.hub.person(police, w.alex),
    w.hub.case(police, w.case),
    w.hub.searchPeople(police, "Smith"),
    w.hub.subjectAccess(police, w.alex),
  ];
  for (const secret of ["Alex Smith", "\"Al\"", "1980-05-17", "spoke to Alex", "rent account", "Noise, Elm Road"]) {
    assert.ok(!JSON.stringify(reads).includes(secret), secret);
  }
  assert.equal(reads[0].name, "[erased]");
  assert.deepEqual(reads[2], []);
  assert.equal(w.hub.verify().first_bad, null);

  // Erasure reaches the bytes a host persists, and a copy made from them still verifies.
  const bytes = w.hub.exportJournal(w.admin);
  assert.ok(!Buffer.from(bytes).toString("utf8").includes("Alex Smith"));
  assert.equal(Hub.import(bytes).verify().first_bad, null);
});

test("the DPO's reports: consultations of our information, agreements about to end, unused access", () => {
  const w = world();
  w.hub.case(viewer(w.housingOfficer, "tenancy check"), w.case);
  const dpo = viewer(w.sergeant, "DPO monthly report");

  const report = w.hub.consultationReport(dpo, inDays(-1), inDays(1));
  assert.equal(report.agency.name, "Police");
  assert.deepEqual(report.rows.map((r) => [r.justification, r.practitioner.name, r.agency.name]), [["tenancy check", "Sam Okafor", "Housing"]]);
  assert.deepEqual(report.rows[0].agreements.map((a) => a.id), [w.agreement]);
  assert.deepEqual(report.by_agency.map((t) => [t.agency.name, t.consultations]), [["Housing", 1]]);
  assert.deepEqual(report.by_agreement.map((t) => [t.agreement.title, t.consultations]), [["Hub information sharing protocol", 1]]);
  assert.deepEqual(w.hub.consultationReport(dpo, inDays(1), inDays(2)).rows, []);

  assert.deepEqual(w.hub.agreementsExpiring(dpo, 30), []);
  w.hub.endAgreement(w.admin, w.agreement, inDays(10));
  const expiring = w.hub.agreementsExpiring(dpo, 30);
  assert.deepEqual(expiring.map((e) => e.agreement.id), [w.agreement]);
  assert.ok(expiring[0].days_left >= 9 && expiring[0].days_left <= 10);
  assert.deepEqual(expiring[0].parties.map((p) => p.name).sort(), ["Housing", "Police"]);
  assert.deepEqual(w.hub.agreementsExpiring(dpo, 5), []);

  const unused = (since) => w.hub.unusedAccess(dpo, since).map((u) => u.practitioner.id);
  assert.ok(unused(inDays(1)).includes(w.pc), "nothing recorded since tomorrow");
  assert.ok(!unused(inDays(-1)).includes(w.pc), "the case worker wrote today");
  assert.ok(!unused(inDays(1)).includes(w.housingOfficer), "another agency's staff are not ours to report");
  for (const call of [() => w.hub.consultationReport(viewer(w.pc), inDays(-1), inDays(1)), () => w.hub.agreementsExpiring(viewer(w.pc), 30), () => w.hub.unusedAccess(viewer(w.pc), inDays(0))]) {
    throwsCode(call, "forbidden");
  }
});

test("garbage arguments are refused with a code, and the hub still works after them", () => {
  const w = world();
  const dpo = viewer(w.sergeant);
  const unknown = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
  throwsCode(() => w.hub.subjectAccess(dpo, unknown), "not_found");
  throwsCode(() => w.hub.subjectAccess(dpo, "not-an-id"), "invalid_input");
  throwsCode(() => w.hub.dispose(w.admin, { kind: "case", id: unknown }, "ERASE-1"), "not_found");
  throwsCode(() => w.hub.dispose(w.admin, { kind: "planet", id: w.case }, "ERASE-1"), "invalid_input");
  throwsCode(() => w.hub.dispose(w.admin, { kind: "case", id: w.case }, ""), "invalid_input");
  throwsCode(() => w.hub.decideRetention(w.sergeant, unknown, { choice: "dispose" }), "not_found");
  throwsCode(() => w.hub.decideRetention(w.sergeant, w.case, { choice: "shred" }), "invalid_input");
  throwsCode(() => w.hub.retentionDue(dpo, "next Tuesday"), "invalid_input");
  throwsCode(() => w.hub.retentionDue({ practitioner: w.sergeant }, inDays(0)), "invalid_input");
  throwsCode(() => w.hub.consultationReport(dpo, "2026-13-45T00:00:00Z", inDays(0)), "invalid_input");
  throwsCode(() => w.hub.unusedAccess(dpo, 42), "invalid_input");
  for (const days of [-1, 1.5, Number.NaN, 4294967296]) {
    throwsCode(() => w.hub.agreementsExpiring(dpo, days), "invalid_input");
  }
  // The largest window runs to the calendar's end rather than trapping the module.
  assert.ok(Array.isArray(w.hub.agreementsExpiring(dpo, 4294967295)));
  throwsCode(() => w.hub.setRetentionRule(w.admin, { applies_to: { category: null, case_type: null }, review_after_months: -6, group: null }), "invalid_input");
  throwsCode(() => w.hub.setRetentionRule(w.admin, { review_after_months: 6 }), "invalid_input");
  throwsCode(() => mopiRetentionRule({ category: null, case_type: null }, "group9"), "invalid_input");
  const e = throwsCode(() => w.hub.subjectAccess(viewer(w.sergeant), "Alex Smith"), "invalid_input");
  assert.ok(!e.message.includes("Alex Smith"), "messages never quote what was passed");
  assert.equal(w.hub.verify().first_bad, null);
  assert.equal(w.hub.subjectAccess(dpo, w.alex).agencies.length, 2);
});
