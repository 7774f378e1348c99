// The morning hub meeting, in the browser: loads the web build of the safehub package (wasm/pkg,
// made by wasm/build.sh; the page is served with wasm/ as its root), builds a small borough
// through the API, and shows what the chosen practitioner may see. All the sharing decisions are
// the core's: this page only draws what the Hub returns.
import init, { Hub, briefingToMarkdown, minutesToMarkdown, networkToDot, networkToGeojson, networkToGraphml, version } from "../pkg/safehub_wasm.js";
import { buildBorough, holdMeeting, viewer } from "./borough.js";
import { drawNetwork } from "./network.js";

const $ = (id) => document.getElementById(id);
const status = $("status");

/** An element with text (never HTML: names and notes are data). */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const day = (iso) => new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
const words = (snake) => snake.replaceAll("_", " ");

function describeReason(r) {
  switch (r.reason) {
    case "level": return `${words(r.level)} on ${r.template.id}`;
    case "escalation": return `refer to ${r.trigger.refer_to}`;
    case "vulnerable": return words(r.flag);
    case "review_overdue": return `review overdue since ${day(r.due)}`;
    default: return r.reason;
  }
}

function renderTop(hub, who, kind, box) {
  box.replaceChildren();
  const list = hub.top(who, { kind, measure: { by: "count" }, end: new Date().toISOString(), days: 90, limit: 50 });
  if (list.rows.length === 0) {
    box.append(el("p", "No incidents this agency may read.", "empty"));
    return;
  }
  const most = list.rows[0].count;
  for (const row of list.rows) {
    const line = el("div", undefined, "bar-row");
    line.dataset.name = row.subject.name;
    line.dataset.count = String(row.count);
    const bar = el("div", String(row.count), "bar");
    bar.style.width = `${(100 * row.count) / most}%`;
    const move = row.movement.movement === "new" ? "new" : row.movement.places ? `${row.movement.movement} ${row.movement.places}` : "";
    line.append(el("div", `${row.rank}. ${row.subject.name}`), bar, el("span", move, "movement"));
    box.append(line);
  }
}

function renderPriority(hub, who) {
  const body = $("priority").querySelector("tbody");
  body.replaceChildren();
  const rows = hub.priorityList(who, 50);
  if (rows.length === 0) {
    const tr = el("tr");
    tr.append(el("td", "Nobody this agency may see is on the list.", "empty"));
    tr.firstChild.colSpan = 4;
    body.append(tr);
  }
  for (const row of rows) {
    const tr = el("tr");
    tr.dataset.level = row.level;
    const level = el("td");
    level.append(el("span", words(row.level), `level level-${row.level}`));
    tr.append(el("td", String(row.rank)), el("td", row.person ? row.person.name : "(restricted profile)"), level,
      el("td", row.reasons.map(describeReason).join("; ")));
    body.append(tr);
  }
}

function renderOverdue(hub, who) {
  const box = $("overdue");
  box.replaceChildren();
  const tasks = hub.overdueTasks(who);
  if (tasks.length === 0) {
    box.append(el("p", "No overdue tasks this practitioner may know of.", "empty"));
    return;
  }
  const byAgency = new Map();
  for (const t of tasks) {
    const name = t.assigned_agency.name;
    if (!byAgency.has(name)) byAgency.set(name, []);
    byAgency.get(name).push(t);
  }
  const most = Math.max(...[...byAgency.values()].map((list) => list.length));
  for (const [agency, list] of [...byAgency].sort((a, b) => b[1].length - a[1].length)) {
    const row = el("div", undefined, "bar-row");
    row.dataset.agency = agency;
    const bar = el("div", String(list.length), "bar");
    bar.style.width = `${(100 * list.length) / most}%`;
    row.append(el("div", agency), bar);
    const items = el("ul", undefined, "bar-tasks");
    for (const t of list) {
      // A stub says a task exists and whose it is, not what it asks.
      const text = t.access === "full" ? `${t.title} (due ${day(t.due)}, ${t.priority})`
        : `A ${t.priority} task set by ${t.set_by_agency.name} (due ${day(t.due)})`;
      items.append(el("li", text));
    }
    box.append(row, items);
  }
}

function renderTimeline(hub, who, caseId) {
  const list = $("timeline");
  list.replaceChildren();
  const view = hub.case(who, caseId);
  if (view.access !== "full") {
    $("timeline-title").textContent = "Case timeline";
    list.append(el("li", `${view.lead_agency?.name ?? "Another agency"} has a case this practitioner's agency is not on.`, "stub"));
    return;
  }
  $("timeline-title").textContent = `Case timeline: ${view.title}`;
  for (const e of view.entries) {
    const li = el("li");
    li.dataset.access = e.access;
    if (e.access === "full") {
      li.append(el("div", e.text), el("div", `${day(e.at)}, ${e.author.name} (${e.agency.name}), ${words(e.category)}`, "who"));
    } else {
      li.className = "stub";
      const ask = e.author ? e.author.name : e.agency.name;
      li.append(el("div", `${e.agency.name} worked on this case (${words(e.kind)}): ask ${ask} for details.`),
        el("div", day(e.at), "who"));
    }
    list.append(li);
  }
  if (view.hidden_entries > 0) list.append(el("li", `${view.hidden_entries} sensitive entries hidden`, "stub"));
}

function renderCases(hub, who, state) {
  const list = $("cases");
  list.replaceChildren();
  const cases = hub.cases(who);
  if (!cases.some((c) => c.id === state.caseId)) state.caseId = cases[0]?.id ?? state.caseId;
  for (const c of cases) {
    const li = el("li");
    li.dataset.caseId = c.id;
    const a = el("a", c.title);
    a.addEventListener("click", () => {
      state.caseId = c.id;
      renderTimeline(hub, who, c.id);
    });
    li.append(a, el("span", ` (${words(c.case_type)}, led by ${c.lead_agency.name}, ${c.entries} ${c.entries === 1 ? "entry" : "entries"})`));
    list.append(li);
  }
  renderTimeline(hub, who, state.caseId);
}

const EXPORTS = [
  ["DOT", networkToDot, "text/vnd.graphviz", "dot"],
  ["GraphML", networkToGraphml, "application/graphml+xml", "graphml"],
  ["GeoJSON", networkToGeojson, "application/geo+json", "geojson"],
];

function renderNetwork(state, who) {
  const hub = state.hub;
  let net;
  try {
    net = hub.network(who, state.networkStart, 2);
  } catch (err) {
    // A centre picked as another agency may be someone this one may not know of.
    if (err.code !== "not_found") throw err;
    state.networkStart = state.home;
    net = hub.network(who, state.networkStart, 2);
  }
  $("network-title").textContent = `Network of ${net.nodes[0].label}`;
  // A stub node says whom to ask: the agencies the stub of that profile names.
  const whomToAsk = (n) => `stub: ask ${hub[n.subject.kind](who, n.subject.id).known_to.map((a) => a.name).sort().join(" or ")}`;
  drawNetwork($("network"), net, {
    whomToAsk,
    onPick(subject) {
      state.networkStart = subject;
      renderNetwork(state, who);
    },
  });
  const links = $("network-exports");
  links.replaceChildren(`${net.nodes.length} nodes, ${net.edges.length} links. Export for drawing elsewhere: `);
  for (const [label, format, type, ext] of EXPORTS) {
    const a = el("a", label);
    a.download = `network.${ext}`;
    a.href = "#";
    a.addEventListener("click", () => {
      a.href = URL.createObjectURL(new Blob([format(net)], { type }));
    });
    links.append(a, " ");
  }
}

function renderBriefing(hub, who) {
  const since = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
  $("briefing").textContent = briefingToMarkdown(hub.briefing(who, since, null));
}

// The meeting's minutes and agenda as police and as housing, side by side whoever the selector
// names: the point is the difference between the two copies.
function renderMeeting(state) {
  const { hub, meeting, people } = state;
  for (const [who, key] of [[people.pc, "police"], [people.housingOfficer, "housing"]]) {
    const v = viewer(who);
    const agenda = hub.meetingAgenda(v, meeting.meeting);
    const added = agenda.added.map((i) => (i.case.access === "full" ? i.case.title : `a case led by ${i.case.lead_agency.name}`));
    $(`agenda-${key}`).textContent = `Agenda: ${added.length ? added.join("; ") : "nothing"} added by hand, ` +
      `${agenda.priority.length} on the priority list, ${agenda.carried_over.length} actions carried over.`;
    $(`minutes-${key}`).textContent = minutesToMarkdown(hub.meetingMinutes(v, meeting.meeting));
  }
  $("meeting-before").textContent = `before the disclosure housing's timeline showed it as: ${meeting.housingBefore}`;
  $("meeting-before").dataset.access = meeting.housingBefore;
}

function render(state) {
  const who = viewer($("viewer").value);
  renderTop(state.hub, who, "callers", $("top-callers"));
  renderTop(state.hub, who, "locations", $("top-locations"));
  renderPriority(state.hub, who);
  renderOverdue(state.hub, who);
  renderCases(state.hub, who, state);
  renderNetwork(state, who);
  renderBriefing(state.hub, who);
  renderMeeting(state);
  const integrity = state.hub.verify();
  $("journal").textContent = `Journal: ${integrity.events_checked} events, chain ${integrity.first_bad === null ? "intact" : "BROKEN"}.`;
}

try {
  await init();
  $("version").textContent = version();
  status.textContent = "Building the borough: agencies, agreements, people, cases, incidents, risk assessments and tasks, then this morning's meeting…";
  const hub = Hub.inMemory();
  const borough = await buildBorough(hub);
  const meeting = holdMeeting(hub, borough);
  const select = $("viewer");
  for (const [id, label] of [
    [borough.people.pc, "PC Patel (Police)"],
    [borough.people.housingOfficer, "Sam Okafor (Housing)"],
    [borough.people.asbOfficer, "ASB officer Lee (Borough Council)"],
    [borough.people.nurse, "CPN Morgan (Mental Health)"],
  ]) {
    const option = el("option", label);
    option.value = id;
    select.append(option);
  }
  const home = { kind: "person", id: borough.persons.hughes };
  const state = { hub, caseId: borough.cases.elm, admin: borough.people.admin, home, networkStart: home, meeting, people: borough.people };
  select.addEventListener("change", () => render(state));
  $("roundtrip").addEventListener("click", () => {
    // What a web app does to persist the hub: bytes out (to IndexedDB, a server), bytes in.
    const bytes = state.hub.exportJournal(state.admin);
    const copy = Hub.import(bytes);
    const same = copy.stateDigest() === state.hub.stateDigest();
    state.hub.free();
    state.hub = copy;
    render(state);
    status.textContent = `Journal exported (${bytes.length.toLocaleString()} bytes) and imported into a new hub: ${same ? "same state" : "STATE DIFFERS"}.`;
  });
  select.disabled = false;
  $("roundtrip").disabled = false;
  render(state);
  status.textContent = "Ready. Choose whose eyes to see the meeting through.";
  status.className = "ready";
} catch (err) {
  status.textContent = `Failed: ${err?.code ? `${err.code}: ` : ""}${err?.message ?? err}`;
  status.className = "failed";
  throw err;
}
