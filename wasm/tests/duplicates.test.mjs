// Possible duplicates through the Node build (issue 22): police and housing record the same caller
// under different spellings; each finds the other's profile once a shared case lets them read it,
// with the reasons; mental health, who read neither, gets not_found, as for an unknown id.
import { test } from "node:test";
import assert from "node:assert/strict";
import { viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub } = safehub;

const DAY = 24 * 3600_000;

const person = (name, dob) => ({ name, aliases: [], date_of_birth: dob, identifiers: [], flags: [], restricted: false });

test("police find the caller housing recorded as Maggie Hughs, day and month swapped", () => {
  const hub = Hub.inMemory();
  const est = hub.establish("Tamworth Hub", { name: "Police", kind: "police" }, "Insp Admin");
  const housing = hub.addAgency(est.admin, { name: "Housing", kind: "housing" });
  const health = hub.addAgency(est.admin, { name: "Mental Health", kind: "mental_health" });
  const register = (agency, name, role) => hub.registerPractitioner(est.admin, { agency, name, role, external_id: null });
  const pc = register(est.agency, "PC Patel", "case_worker");
  const sergeant = register(est.agency, "Sgt Jones", "supervisor");
  const officer = register(housing, "Sam Okafor", "case_worker");
  const nurse = register(health, "Nurse Ade", "case_worker");
  hub.signAgreement(est.admin, {
    title: "Hub information sharing protocol",
    parties: [est.agency, housing],
    purposes: ["reduce ASB"],
    lawful_basis: "crime_and_disorder_act_s115",
    categories: ["general", "asb", "personal_details"],
    special_category: false,
    starts: new Date(Date.now() - 365 * DAY).toISOString(),
    ends: null,
  });
  const checked = hub.recordPersonChecked(pc, person("Margaret Hughes", "1956-03-07"));
  assert.deepEqual(checked.candidates, []);
  const maggie = hub.recordPerson(officer, person("Maggie Hughs", "1956-07-03"));
  const c = hub.openCase(pc, { case_type: "asb", title: "Noise, Elm Road", lead_practitioner: null, team: [housing] });
  hub.linkSubject(pc, c, { kind: "person", id: checked.id }, "victim");
  hub.linkSubject(officer, c, { kind: "person", id: maggie }, "victim");

  const found = hub.possibleDuplicates(viewer(pc), checked.id);
  assert.deepEqual(found.map((f) => f.person.id), [maggie]);
  assert.deepEqual(found[0].reasons, [
    { reason: "name", how: "similar", alias: false },
    { reason: "date_of_birth", how: "day_month_swapped" },
  ]);
  assert.ok(found[0].score >= 60);

  const pairs = hub.duplicateReview(viewer(sergeant));
  assert.deepEqual(pairs.map((p) => [p.first.id, p.second.id].sort()), [[checked.id, maggie].sort()]);
  throwsCode(() => hub.duplicateReview(viewer(pc)), "forbidden");
  throwsCode(() => hub.possibleDuplicates(viewer(nurse), checked.id), "not_found");
});
