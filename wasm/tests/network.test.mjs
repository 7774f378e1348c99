// The network of one person through the Node build: what police and housing each see around
// Margaret Hughes, and the exports for drawing it.
//
// In the borough (demo/borough.js) Mrs Hughes is the victim on the Elm Road case (with Dean
// Walsh, and the Elm Road flats) and of an ASB incident a patrol saw, whose offender is Lee
// Doyle; police know Lee Doyle from the domestic abuse case against Kerry Doyle, which police and
// mental health work and housing does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildBorough, viewer } from "../demo/borough.js";
import { safehub, throwsCode } from "./support.mjs";

const { Hub, networkToDot, networkToGraphml, networkToGeojson } = safehub;

const hub = Hub.inMemory();
const b = await buildBorough(hub, { taskDueInMs: 300 });
const police = viewer(b.people.pc);
const housing = viewer(b.people.housingOfficer);
const hughes = { kind: "person", id: b.persons.hughes };

/** label -> access, for comparing whole networks. */
const nodes = (net) => Object.fromEntries(net.nodes.map((n) => [n.label, n.access]));
/** The edges as "a label – b label: relation", sorted. */
function edges(net) {
  const label = new Map(net.nodes.map((n) => [`${n.subject.kind}:${n.subject.id}`, n.label]));
  const name = (s) => label.get(`${s.kind}:${s.id}`);
  return net.edges.map((e) => `${name(e.a)} – ${name(e.b)}: ${e.relation.relation}`).sort();
}

test("police see Mrs Hughes's network two hops out, through the domestic abuse case to Kerry Doyle", () => {
  const net = hub.network(police, hughes, 2);
  assert.deepEqual(net.start, hughes);
  assert.equal(net.truncated, false);
  assert.deepEqual(nodes(net), {
    "Margaret Hughes": "full",
    "Dean Walsh": "full",
    "Elm Road flats": "full",
    "Lee Doyle": "full",
    "Kerry Doyle": "full",
  });
  assert.equal(net.nodes[0].hops, 0, "the start first");
  assert.equal(net.nodes.find((n) => n.label === "Kerry Doyle").hops, 2);
  const lines = edges(net);
  for (const expected of [
    "Margaret Hughes – Dean Walsh: case",
    "Margaret Hughes – Lee Doyle: incident",
    "Lee Doyle – Kerry Doyle: case",
  ]) {
    const [a, rest] = expected.split(" – ");
    const [bName, relation] = rest.split(": ");
    assert.ok(
      lines.includes(expected) || lines.includes(`${bName} – ${a}: ${relation}`),
      `${expected} in ${JSON.stringify(lines)}`,
    );
  }
  const da = net.edges.find((e) => e.cases.includes(b.cases.da));
  assert.ok(da, "the case edge carries the case that justifies it");
});

test("housing sees Lee Doyle only as a stub, and nothing of Kerry Doyle or the case behind him", () => {
  const net = hub.network(housing, hughes, 2);
  assert.deepEqual(nodes(net), {
    "Margaret Hughes": "full",
    "Dean Walsh": "full",
    "Elm Road flats": "full",
    "Lee Doyle": "stub",
  });
  const text = JSON.stringify(net);
  assert.ok(!text.includes("Kerry"), "no trace of Kerry Doyle");
  assert.ok(!text.includes(b.persons.kerry), "not even her id");
  assert.ok(!text.includes(b.cases.da), "nor the domestic abuse case");
  assert.ok(net.edges.length < hub.network(police, hughes, 2).edges.length);
  // The stub says whom to ask, as every stub does.
  const stub = hub.person(housing, b.persons.lee);
  assert.equal(stub.access, "stub");
  assert.deepEqual(stub.known_to.map((a) => a.name).sort(), ["Mental Health", "Police"]);
});

test("zero hops is the start alone; more than four is refused, and an unknown start is not found", () => {
  const alone = hub.network(police, hughes, 0);
  assert.deepEqual(alone.nodes.map((n) => n.label), ["Margaret Hughes"]);
  throwsCode(() => hub.network(police, hughes, 5), "invalid_input");
  throwsCode(() => hub.network(housing, { kind: "person", id: "00000000-0000-4000-8000-000000000000" }, 1), "not_found");
});

test("a network exports as DOT, GraphML and GeoJSON, with what the viewer saw and no more", () => {
  const net = hub.network(housing, hughes, 2);
  const dot = networkToDot(net);
  assert.match(dot, /^graph /);
  assert.ok(dot.includes("Lee Doyle") && dot.includes("dashed"), "the stub drawn dashed");
  const graphml = networkToGraphml(net);
  assert.ok(graphml.includes("<graphml"));
  assert.equal((graphml.match(/<node /g) ?? []).length, net.nodes.length);
  const geo = JSON.parse(networkToGeojson(net));
  assert.equal(geo.type, "FeatureCollection");
  for (const out of [dot, graphml, JSON.stringify(geo)]) assert.ok(!out.includes("Kerry"));
  throwsCode(() => networkToDot({ nodes: [] }), "invalid_input");
});
