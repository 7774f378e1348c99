// Compiled (not run) by tests/types.test.mjs with `tsc --strict`: the package's generated
// declarations must type a host's ordinary use, and must reject the wrong shapes below.
import init, { Hub, briefingToMarkdown, networkToDot } from "../../pkg/safehub_wasm.js";
import type { Briefing, CaseView, EntryView, Network, NewEntry, PriorityRow, SafehubError, TaskView, Viewer } from "../../pkg/safehub_wasm.js";

export async function meeting(): Promise<string[]> {
  await init();
  const hub = Hub.inMemory();
  const est = hub.establish("Hub", { name: "Police", kind: "police" }, "Admin");
  const pc: string = hub.registerPractitioner(est.admin, { agency: est.agency, name: "PC", role: "case_worker", external_id: null });
  const c = hub.openCase(pc, { case_type: "asb", title: "Elm Road", lead_practitioner: null, team: [] });
  const note: NewEntry = { kind: "note", category: "asb", text: "Visited.", visibility: "case_team", sensitive: false, show_author: true };
  hub.addEntry(pc, c, note);
  const viewer: Viewer = { practitioner: pc, justification: "hub meeting", as_of: null };
  const view: CaseView = hub.case(viewer, c);
  const lines: string[] = [];
  if (view.access === "full") {
    for (const e of view.entries as EntryView[]) {
      lines.push(e.access === "full" ? e.text : `${e.agency.name} worked on this case`);
    }
  }
  const rows: PriorityRow[] = hub.priorityList(viewer, 10);
  const tasks: TaskView[] = hub.overdueTasks(viewer);
  const bytes: Uint8Array = hub.exportJournal(est.admin);
  Hub.import(bytes).free();
  try {
    hub.case(viewer, "not-an-id");
  } catch (err) {
    const e = err as SafehubError;
    lines.push(e.code);
  }
  lines.push(String(rows.length + tasks.length));
  // @ts-expect-error: an unknown agency kind is not a NewAgency
  hub.addAgency(est.admin, { name: "Bakery", kind: "bakery" });
  // @ts-expect-error: a viewer needs a justification
  hub.cases({ practitioner: pc, as_of: null });
  return lines;
}

/** The meeting's network and briefing, typed from the same declarations. */
export function networkAndBriefing(hub: Hub, viewer: Viewer, person: string): string {
  const net: Network = hub.network(viewer, { kind: "person", id: person }, 2);
  const stubs: string[] = net.nodes.filter((n) => n.access === "stub").map((n) => n.label);
  const links = net.edges.map((e) => (e.relation.relation === "at_location" ? e.relation.role : `${e.relation.a}-${e.relation.b}`));
  const brief: Briefing = hub.briefing(viewer, new Date().toISOString(), null);
  // @ts-expect-error: hops is a number
  hub.network(viewer, { kind: "person", id: person }, "two");
  return [networkToDot(net), briefingToMarkdown(brief), ...stubs, ...links, String(brief.new_incidents.count)].join("\n");
}
