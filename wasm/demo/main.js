// Loads the web build of safehub-wasm (wasm/pkg, made by scripts/demo.sh or scripts/test-all.sh)
// and shows what it says. The page is served with wasm/ as its root, so the package is at ../pkg/.
import init, { version } from "../pkg/safehub_wasm.js";

const status = document.getElementById("status");
try {
  await init();
  document.getElementById("version").textContent = version();
  status.textContent = "WASM module loaded.";
  status.className = "ready";
} catch (err) {
  status.textContent = `Failed to load the WASM module: ${err}`;
  status.className = "failed";
  throw err;
}
