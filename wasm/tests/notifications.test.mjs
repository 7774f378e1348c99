// Notifications in JavaScript: a function subscribed for a viewer is called after the command
// that wrote what concerns them (the module has no threads: the hub polls its subscriptions
// after each call), and the pulled feed pages by the last notification's id.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildBorough, entry, viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub } = safehub;

const hub = Hub.inMemory();
const b = await buildBorough(hub, { taskDueInMs: 300 });
const housing = viewer(b.people.housingOfficer);

test("a subscribed function is called with a new entry on a case the viewer works on", () => {
  const batches = [];
  const number = hub.subscribe(housing, (batch) => batches.push(batch));
  const written = hub.addEntry(b.people.pc, b.cases.elm, entry("Visited the flats"));
  assert.equal(batches.length, 1, "called once, after the command");
  const [n] = batches[0];
  assert.equal(n.kind.type, "entry_added");
  assert.equal(n.kind.entry, written);
  assert.equal(n.kind.case, b.cases.elm);
  assert.equal(n.agency.id, b.agencies.police);
  hub.unsubscribe(number);
  hub.addEntry(b.people.pc, b.cases.elm, entry("After unsubscribing"));
  assert.equal(batches.length, 1, "not called after unsubscribe");
});

test("a function is not called for the viewer's own command, nor for one that concerns them not", () => {
  const calls = [];
  const number = hub.subscribe(viewer(b.people.pc), (batch) => calls.push(batch));
  hub.addEntry(b.people.pc, b.cases.elm, entry("Mine"));
  assert.deepEqual(calls, []);
  hub.unsubscribe(number);
});

test("the pulled feed pages by the last notification's id", () => {
  const all = hub.notifications(housing, null, 1000);
  assert.ok(all.items.length >= 2);
  const first = hub.notifications(housing, null, 1);
  assert.equal(first.next, first.items[0].id);
  const second = hub.notifications(housing, first.next, 1);
  assert.deepEqual(second.items[0], all.items[1]);
  throwsCode(() => hub.notifications(housing, null, 0), "invalid_input");
});
