//! Exports for drawing: DOT and GraphML link charts, GeoJSON for a map. They carry only what
//! the [`Network`] holds (names and labels as the viewer may see them), every string escaped
//! for its format.

use super::graph::{Network, Node, Relation};
use crate::cases::{Subject, SubjectRole};
use crate::sharing::Access;
use std::fmt::Write;

/// A stable id for a subject in an export.
fn id(s: Subject) -> String {
    match s {
        Subject::Person(p) => format!("person:{}", p.0),
        Subject::Location(l) => format!("location:{}", l.0),
        Subject::Group(g) => format!("group:{}", g.0),
    }
}

fn kind(s: Subject) -> &'static str {
    match s {
        Subject::Person(_) => "person",
        Subject::Location(_) => "location",
        Subject::Group(_) => "group",
    }
}

fn subject_role(r: SubjectRole) -> &'static str {
    match r {
        SubjectRole::Victim => "victim",
        SubjectRole::Perpetrator => "perpetrator",
        SubjectRole::Witness => "witness",
        SubjectRole::Complainant => "complainant",
        SubjectRole::VulnerablePerson => "vulnerable person",
        SubjectRole::LocationOfConcern => "location of concern",
    }
}

/// A relation as a chart labels its edge, e.g. "case: victim–perpetrator".
fn relation(r: Relation) -> String {
    match r {
        Relation::Case { a, b } => format!("case: {}–{}", subject_role(a), subject_role(b)),
        Relation::Incident { a, b } => format!("incident: {}–{}", a.as_str(), b.as_str()),
        Relation::AtLocation { role } => format!("at location: {}", role.as_str()),
    }
}

fn access(a: Access) -> &'static str {
    match a {
        Access::Full => "full",
        Access::Stub => "stub",
        Access::Nothing => "nothing",
    }
}

fn joined<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A DOT double-quoted string's content.
fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// XML character data or attribute content; characters XML 1.0 forbids are dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn dot_shape(n: &Node) -> &'static str {
    match n.subject {
        Subject::Person(_) => "ellipse",
        Subject::Location(_) => "box",
        Subject::Group(_) => "hexagon",
    }
}

impl Network {
    /// The network in Graphviz DOT, an undirected graph: node labels are names and labels as
    /// the viewer may see them, stubs drawn dashed; edge labels name the relation.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("graph network {\n");
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\", shape={}{}];",
                dot(&id(n.subject)),
                dot(&n.label),
                dot_shape(n),
                if n.access == Access::Full {
                    ""
                } else {
                    ", style=dashed"
                },
            );
        }
        for e in &self.edges {
            let _ = writeln!(
                out,
                "  \"{}\" -- \"{}\" [label=\"{}\"];",
                dot(&id(e.a)),
                dot(&id(e.b)),
                dot(&relation(e.relation)),
            );
        }
        out.push_str("}\n");
        out
    }

    /// The network in GraphML, with node attributes `label`, `kind`, `access`, `hops` and
    /// `incidents`, and edge attributes `relation`, `cases` and `incidents` (space-separated
    /// ids).
    pub fn to_graphml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
             \x20 <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n\
             \x20 <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n\
             \x20 <key id=\"access\" for=\"node\" attr.name=\"access\" attr.type=\"string\"/>\n\
             \x20 <key id=\"hops\" for=\"node\" attr.name=\"hops\" attr.type=\"int\"/>\n\
             \x20 <key id=\"n_incidents\" for=\"node\" attr.name=\"incidents\" attr.type=\"int\"/>\n\
             \x20 <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n\
             \x20 <key id=\"cases\" for=\"edge\" attr.name=\"cases\" attr.type=\"string\"/>\n\
             \x20 <key id=\"incidents\" for=\"edge\" attr.name=\"incidents\" attr.type=\"string\"/>\n\
             \x20 <graph id=\"network\" edgedefault=\"undirected\">\n",
        );
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"kind\">{}</data>\
                 <data key=\"access\">{}</data><data key=\"hops\">{}</data>\
                 <data key=\"n_incidents\">{}</data></node>",
                xml(&id(n.subject)),
                xml(&n.label),
                kind(n.subject),
                access(n.access),
                n.hops,
                n.incidents,
            );
        }
        for e in &self.edges {
            let cases: Vec<_> = e.cases.iter().map(|c| c.0).collect();
            let incidents: Vec<_> = e.incidents.iter().map(|i| i.0).collect();
            let _ = writeln!(
                out,
                "    <edge source=\"{}\" target=\"{}\"><data key=\"relation\">{}</data>\
                 <data key=\"cases\">{}</data><data key=\"incidents\">{}</data></edge>",
                xml(&id(e.a)),
                xml(&id(e.b)),
                xml(&relation(e.relation)),
                joined(&cases),
                joined(&incidents),
            );
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// The network's locations that have coordinates (those the viewer reads in full) as a
    /// GeoJSON FeatureCollection of points, each with its label and the incidents there the
    /// viewer may read.
    pub fn to_geojson(&self) -> String {
        let features: Vec<serde_json::Value> = self
            .nodes
            .iter()
            .filter_map(|n| {
                let c = n.coordinates?;
                Some(serde_json::json!({
                    "type": "Feature",
                    "geometry": { "type": "Point", "coordinates": [c.lon, c.lat] },
                    "properties": {
                        "id": id(n.subject),
                        "label": n.label,
                        "incidents": n.incidents,
                        "hops": n.hops,
                    },
                }))
            })
            .collect();
        serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{dot, xml};

    #[test]
    fn dot_and_xml_escaping_keep_text_inside_its_string() {
        assert_eq!(dot("a\"b\\c\nd"), "a\\\"b\\\\c d");
        assert_eq!(
            xml("<a href='x'>&\"</a>\u{1}"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
