// Browser tests of the web build of safehub-wasm: serves wasm/ on 127.0.0.1 (random free port),
// opens the demo page in Debian's headless Chromium through playwright-core (which never downloads
// a browser here), checks what the page shows, and saves a screenshot to target/demo-screenshot.png.
//
// Run: node wasm/tests/browser.mjs   (after `scripts/test-all.sh wasm` has built wasm/pkg)
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

const TESTS = [
  {
    name: "demo page loads the WASM module and shows the core version",
    async run(page, baseUrl) {
      await page.goto(`${baseUrl}/demo/index.html`);
      await page.waitForSelector("#status.ready, #status.failed", { timeout: TIMEOUT_MS });
      const status = await page.textContent("#status");
      if (!(await page.$("#status.ready"))) throw new Error(`page status: ${status}`);
      const shown = (await page.textContent("#version")).trim();
      if (shown !== EXPECTED_VERSION) {
        throw new Error(`#version shows ${JSON.stringify(shown)}, expected ${EXPECTED_VERSION}`);
      }
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
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
