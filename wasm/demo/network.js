// Draws a network (as Hub.network returns it) as plain SVG: the start in the middle, each hop on
// a ring around it. Nothing is decided here: the nodes, their access and the edges are the core's;
// this file only places and draws them.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;
const HEIGHT = 460;

/** An SVG element with attributes and, optionally, text (never markup: labels are data). */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const key = (subject) => `${subject.kind}:${subject.id}`;
const words = (snake) => snake.replaceAll("_", " ");

/** How an edge's relation reads on the chart, e.g. "case: victim – perpetrator". */
export function relationText(r) {
  switch (r.relation) {
    case "case": return `case: ${words(r.a)} – ${words(r.b)}`;
    case "incident": return `incident: ${words(r.a)} – ${words(r.b)}`;
    default: return `${words(r.role)} at this place`;
  }
}

/**
 * Where each node goes: hop h on a ring of radius h * step, and within a ring in the order of the
 * angles of the nodes it hangs from, so that an edge between rings stays short.
 */
function layout(net) {
  const neighbours = new Map(net.nodes.map((n) => [key(n.subject), []]));
  for (const e of net.edges) {
    neighbours.get(key(e.a))?.push(key(e.b));
    neighbours.get(key(e.b))?.push(key(e.a));
  }
  const rings = Math.max(1, ...net.nodes.map((n) => n.hops));
  const step = (Math.min(WIDTH, HEIGHT) / 2 - 50) / rings;
  const angle = new Map();
  const at = new Map();
  for (let h = 0; h <= rings; h++) {
    const ring = net.nodes.filter((n) => n.hops === h);
    const parentAngle = (n) => {
      const placed = neighbours.get(key(n.subject)).filter((k) => angle.has(k)).map((k) => angle.get(k));
      return placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : 0;
    };
    ring.sort((x, y) => parentAngle(x) - parentAngle(y));
    ring.forEach((n, i) => {
      const a = h === 0 ? 0 : parentAngle(ring[0]) + (2 * Math.PI * i) / ring.length;
      angle.set(key(n.subject), a);
      // Rings are ellipses: the panel is wider than it is tall.
      at.set(key(n.subject), {
        x: WIDTH / 2 + h * step * 1.9 * Math.cos(a),
        y: HEIGHT / 2 + h * step * Math.sin(a),
      });
    });
  }
  return at;
}

/**
 * Draws `net` into `box`. `whomToAsk(node)` gives a stub's line saying whom to ask; `onPick(subject)`
 * is called when a node the viewer reads in full is clicked.
 */
export function drawNetwork(box, net, { whomToAsk, onPick }) {
  const at = layout(net);
  const chart = svg("svg", {
    id: "network-graph", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-label": `Network of ${net.nodes[0]?.label}: ${net.nodes.length} nodes, ${net.edges.length} links`,
  });
  for (const e of net.edges) {
    const [a, b] = [at.get(key(e.a)), at.get(key(e.b))];
    const line = svg("line", { class: `edge edge-${e.relation.relation}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
    line.dataset.relation = e.relation.relation;
    line.append(svg("title", {}, `${relationText(e.relation)} (${e.cases.length} cases, ${e.incidents.length} incidents)`));
    chart.append(line);
  }
  for (const n of net.nodes) {
    const { x, y } = at.get(key(n.subject));
    const g = svg("g", { class: `node node-${n.subject.kind} ${n.access}`, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` });
    g.dataset.access = n.access;
    g.dataset.kind = n.subject.kind;
    g.dataset.hops = String(n.hops);
    const r = n.hops === 0 ? 16 : 12;
    g.append(n.subject.kind === "location"
      ? svg("rect", { x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 3 })
      : svg("circle", { r }));
    g.append(svg("text", { y: r + 14, class: "label" }, n.label));
    const detail = n.access === "stub" ? whomToAsk(n)
      : n.incidents > 0 ? `${n.incidents} incident${n.incidents === 1 ? "" : "s"}` : "";
    if (detail) g.append(svg("text", { y: r + 27, class: "detail" }, detail));
    if (n.access === "full" && n.hops > 0) g.addEventListener("click", () => onPick(n.subject));
    chart.append(g);
  }
  box.replaceChildren(chart);
}
