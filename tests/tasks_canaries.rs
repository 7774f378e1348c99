//! Canaries for tasking and referrals: every piece of restricted content (task titles and
//! details, answers, decline reasons, referral reasons, consent records and overrides) carries
//! a unique marker; every task and referral read and the feed is called for every viewer,
//! serialised, and scanned. A marker reaching a viewer the rules withhold it from fails, and so
//! does an allowed marker that never shows (so the test can fail).

mod tasks_common;

use chrono::Duration;
use safehub::{
    Assignee, CaseType, Consent, InformationCategory, NewEntry, NewReferral, NewTask,
    PractitionerId, Priority, Viewer, Visibility,
};
use std::collections::BTreeSet;
use tasks_common::Borough;

/// A read's answer as the viewer gets it: a refusal's message is part of what they see.
macro_rules! json {
    ($read:expr) => {
        match $read {
            Ok(v) => serde_json::to_string(&v).unwrap(),
            Err(e) => e.to_string(),
        }
    };
}

#[test]
fn restricted_task_and_referral_content_reaches_only_those_the_rules_allow() {
    let b = Borough::in_memory();
    let start = b.now();
    let asb = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let vp = b.police_case(CaseType::VulnerablePerson, "Concern, Oak Court");
    let task = |case, to, category, title: &str, detail: &str, hours| {
        b.hub
            .set_task(
                b.pc,
                NewTask {
                    case,
                    assignee: to,
                    title: title.into(),
                    detail: detail.into(),
                    category,
                    due: b.now() + Duration::hours(hours),
                    priority: Priority::High,
                },
            )
            .unwrap()
    };
    use InformationCategory::*;
    let housing = Assignee::Agency(b.housing);

    let t1 = task(asb, housing, Asb, "CANARY-T1-TITLE", "CANARY-T1-DETAIL", 10);
    b.hub
        .answer_task(
            b.housing_officer,
            t1,
            NewEntry::note("CANARY-A1-PRIVATE").visible_to(Visibility::Private),
        )
        .unwrap();
    let t2 = task(asb, housing, Asb, "CANARY-T2-TITLE", "plain", 10);
    b.hub
        .answer_task(
            b.housing_officer,
            t2,
            NewEntry::note("CANARY-A2-TEAM").category(Asb),
        )
        .unwrap();
    let t3 = task(
        vp,
        Assignee::Practitioner(b.nurse),
        MentalHealth,
        "CANARY-T3-TITLE",
        "plain",
        10,
    );
    b.hub.decline_task(b.nurse, t3, "CANARY-D3-REASON").unwrap();
    let t4 = task(
        asb,
        Assignee::Practitioner(b.sergeant),
        Crime,
        "CANARY-T4-TITLE",
        "plain",
        2,
    );
    // General is covered police-mental health too: only visibility keeps this one from them.
    let t7 = task(
        asb,
        housing,
        General,
        "CANARY-T7-TITLE",
        "CANARY-T7-DETAIL",
        2,
    );

    let referral = |to, case, category, reason: &str, consent| NewReferral {
        to,
        person: None,
        case: Some(case),
        category,
        reason: reason.into(),
        consent,
        consent_override: None,
    };
    let r1 = b
        .hub
        .refer(
            b.pc,
            referral(
                b.mental_health,
                vp,
                Safeguarding,
                "CANARY-R1-REASON",
                Some(Consent::Given),
            ),
        )
        .unwrap();
    b.hub.accept_referral(b.nurse, r1).unwrap();
    let r2 = b
        .hub
        .refer(
            b.pc,
            referral(
                b.mental_health,
                asb,
                General,
                "CANARY-R2-REASON",
                Some(Consent::NotRequired {
                    lawful_reason: "CANARY-R2-LAWFUL".into(),
                }),
            ),
        )
        .unwrap();
    b.hub
        .decline_referral(b.nurse, r2, "CANARY-R2-DECLINE")
        .unwrap();
    let mut overridden = referral(
        b.housing,
        asb,
        Asb,
        "CANARY-R3-REASON",
        Some(Consent::Refused),
    );
    overridden.consent_override = Some("CANARY-R3-OVERRIDE".into());
    let r3 = b.hub.refer(b.sergeant, overridden).unwrap();

    // Mental health is now on the vulnerable-person case team: it reads tasks there under its
    // agreement (safeguarding), and only stubs of those outside it (crime).
    let t5 = task(
        vp,
        Assignee::Practitioner(b.sergeant),
        Safeguarding,
        "CANARY-T5-TITLE",
        "plain",
        4,
    );
    let t6 = task(
        vp,
        Assignee::Practitioner(b.sergeant),
        Crime,
        "CANARY-T6-TITLE",
        "plain",
        4,
    );
    b.clock.advance(Duration::hours(3));

    let tasks = [t1, t2, t3, t4, t5, t6, t7];
    let referrals = [r1, r2, r3];
    let viewers = [
        ("admin", b.admin),
        ("pc", b.pc),
        ("sergeant", b.sergeant),
        ("analyst", b.analyst),
        ("housing", b.housing_officer),
        ("housing2", b.housing_officer_2),
        ("nurse", b.nurse),
        ("council", b.council_officer),
    ];
    let seen = |who: PractitionerId| -> String {
        let v = Viewer::new(who).because("canary");
        let mut out = Vec::new();
        for t in tasks {
            out.push(json!(b.hub.task(&v, t)));
        }
        for r in referrals {
            out.push(json!(b.hub.referral(&v, r)));
        }
        for case in [asb, vp] {
            out.push(json!(b.hub.case(&v, case)));
        }
        out.push(json!(b.hub.my_tasks(&v)));
        out.push(json!(b.hub.agency_tasks(&v)));
        out.push(json!(b.hub.tasks_i_set(&v)));
        out.push(json!(b.hub.overdue_tasks(&v)));
        out.push(json!(b.hub.tasks_due_today(&v)));
        out.push(json!(b.hub.referrals_received(&v)));
        out.push(json!(b.hub.referrals_sent(&v)));
        out.push(json!(b.hub.whats_new(&v, start - Duration::hours(1))));
        out.join("\n")
    };

    let police = ["admin", "pc", "sergeant", "analyst"];
    let with = |others: &[&'static str]| -> BTreeSet<&'static str> {
        police.iter().chain(others).copied().collect()
    };
    let allowed: Vec<(&str, BTreeSet<&str>)> = vec![
        ("CANARY-T1-TITLE", with(&["housing", "housing2"])),
        ("CANARY-T1-DETAIL", with(&["housing", "housing2"])),
        ("CANARY-A1-PRIVATE", ["housing"].into()),
        ("CANARY-T2-TITLE", with(&["housing", "housing2"])),
        // Case-team visibility: housing is not on the team, so only the author's copy reaches it.
        ("CANARY-A2-TEAM", with(&["housing"])),
        ("CANARY-T3-TITLE", with(&["nurse"])),
        ("CANARY-D3-REASON", with(&["nurse"])),
        ("CANARY-T4-TITLE", with(&[])),
        ("CANARY-T5-TITLE", with(&["nurse"])),
        ("CANARY-T6-TITLE", with(&[])),
        ("CANARY-T7-TITLE", with(&["housing", "housing2"])),
        ("CANARY-T7-DETAIL", with(&["housing", "housing2"])),
        ("CANARY-R1-REASON", with(&["nurse"])),
        ("CANARY-R2-REASON", with(&["nurse"])),
        ("CANARY-R2-LAWFUL", with(&["nurse"])),
        ("CANARY-R2-DECLINE", with(&["nurse"])),
        ("CANARY-R3-REASON", with(&["housing", "housing2"])),
        ("CANARY-R3-OVERRIDE", with(&["housing", "housing2"])),
    ];
    let mut failures = Vec::new();
    for (name, who) in viewers {
        let text = seen(who);
        for (marker, may) in &allowed {
            let shown = text.contains(marker);
            if shown && !may.contains(name) {
                failures.push(format!("{marker} leaked to {name}"));
            }
            if !shown && may.contains(name) {
                failures.push(format!("{marker} missing for {name}"));
            }
        }
        let stray = text.matches("CANARY-").count();
        let known: usize = allowed.iter().map(|(m, _)| text.matches(m).count()).sum();
        assert_eq!(stray, known, "an unlisted marker reached {name}");
    }
    assert!(failures.is_empty(), "{failures:#?}");

    // The stubs are there too: mental health sees that the police set a crime task on its case.
    let nurse = Viewer::new(b.nurse);
    assert!(matches!(
        b.hub.task(&nurse, t6).unwrap(),
        safehub::TaskView::Stub(_)
    ));
}
