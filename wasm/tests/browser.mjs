// Browser tests of the web build of safehub-wasm: serves wasm/ on 127.0.0.1 (random free port),
// opens the demo page in Debian's headless Chromium through playwright-core (which never downloads
// a browser here), checks what the page shows, and saves screenshots to target/demo-screenshot.png (as police)
// and target/demo-screenshot-housing.png (as housing), with the network panel alone in
// target/demo-screenshot-network-police.png and -network-housing.png, and the meeting's minutes
// side by side in target/demo-screenshot-meeting.png.
//
// Run: node wasm/tests/browser.mjs   (after `bash wasm/build.sh` has built wasm/pkg)
// Env: CHROMIUM (default /usr/bin/chromium), SCREENSHOT (default <repo>/target/demo-screenshot.png).
//
// To add a test, push another { name, run(page, baseUrl) } onto TESTS; each gets a fresh page.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../tools/serve.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WASM_DIR = path.resolve(HERE, "..");
const REPO = path.resolve(WASM_DIR, "..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOT = process.env.SCREENSHOT || path.join(REPO, "target", "demo-screenshot.png");
const TIMEOUT_MS = 15_000;

const EXPECTED_VERSION = JSON.parse(
  fs.readFileSync(path.join(WASM_DIR, "pkg", "package.json"), "utf8"),
).version;

/** Waits for the demo to finish building its borough; fails with the page's own status if it could not. */
async function openDemo(page, baseUrl) {
  await page.goto(`${baseUrl}/demo/index.html`);
  await page.waitForSelector("#status.ready, #status.failed", { timeout: TIMEOUT_MS });
  if (!(await page.$("#status.ready"))) throw new Error(`page status: ${await page.textContent("#status")}`);
}

const texts = (page, selector) => page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent.trim()));

function expect(what, actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** The drawn network: each node's label and access, and how many edges. */
async function drawnNetwork(page) {
  const nodes = await page.$$eval("#network-graph g.node", (gs) =>
    gs.map((g) => [g.querySelector(".label").textContent, g.dataset.access]).sort());
  const edges = (await page.$$("#network-graph line.edge")).length;
  return { nodes, edges };
}

async function viewAs(page, label) {
  const value = await page.$eval("#viewer", (s, l) => [...s.options].find((o) => o.textContent === l)?.value, label);
  if (!value) throw new Error(`no viewer ${label}`);
  await page.selectOption("#viewer", value);
}

const TESTS = [
  {
    name: "the meeting as police: the Top 50 with the domestic abuse calls, both victims on the priority list, overdue tasks by agency, the intelligence in full",
    async run(page, baseUrl) {
      await openDemo(page, baseUrl);
      expect("#version", (await page.textContent("#version")).trim(), EXPECTED_VERSION);
      const callers = await page.$$eval("#top-callers .bar-row", (rows) => rows.map((r) => [r.dataset.name, Number(r.dataset.count)]));
      expect("Top 50 callers (first three)", callers.slice(0, 3), [["Margaret Hughes", 14], ["Kerry Doyle", 9], ["Ravi Chauhan", 7]]);
      expect("Top 50 callers (rows)", callers.length, 8);
      expect("Top 50 locations (rows)", (await page.$$("#top-locations .bar-row")).length, 5);
      const people = await texts(page, "#priority tbody tr td:nth-child(2)");
      expect("priority list people", [...people].sort(), ["Kerry Doyle", "Margaret Hughes"]);
      const agencies = await page.$$eval("#overdue .bar-row", (rows) => rows.map((r) => r.dataset.agency));
      expect("overdue tasks by agency", [...agencies].sort(), ["Borough Council ASB team", "Housing", "Mental Health", "Police"]);
      const timeline = await texts(page, "#timeline li");
      if (!timeline.some((t) => t.includes("county lines"))) throw new Error("police do not see their own intelligence");
      expect("network title", await page.textContent("#network-title"), "Network of Margaret Hughes");
      const net = await drawnNetwork(page);
      expect("network nodes as police", net.nodes, [
        ["Dean Walsh", "full"], ["Elm Road flats", "full"], ["Kerry Doyle", "full"], ["Lee Doyle", "full"], ["Margaret Hughes", "full"],
      ]);
      if (net.edges < 5) throw new Error(`only ${net.edges} edges drawn`);
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.locator("#network-section").screenshot({ path: SCREENSHOT.replace(/\.png$/, "-network-police.png") });
      const briefing = await page.textContent("#briefing");
      if (!briefing.startsWith("# ")) throw new Error(`no briefing: ${briefing.slice(0, 80)}`);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    },
  },
  {
    name: "the meeting as housing: a Top 50 without domestic abuse calls, only Mrs Hughes listed, police intelligence a stub",
    async run(page, baseUrl) {
      await openDemo(page, baseUrl);
      await viewAs(page, "Sam Okafor (Housing)");
      await page.waitForFunction(() => document.querySelectorAll("#priority tbody tr").length === 1, null, { timeout: TIMEOUT_MS });
      expect("priority list people", await texts(page, "#priority tbody tr td:nth-child(2)"), ["Margaret Hughes"]);
      const callers = await page.$$eval("#top-callers .bar-row", (rows) => rows.map((r) => r.dataset.name));
      expect("Top 50 callers as housing (domestic abuse calls not shared)", callers.length, 7);
      expect("Top 50 locations as housing", (await page.$$("#top-locations .bar-row")).length, 4);
      const stubs = await texts(page, "#timeline li.stub");
      if (!stubs.some((t) => t.startsWith("Police worked on this case (note): ask PC Patel"))) {
        throw new Error(`no police stub on the timeline: ${JSON.stringify(stubs)}`);
      }
      const shown = await page.textContent("main");
      for (const secret of ["county lines", "Kerry Doyle", "injuries"]) {
        if (shown.includes(secret)) throw new Error(`housing sees ${JSON.stringify(secret)}`);
      }
      // The network: Lee Doyle, reached through an ASB incident housing may read, is a stub
      // saying whom to ask; Kerry Doyle, reached only through the police and mental health
      // case, is not drawn at all: no node, no placeholder, no name anywhere in the page.
      const net = await drawnNetwork(page);
      expect("network nodes as housing", net.nodes, [
        ["Dean Walsh", "full"], ["Elm Road flats", "full"], ["Lee Doyle", "stub"], ["Margaret Hughes", "full"],
      ]);
      if (net.edges < 3) throw new Error(`only ${net.edges} edges drawn`);
      const stub = await page.textContent('#network-graph g.node[data-access="stub"] .detail');
      expect("the stub says whom to ask", stub, "stub: ask Mental Health or Police");
      const dom = await page.content();
      for (const hidden of ["Kerry Doyle", "Kerry"]) {
        if (dom.includes(hidden)) throw new Error(`the page's DOM holds ${JSON.stringify(hidden)} for housing`);
      }
      await page.locator("#network-section").screenshot({ path: SCREENSHOT.replace(/\.png$/, "-network-housing.png") });
      // The welfare case's task is for mental health, on a case housing does not work.
      const overdue = await page.$$eval("#overdue .bar-row", (rows) => rows.map((r) => r.dataset.agency));
      expect("overdue tasks by agency", [...overdue].sort(), ["Borough Council ASB team", "Housing", "Police"]);
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-housing.png"), fullPage: true });
    },
  },
  {
    name: "clicking a node centres the network on it; the other agency's view follows the selector",
    async run(page, baseUrl) {
      await openDemo(page, baseUrl);
      await page.click('#network-graph g.node[data-kind="person"][data-hops="1"] >> nth=0');
      const title = await page.textContent("#network-title");
      if (title === "Network of Margaret Hughes") throw new Error("the network did not move");
      await viewAs(page, "Sam Okafor (Housing)");
      await page.waitForFunction(() => !document.querySelector("#network-graph").textContent.includes("Kerry"), null, { timeout: TIMEOUT_MS });
    },
  },
  {
    name: "the meeting's minutes as police and as housing differ exactly where the agreements say",
    async run(page, baseUrl) {
      await openDemo(page, baseUrl);
      const police = await page.textContent("#minutes-police");
      const housing = await page.textContent("#minutes-housing");
      const disclosed = "Walsh was charged on Friday; his bail conditions keep him away from Elm Road.";
      const decision = "Police will seek a closure order on the Walsh address if the bail conditions are breached.";
      const actions = ["Remind the Walsh household of the bail conditions", "Patrol Elm Road after dark this week"];
      for (const [who, text] of [["police", police], ["housing", housing]]) {
        if (!text.startsWith("# Daily hub meeting")) throw new Error(`no minutes as ${who}: ${text.slice(0, 80)}`);
        for (const name of ["Sgt Evans", "PC Patel", "Sam Okafor"]) {
          if (!text.includes(`- ${name}`)) throw new Error(`${name} is not among the attendees in ${who}'s minutes`);
        }
        // The note police disclosed to the room is readable in both copies.
        if (!text.includes(disclosed)) throw new Error(`${who}'s minutes lack the disclosed note`);
        for (const a of actions) if (!text.includes(a)) throw new Error(`${who}'s minutes lack the action ${JSON.stringify(a)}`);
      }
      // Housing saw the note as a stub until police disclosed it.
      expect("housing's view of the note before the disclosure", await page.getAttribute("#meeting-before", "data-access"), "stub");
      // The decision was recorded for police only: housing, on the case's team, sees that police
      // decided something and whom to ask, never what.
      if (!police.includes(decision)) throw new Error("police's minutes lack their own decision");
      if (housing.includes(decision) || housing.includes("closure order")) throw new Error("housing's minutes hold the police-only decision");
      if (!housing.includes("(Police): not shared with you; ask them")) throw new Error(`housing's minutes lack the decision's stub:\n${housing}`);
      // Apart from the decision, the two copies are the same minutes.
      const withoutDecision = (text) => text.split("\n").filter((l) => !l.includes(decision) && !l.includes("not shared with you")).join("\n");
      expect("the minutes apart from the decision", withoutDecision(housing), withoutDecision(police));
      expect("the agenda as housing", await page.textContent("#agenda-housing"),
        "Agenda: Youths harassing elderly resident, Elm Road added by hand, 1 on the priority list, 0 actions carried over.");
      await page.locator("#meeting-section").screenshot({ path: SCREENSHOT.replace(/\.png$/, "-meeting.png") });
    },
  },
  {
    name: "the journal exports to bytes and imports into a new hub with the same state",
    async run(page, baseUrl) {
      await openDemo(page, baseUrl);
      const before = await texts(page, "#priority tbody tr");
      await page.click("#roundtrip");
      await page.waitForFunction(() => document.querySelector("#status").textContent.includes("imported"), null, { timeout: TIMEOUT_MS });
      const status = await page.textContent("#status");
      if (!status.includes("same state")) throw new Error(status);
      expect("priority list after the round trip", await texts(page, "#priority tbody tr"), before);
    },
  },
];

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`browser: ${CHROMIUM} not found (apt-get install chromium chromium-driver)`);
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "safehub-browser-"));
  const home = path.join(tmp, "home");
  fs.mkdirSync(home);
  const server = await serve(WASM_DIR);
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, ".config"),
      XDG_CACHE_HOME: path.join(home, ".cache"),
    },
    timeout: 60_000,
  });

  let passed = 0;
  let failed = 0;
  try {
    for (const t of TESTS) {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`console error: ${m.text()} (${m.location().url})`);
      });
      page.on("response", (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
      });
      const started = Date.now();
      try {
        await t.run(page, baseUrl);
        if (errors.length) throw new Error(errors.join("\n"));
        passed++;
        console.log(`ok - ${t.name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${t.name}\n  ${String(e?.stack || e).replaceAll("\n", "\n  ")}`);
        if (errors.length) console.log(`  ${errors.join("\n  ")}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (passed + failed > 0) console.log(`screenshot: ${path.relative(REPO, SCREENSHOT)}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  console.log("browser: 0 passed, 1 failed");
  process.exit(1);
});
