// Compiled (not run) by tests/types.test.mjs with `tsc --strict`: the package's generated
// declarations must type a host's ordinary use, and must reject the wrong shapes below.
import init, { Hub, briefingToMarkdown, networkToDot, subjectAccessToMarkdown } from "../../pkg/safehub_wasm.js";
import type {
  Briefing, CaseView, EntryView, Erasure, Network, NewEntry, PriorityRow, SafehubError, SubjectAccessExport, TaskView, Viewer,
} from "../../pkg/safehub_wasm.js";

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

/** A subject access request answered, and an erasure request carried out, typed from the same
 * declarations: which parts to refer, the released entries' text, what the tombstone names. */
export function answerRequests(hub: Hub, dpo: Viewer, admin: string, person: string, closedCase: string): string[] {
  const sar: SubjectAccessExport = hub.subjectAccess(dpo, person);
  const referTo = sar.agencies.flatMap((part) =>
    part.disclosure.disclosure === "refer_to_owning_agency" ? [part.disclosure.agency.name] : [],
  );
  const texts = sar.agencies.flatMap((part) =>
    part.items.flatMap((item) => (item.view.kind === "entry" && item.view.view.access === "full" ? [item.view.view.text] : [])),
  );
  const tombstone: Erasure = hub.dispose(admin, { kind: "case", id: closedCase }, "ERASE-2026-003");
  const seqs: number[] = tombstone.seqs;
  // @ts-expect-error: an erasure target says what kind of record it names
  hub.dispose(admin, { id: closedCase }, "ERASE-2026-003");
  // @ts-expect-error: a retention choice is "retain" (with a reason) or "dispose"
  hub.decideRetention(admin, closedCase, { choice: "shred" });
  return [subjectAccessToMarkdown(sar), ...referTo, ...texts, ...tombstone.records.map((r) => r.kind), String(seqs.length)];
}
