// The morning briefing through the Node build, as police and as housing, with the repeats and
// ASB case review reads it is built from; and its Markdown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildBorough, viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub, briefingToMarkdown } = safehub;

const hub = Hub.inMemory();
const b = await buildBorough(hub, { taskDueInMs: 300 });
const police = viewer(b.people.pc);
const housing = viewer(b.people.housingOfficer);
const now = () => new Date().toISOString();
const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
const names = (hits) => hits.map((h) => h.subject.name).sort();

test("the briefing lists the week's incidents, risks, overdue tasks and referrals police may see", () => {
  const brief = hub.briefing(police, weekAgo, null);
  assert.equal(Date.parse(brief.since), Date.parse(weekAgo));
  assert.ok(brief.new_incidents.count > 0);
  assert.ok(brief.new_incidents.listed.length <= 25);
  assert.equal(brief.overdue_tasks.length, 4);
  assert.deepEqual(brief.risks.map((r) => r.person?.name).sort(), ["Kerry Doyle", "Margaret Hughes"]);
  assert.ok(brief.movers.every((m) => m.kind === "callers" || m.kind === "locations"));
  assert.ok(JSON.stringify(brief).includes("Kerry Doyle"), "police see the domestic abuse victim");
});

test("housing's briefing counts fewer incidents and carries nothing of the domestic abuse case", () => {
  // Over the two months of the incident log, which holds Kerry Doyle's domestic abuse calls.
  const since = new Date(Date.now() - 61 * 24 * 3600_000).toISOString();
  const ours = hub.briefing(housing, since, null);
  const theirs = hub.briefing(police, since, null);
  assert.equal(theirs.new_incidents.count, 46);
  assert.equal(ours.new_incidents.count, 37, "the nine domestic abuse calls are not shared");
  assert.deepEqual(ours.risks.map((r) => r.person?.name), ["Margaret Hughes"]);
  const text = JSON.stringify(ours) + briefingToMarkdown(ours);
  for (const secret of ["Kerry", "injuries", "county lines"]) assert.ok(!text.includes(secret), secret);
});

test("the briefing renders as Markdown, and a config changes what it lists", () => {
  const brief = hub.briefing(police, weekAgo, null);
  const md = briefingToMarkdown(brief);
  assert.match(md, /^# /m);
  assert.ok(md.includes("Margaret Hughes"));
  const config = {
    top_kinds: ["callers"], top_days: 28, top_limit: 50, min_places: 5, movers: 10, incidents_listed: 2,
    repeats: { person: { incidents: 2, within: { months: 12 }, categories: [] }, location: { incidents: 3, within: { days: 90 }, categories: [] } },
    case_review: { complaints: 3, qualifying_within: { months: 1 }, window: { months: 6 }, hate_incidents: null, distinct_complainants: null },
  };
  const short = hub.briefing(police, weekAgo, config);
  assert.ok(short.new_incidents.listed.length <= 2);
  assert.equal(short.new_incidents.count, brief.new_incidents.count, "all are still counted");
  assert.ok(short.movers.every((m) => m.kind === "callers"));
  throwsCode(() => hub.briefing(police, now(), { top_kinds: [] }), "invalid_input");
  throwsCode(() => hub.briefing(police, new Date(Date.now() + 3600_000).toISOString(), null), "invalid_input");
  throwsCode(() => briefingToMarkdown({}), "invalid_input");
});

test("repeats and the ASB case review threshold follow the same sharing: housing never sees Kerry Doyle", () => {
  const at = now();
  assert.ok(names(hub.repeats(police, at, null)).includes("Kerry Doyle"));
  const ours = hub.repeats(housing, at, null);
  assert.ok(names(ours).includes("Margaret Hughes"));
  assert.ok(!names(ours).includes("Kerry Doyle"));
  const reviews = hub.caseReviewThresholds(housing, at, null);
  assert.ok(names(reviews).includes("Margaret Hughes"), JSON.stringify(names(reviews)));
  assert.ok(reviews.every((r) => typeof r.basis.basis === "string"));
  const strict = hub.caseReviewThresholds(housing, at, {
    complaints: 100, qualifying_within: { months: 1 }, window: { months: 6 }, hate_incidents: null, distinct_complainants: null,
  });
  assert.deepEqual(strict, []);
  throwsCode(() => hub.repeats(housing, "yesterday", null), "invalid_input");
});
