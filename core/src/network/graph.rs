//! The graph a viewer may see around a subject, and the walk that builds it.

use crate::audit::ContentKind;
use crate::cases::{Subject, SubjectRole};
use crate::ids::{CaseId, IncidentId};
use crate::incidents::{readable, Incident, IncidentRole};
use crate::locations::Coordinates;
use crate::sharing::Access;
use crate::views::{GroupView, LocationView, PersonView, ViewBuilder};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The furthest a walk goes: beyond four hops a link chart shows most of a town.
pub const MAX_HOPS: u8 = 4;

/// The most nodes a network holds; the walk stops adding nodes there and says so.
pub const MAX_NODES: usize = 500;

/// How two subjects are linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "relation", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Relation {
    /// Subjects of the same case, in these roles (`a`'s, then `b`'s).
    Case {
        /// The role of the edge's `a`.
        a: SubjectRole,
        /// The role of the edge's `b`.
        b: SubjectRole,
    },
    /// People involved in the same incident, in these roles.
    Incident {
        /// The role of the edge's `a`.
        a: IncidentRole,
        /// The role of the edge's `b`.
        b: IncidentRole,
    },
    /// A person involved, in this role, in an incident at a location.
    AtLocation {
        /// The person's role.
        role: IncidentRole,
    },
}

/// A subject as the viewer sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "uniffi",
    derive(uniffi::Record),
    uniffi(name = "NetworkNode")
)]
pub struct Node {
    /// Who or what.
    pub subject: Subject,
    /// The name or label the viewer may see (a stub shows this much too).
    pub label: String,
    /// Whether the viewer reads the profile in full or only its stub.
    pub access: Access,
    /// Hops from the start.
    pub hops: u8,
    /// Where it is, for a location the viewer reads in full.
    pub coordinates: Option<Coordinates>,
    /// Incidents involving it (or at it) that the viewer may read.
    pub incidents: u32,
}

/// A link between two subjects, with the cases and incidents that justify it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "uniffi",
    derive(uniffi::Record),
    uniffi(name = "NetworkEdge")
)]
pub struct Edge {
    /// One end (the lesser subject).
    pub a: Subject,
    /// The other end.
    pub b: Subject,
    /// How they are linked.
    pub relation: Relation,
    /// The cases that link them.
    pub cases: Vec<CaseId>,
    /// The incidents that link them.
    pub incidents: Vec<IncidentId>,
}

/// The network within some hops of a subject, as a viewer may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "uniffi",
    derive(uniffi::Record),
    uniffi(name = "NetworkView")
)]
pub struct Network {
    /// Where the walk started.
    pub start: Subject,
    /// How far it went.
    pub hops: u8,
    /// The subjects, nearest first.
    pub nodes: Vec<Node>,
    /// The links between them.
    pub edges: Vec<Edge>,
    /// Whether the walk stopped at [`MAX_NODES`] before reaching every subject in range.
    pub truncated: bool,
}

/// A neighbour found from one subject: who, how, and why.
struct Link {
    other: Subject,
    relation: Relation,
    case: Option<CaseId>,
    incident: Option<IncidentId>,
}

/// An edge key with its ends in order, the relation's roles swapped to match.
fn ordered(from: Subject, to: Subject, relation: Relation) -> (Subject, Subject, Relation) {
    if from <= to {
        return (from, to, relation);
    }
    let swapped = match relation {
        Relation::Case { a, b } => Relation::Case { a: b, b: a },
        Relation::Incident { a, b } => Relation::Incident { a: b, b: a },
        r @ Relation::AtLocation { .. } => r,
    };
    (to, from, swapped)
}

/// The links from a person or location through the incidents the viewer may read.
fn incident_links(b: &mut ViewBuilder<'_, '_>, from: Subject, out: &mut Vec<Link>) {
    let book = &b.engine.state.incidents;
    let incidents: Vec<&Incident> = match from {
        Subject::Person(p) => book.of_person(p).collect(),
        Subject::Location(l) => book.at_location(l).collect(),
        Subject::Group(_) => Vec::new(),
    };
    for incident in incidents {
        if !readable(b.engine, incident) {
            continue;
        }
        let d = b.engine.content(&incident.content());
        b.disclosures
            .note(&d, ContentKind::Incident, incident.id.0, incident.source);
        let id = Some(incident.id);
        match from {
            Subject::Person(me) => {
                for mine in incident.people.iter().filter(|i| i.person == me) {
                    for other in incident.people.iter().filter(|i| i.person != me) {
                        out.push(Link {
                            other: Subject::Person(other.person),
                            relation: Relation::Incident {
                                a: mine.role,
                                b: other.role,
                            },
                            case: None,
                            incident: id,
                        });
                    }
                    if let Some(l) = incident.location {
                        out.push(Link {
                            other: Subject::Location(l),
                            relation: Relation::AtLocation { role: mine.role },
                            case: None,
                            incident: id,
                        });
                    }
                }
            }
            _ => {
                for who in &incident.people {
                    out.push(Link {
                        other: Subject::Person(who.person),
                        relation: Relation::AtLocation { role: who.role },
                        case: None,
                        incident: id,
                    });
                }
            }
        }
    }
}

/// The links from a subject through the cases the viewer may read in full.
fn case_links(b: &mut ViewBuilder<'_, '_>, from: Subject, out: &mut Vec<Link>) {
    let engine = b.engine;
    for case in engine.state.cases_of(from) {
        let d = engine.case(case);
        if d.access != Access::Full {
            continue;
        }
        let mine: Vec<SubjectRole> = case
            .subjects
            .iter()
            .filter(|s| s.subject == from)
            .map(|s| s.role)
            .collect();
        if mine.is_empty() {
            continue;
        }
        b.disclosures
            .note(&d, ContentKind::Case, case.id.0, case.lead_agency);
        for role in mine {
            for other in case.subjects.iter().filter(|s| s.subject != from) {
                out.push(Link {
                    other: other.subject,
                    relation: Relation::Case {
                        a: role,
                        b: other.role,
                    },
                    case: Some(case.id),
                    incident: None,
                });
            }
        }
    }
}

/// A subject as a node, or `None` where the viewer may not know of it.
fn node(b: &mut ViewBuilder<'_, '_>, subject: Subject, hops: u8) -> Option<Node> {
    let state = b.engine.state;
    let (label, access, coordinates) = match subject {
        Subject::Person(id) => match b.person(state.persons.get(&id)?)? {
            PersonView::Full(d) => (d.name, Access::Full, None),
            PersonView::Stub(s) => (s.name, Access::Stub, None),
        },
        Subject::Location(id) => match b.location(state.locations.get(&id)?)? {
            LocationView::Full(d) => (d.label, Access::Full, d.coordinates),
            LocationView::Stub(s) => (s.name, Access::Stub, None),
        },
        Subject::Group(id) => match b.group(state.groups.get(&id)?)? {
            GroupView::Full(d) => (d.name, Access::Full, None),
            GroupView::Stub(s) => (s.name, Access::Stub, None),
        },
    };
    let incidents = incident_count(b, subject);
    Some(Node {
        subject,
        label,
        access,
        hops,
        coordinates,
        incidents,
    })
}

fn incident_count(b: &ViewBuilder<'_, '_>, subject: Subject) -> u32 {
    let book = &b.engine.state.incidents;
    // A merged person's incidents are those of every profile of theirs, each once.
    let mut counted = BTreeSet::new();
    for part in parts(b, subject) {
        let incidents: Vec<_> = match part {
            Subject::Person(p) => book.of_person(p).collect(),
            Subject::Location(l) => book.at_location(l).collect(),
            Subject::Group(_) => Vec::new(),
        };
        counted.extend(
            incidents
                .into_iter()
                .filter(|i| readable(b.engine, i))
                .map(|i| i.id),
        );
    }
    u32::try_from(counted.len()).unwrap_or(u32::MAX)
}

type Justification = (BTreeSet<CaseId>, BTreeSet<IncidentId>);

/// The node a subject is shown as: a merged person as the profile the others were merged into
/// (merged profiles are never restricted, so every member may know of the survivor).
fn shown_as(b: &ViewBuilder<'_, '_>, subject: Subject) -> Subject {
    match subject {
        Subject::Person(p) => Subject::Person(b.engine.state.merges.survivor(p)),
        other => other,
    }
}

/// The profiles a node stands for: a merged person's every profile, else the subject itself.
fn parts(b: &ViewBuilder<'_, '_>, subject: Subject) -> Vec<Subject> {
    match subject {
        Subject::Person(p) => b
            .engine
            .state
            .merges
            .profiles(p)
            .into_iter()
            .map(Subject::Person)
            .collect(),
        other => vec![other],
    }
}

/// Walks out from `start` breadth first, at most `hops` hops and [`MAX_NODES`] nodes.
pub(crate) fn walk(b: &mut ViewBuilder<'_, '_>, start: Subject, hops: u8) -> Result<Network> {
    if hops > MAX_HOPS {
        return Err(Error::invalid("hops", "0 to 4"));
    }
    // The start must be known to the viewer as asked, before it is shown as its survivor.
    node(b, start, 0).ok_or(Error::not_found("subject"))?;
    let start = shown_as(b, start);
    let first = node(b, start, 0).ok_or(Error::not_found("subject"))?;
    let mut nodes: BTreeMap<Subject, Node> = BTreeMap::from([(start, first)]);
    let mut hidden: BTreeSet<Subject> = BTreeSet::new();
    let mut edges: BTreeMap<(Subject, Subject, Relation), Justification> = BTreeMap::new();
    let mut queue = VecDeque::from([(start, 0u8)]);
    let mut truncated = false;
    while let Some((from, depth)) = queue.pop_front() {
        let mut links = Vec::new();
        for part in parts(b, from) {
            case_links(b, part, &mut links);
            incident_links(b, part, &mut links);
        }
        for mut link in links {
            link.other = shown_as(b, link.other);
            if link.other == from || hidden.contains(&link.other) {
                continue;
            }
            if !nodes.contains_key(&link.other) {
                // Nodes at the last hop are still expanded, for the edges among them, but
                // add no one new.
                if depth >= hops {
                    continue;
                }
                if nodes.len() >= MAX_NODES {
                    truncated = true;
                    continue;
                }
                match node(b, link.other, depth + 1) {
                    Some(n) => {
                        nodes.insert(link.other, n);
                        queue.push_back((link.other, depth + 1));
                    }
                    None => {
                        hidden.insert(link.other);
                        continue;
                    }
                }
            }
            let entry = edges
                .entry(ordered(from, link.other, link.relation))
                .or_default();
            entry.0.extend(link.case);
            entry.1.extend(link.incident);
        }
    }
    let mut nodes: Vec<Node> = nodes.into_values().collect();
    nodes.sort_by_key(|n| (n.hops, n.subject));
    Ok(Network {
        start,
        hops,
        nodes,
        edges: edges
            .into_iter()
            .map(|((a, b, relation), (cases, incidents))| Edge {
                a,
                b,
                relation,
                cases: cases.into_iter().collect(),
                incidents: incidents.into_iter().collect(),
            })
            .collect(),
        truncated,
    })
}
