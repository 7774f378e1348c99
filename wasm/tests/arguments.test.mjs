// Which argument a call names when several are bad: objects and numbers are read first, then ids
// and viewers in argument order (src/generate.rs), so a host sees the same error whichever way
// the method is made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { safehub, throwsCode } from "./support.mjs";

const { Hub } = safehub;

test("a call with a bad id and a bad object names the object; addAgency names its actor", () => {
  const hub = Hub.inMemory();
  const named = (f) => throwsCode(f, "invalid_input").message;
  assert.match(named(() => hub.registerPractitioner("nope", { wrong: 1 })), /^invalid practitioner:/);
  assert.match(named(() => hub.linkSubject("nope", "nope", { wrong: 1 }, "x")), /^invalid subject:/);
  assert.match(named(() => hub.addAgency("nope", { wrong: 1 })), /^invalid practitioner_id:/);
});

test("a read with a bad viewer and a bad object or number names the object or number", () => {
  const hub = Hub.inMemory();
  const named = (f) => throwsCode(f, "invalid_input").message;
  assert.match(named(() => hub.case({ wrong: 1 }, "nope")), /^invalid viewer:/);
  assert.match(named(() => hub.explain({ wrong: 1 }, { wrong: 1 })), /^invalid target:/);
  assert.match(named(() => hub.agreementsExpiring({ wrong: 1 }, -1)), /^invalid withinDays:/);
  assert.match(named(() => hub.repeats({ wrong: 1 }, "soon", null)), /^invalid at:/);
});
