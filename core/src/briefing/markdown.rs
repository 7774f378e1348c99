//! Renders a briefing as Markdown. Every piece of text from the record is escaped, so a name or
//! summary cannot break the layout or smuggle in links or HTML.

use super::{Briefing, Mover};
use crate::incidents::{CaseReviewBasis, IncidentView, InvolvedView, Movement, TopKind};
use crate::referrals::ReferralView;
use crate::risk::{RiskChange, RiskChangeKind};
use crate::tasks::TaskView;
use crate::views::{LocationView, PersonView};
use chrono::{DateTime, Utc};
use std::fmt::Write;

/// Text made safe for one line of Markdown.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '<' | '>' | '!' | '~'
            | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A time as the renderings show it (UTC).
pub(crate) fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn person(p: Option<&PersonView>) -> String {
    match p {
        Some(PersonView::Full(d)) => esc(&d.name),
        Some(PersonView::Stub(s)) => format!("{} (stub)", esc(&s.name)),
        None => "restricted".to_owned(),
    }
}

fn location(l: Option<&LocationView>) -> String {
    match l {
        Some(LocationView::Full(d)) => esc(&d.label),
        Some(LocationView::Stub(s)) => esc(&s.name),
        None => "no location shown".to_owned(),
    }
}

fn incident(i: &IncidentView) -> String {
    let people: Vec<String> = i
        .people
        .iter()
        .map(|p| match p {
            InvolvedView::Person { role, person: view } => {
                format!("{} {}", role.as_str(), person(Some(view)))
            }
            InvolvedView::Restricted { role } => format!("{} restricted", role.as_str()),
        })
        .collect();
    format!(
        "- {} · {} · {} ({}) at {}: {}{}",
        time(i.reported_at),
        i.category.as_str(),
        esc(&i.external_ref),
        esc(&i.source.name),
        location(i.location.as_ref()),
        esc(&i.summary),
        if people.is_empty() {
            String::new()
        } else {
            format!(" — {}", people.join("; "))
        },
    )
}

fn risk(r: &RiskChange) -> String {
    let what = match r.kind {
        RiskChangeKind::New => "new assessment".to_owned(),
        RiskChangeKind::Raised { from } => format!("raised from {}", from.as_str()),
    };
    format!(
        "- {} · {} · {} ({} v{}), {}",
        time(r.at),
        person(r.person.as_ref()),
        r.level.as_str(),
        esc(&r.template.id),
        r.template.version,
        what
    )
}

/// One line for a task, in full or as its stub.
pub(crate) fn task(t: &TaskView) -> String {
    match t {
        TaskView::Full(d) => format!(
            "- due {} · {} · for {}{} · {}",
            time(d.due),
            esc(&d.title),
            esc(&d.assigned_agency.name),
            d.assigned_to
                .as_ref()
                .map(|p| format!(" ({})", esc(&p.name)))
                .unwrap_or_default(),
            d.state.as_str(),
        ),
        TaskView::Stub(s) => format!(
            "- due {} · a task from {} for {} (details withheld) · {}",
            time(s.due),
            esc(&s.set_by_agency.name),
            esc(&s.assigned_agency.name),
            s.state.as_str(),
        ),
    }
}

fn referral(r: &ReferralView) -> String {
    match r {
        ReferralView::Full(d) => format!(
            "- {} · from {} ({}) · {}: {}",
            time(d.made_at),
            esc(&d.from_agency.name),
            esc(&d.referrer.name),
            person(d.person.as_ref()),
            esc(&d.reason),
        ),
        ReferralView::Stub(s) => format!(
            "- {} · from {} (details withheld)",
            time(s.made_at),
            esc(&s.from_agency.name),
        ),
    }
}

fn kind(k: TopKind) -> &'static str {
    match k {
        TopKind::Callers => "callers",
        TopKind::Locations => "locations",
        TopKind::Victims => "victims",
        TopKind::Offenders => "offenders",
    }
}

fn mover(m: &Mover) -> String {
    let movement = match m.row.movement {
        Movement::New => "new entry".to_owned(),
        Movement::Up { places } => format!("up {places}"),
        Movement::Down { places } => format!("down {places}"),
        Movement::Same => "same".to_owned(),
    };
    format!(
        "- {} #{} {} · {} incidents · {}",
        kind(m.kind),
        m.row.rank,
        esc(&m.row.subject.name),
        m.row.count,
        movement
    )
}

/// A second-level section of lines, or "None.".
pub(crate) fn section(out: &mut String, title: &str, lines: Vec<String>) {
    let _ = writeln!(out, "\n## {title}\n");
    if lines.is_empty() {
        out.push_str("None.\n");
    }
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The whole briefing.
pub(super) fn render(b: &Briefing) -> String {
    let mut out = format!(
        "# Morning briefing\n\nFrom {} to {} (UTC).\n",
        time(b.since),
        time(b.at)
    );
    let mut incidents: Vec<String> = b.new_incidents.listed.iter().map(incident).collect();
    let more = b
        .new_incidents
        .count
        .saturating_sub(b.new_incidents.listed.len());
    if more > 0 {
        incidents.push(format!("- and {more} more"));
    }
    section(
        &mut out,
        &format!("New incidents ({})", b.new_incidents.count),
        incidents,
    );
    section(
        &mut out,
        "Repeats",
        b.repeats
            .iter()
            .map(|h| {
                format!(
                    "- {} · {} incidents, latest {}",
                    esc(&h.subject.name),
                    h.count,
                    time(h.latest)
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "New and raised risks",
        b.risks.iter().map(risk).collect(),
    );
    section(
        &mut out,
        "Overdue tasks",
        b.overdue_tasks.iter().map(task).collect(),
    );
    section(
        &mut out,
        "Tasks due today",
        b.tasks_due_today.iter().map(task).collect(),
    );
    section(
        &mut out,
        "Pending referrals",
        b.pending_referrals.iter().map(referral).collect(),
    );
    section(
        &mut out,
        "ASB case review thresholds met",
        b.case_reviews
            .iter()
            .map(|h| {
                let basis = match h.basis {
                    CaseReviewBasis::Complaints { count } => format!("{count} complaints"),
                    CaseReviewBasis::HateIncidents { count } => format!("{count} hate incidents"),
                    CaseReviewBasis::DistinctComplainants { count } => {
                        format!("{count} different complainants")
                    }
                };
                format!(
                    "- {} · {}, latest {}",
                    esc(&h.subject.name),
                    basis,
                    time(h.latest)
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Top N movers",
        b.movers.iter().map(mover).collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escaping_keeps_markdown_and_html_inert() {
        assert_eq!(
            esc("a*b_[x](y)<s>\n# h|"),
            "a\\*b\\_\\[x\\]\\(y\\)\\<s\\> \\# h\\|"
        );
    }
}
