//! The built-in templates, as data: a domestic abuse checklist scored like the Dash RIC, an ASB
//! victim and witness vulnerability matrix, a generic 5 x 5 likelihood x impact matrix, and an
//! offender RFG (recency, frequency, gravity) score. Question texts are in our own words; the
//! scoring rules are the field's (DOMAIN.md section 3), and every figure that is ours, not the
//! field's, says so.
//!
//! Each is available in every hub without registration, at version 1 with default options.
//! A version, once shipped, never changes (a test pins each one's JSON): a change ships as a new
//! version beside the old. A partnership that wants local options (the DA medium band, another
//! escalation window, its own RFG weights or gravity table) builds the template with options and
//! registers it as a new version:
//!
//! ```
//! use safehub::risk::builtin::{domestic_abuse, DaOptions};
//! let mut local = domestic_abuse(&DaOptions { medium_band: true, ..DaOptions::default() });
//! local.version = 2; // registered with Hub::register_template, beside the built-in version 1
//! assert!(local.validate().is_ok());
//! ```

use super::template::{
    Band, ChoiceOption, EscalationRule, Level, Lowering, Question, QuestionKind, ReviewSchedule,
    ScoringMethod, Template,
};
use crate::entries::InformationCategory;
use std::sync::OnceLock;

/// The domestic abuse checklist's id.
pub const DA_CHECKLIST: &str = "da-checklist";
/// The ASB victim and witness vulnerability matrix's id.
pub const ASB_VULNERABILITY: &str = "asb-vulnerability";
/// The generic likelihood x impact matrix's id.
pub const LIKELIHOOD_IMPACT: &str = "likelihood-impact";
/// The offender RFG score's id.
pub const RFG: &str = "rfg";

/// Every built-in template at its default options.
pub fn all() -> &'static [Template] {
    static ALL: OnceLock<Vec<Template>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            domestic_abuse(&DaOptions::default()),
            asb_vulnerability(&AsbOptions::default()),
            likelihood_impact(),
            rfg(&RfgOptions::default()),
        ]
    })
}

/// The built-in template with this id and version.
pub fn get(id: &str, version: u32) -> Option<&'static Template> {
    all().iter().find(|t| t.id == id && t.version == version)
}

fn yes_no(id: &str, text: &str, weight: i64) -> Question {
    Question {
        id: id.into(),
        text: text.into(),
        kind: QuestionKind::YesNo,
        weight,
    }
}

fn scale(id: &str, text: &str, min: i64, max: i64, weight: i64) -> Question {
    Question {
        id: id.into(),
        text: text.into(),
        kind: QuestionKind::Scale { min, max },
        weight,
    }
}

fn choice(id: &str, text: &str, options: &[(&str, &str, i64)], weight: i64) -> Question {
    Question {
        id: id.into(),
        text: text.into(),
        kind: QuestionKind::Choice {
            options: options
                .iter()
                .map(|(id, text, value)| ChoiceOption {
                    id: (*id).into(),
                    text: (*text).into(),
                    value: *value,
                })
                .collect(),
        },
        weight,
    }
}

/// Local options of the domestic abuse checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DaOptions {
    /// Band 10 to 13 yes answers as medium (a local option; off by default, when anything
    /// under 14 is standard).
    pub medium_band: bool,
    /// Potential escalation: at least this many incidents (SafeLives recommends 3)...
    pub escalation_incidents: u32,
    /// ...in this many calendar months up to the assessment (12).
    pub escalation_months: u32,
    /// A repeat is an incident within this many months of the last Marac referral (12).
    pub repeat_months: u32,
}

impl Default for DaOptions {
    fn default() -> Self {
        DaOptions {
            medium_band: false,
            escalation_incidents: 3,
            escalation_months: 12,
            repeat_months: 12,
        }
    }
}

/// The domestic abuse checklist, scored like the Dash RIC: 24 yes/no questions; 14 or more yes
/// answers is high ("visible high risk"); potential escalation and the Marac repeat rule flag
/// the case for Marac; professional judgement may raise the level and never lower the
/// actuarial one.
pub fn domestic_abuse(options: &DaOptions) -> Template {
    let questions = vec![
        yes_no("injury", "Has the abuse left them injured this time? (note what and where)", 1),
        yes_no("frightened", "Are they very frightened of the other person?", 1),
        yes_no("fears-for-others", "Do they fear for anyone else's safety, or what the other person may do to them?", 1),
        yes_no("isolated", "Does the other person cut them off from family, friends or other support?", 1),
        yes_no("low-mood", "Are they feeling very low, hopeless or thinking about ending their life?", 1),
        yes_no("separation", "Have they separated, or tried to separate, from the other person in the last year?", 1),
        yes_no("child-contact", "Is there conflict over contact with children?", 1),
        yes_no("stalking", "Does the other person keep contacting, following, watching or harassing them?", 1),
        yes_no("pregnancy", "Are they pregnant, or have they had a baby in the last 18 months?", 1),
        yes_no("other-children", "Are there children in the home who are not the other person's?", 1),
        yes_no("children-harmed", "Has the other person ever hurt the children, or any dependant?", 1),
        yes_no("threats-to-children", "Has the other person ever threatened to hurt or kill the children, or any dependant?", 1),
        yes_no("more-often", "Is the abuse happening more often than before?", 1),
        yes_no("getting-worse", "Is the abuse getting worse?", 1),
        yes_no("controlling", "Does the other person try to control most of what they do, or show excessive jealousy?", 1),
        yes_no("weapons", "Has the other person ever used, or threatened to use, a weapon or object to hurt them?", 1),
        yes_no("threats-to-kill", "Has the other person ever threatened to kill them or someone else, and were they believed?", 1),
        yes_no("strangulation", "Has the other person ever choked, strangled, smothered or drowned them, or tried to?", 1),
        yes_no("sexual-abuse", "Does the other person do or say sexual things that make them feel bad or that hurt them?", 1),
        yes_no("third-party-threat", "Is anyone else threatening them, or do they fear harm from others linked to the other person?", 1),
        yes_no("harmed-others", "Has the other person hurt anyone else, or been violent to an animal?", 1),
        yes_no("money", "Are there problems with money, or does the other person control their money?", 1),
        yes_no("perpetrator-needs", "Does the other person have problems with drink, drugs or mental health, or talked of suicide?", 1),
        yes_no("orders-and-record", "Has the other person broken bail, an injunction or another order, or do they have a criminal record?", 1),
    ];
    let mut bands = Vec::new();
    if options.medium_band {
        bands.push(Band {
            from: 10,
            level: Level::Medium,
        });
    }
    bands.push(Band {
        from: 14,
        level: Level::High,
    });
    Template {
        id: DA_CHECKLIST.into(),
        version: 1,
        name: "Domestic abuse risk checklist (Dash RIC scoring)".into(),
        // Its answers are domestic abuse information: it crosses under the agreements that
        // share domestic abuse, as a Marac's does.
        category: InformationCategory::DomesticAbuse,
        questions,
        scoring: ScoringMethod::CountYes,
        bands,
        escalation: vec![
            EscalationRule::ScoreAtLeast {
                score: 14,
                refer_to: "marac".into(),
            },
            EscalationRule::IncidentsWithin {
                incidents: options.escalation_incidents,
                months: options.escalation_months,
                refer_to: "marac".into(),
            },
            EscalationRule::RepeatWithin {
                months: options.repeat_months,
                refer_to: "marac".into(),
            },
        ],
        lowering: Lowering::Never,
        review: ReviewSchedule::default(),
    }
}

/// Cut-offs of the ASB vulnerability matrix (a total from 0 to 45).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsbOptions {
    /// A total at or above this refers the victim or witness to victim support (22, as the
    /// Teesside ASB hotline uses: DOMAIN.md section 3).
    pub referral_at: i64,
    /// Medium from this total (our default 11).
    pub medium_from: i64,
    /// High from this total (our default 22, with the referral).
    pub high_from: i64,
    /// Very high from this total (our default 33).
    pub very_high_from: i64,
}

impl Default for AsbOptions {
    fn default() -> Self {
        AsbOptions {
            referral_at: 22,
            medium_from: 11,
            high_from: 22,
            very_high_from: 33,
        }
    }
}

/// An ASB victim and witness vulnerability matrix: twelve weighted questions summed. The
/// national matrix was never published, so the questions and weights are ours, on the themes
/// of the Home Office's *Focus on the Victim* trials; the cut-offs are options.
pub fn asb_vulnerability(options: &AsbOptions) -> Template {
    let how_much = |id: &str, text: &str| scale(id, text, 0, 4, 2);
    Template {
        id: ASB_VULNERABILITY.into(),
        version: 1,
        name: "ASB victim and witness vulnerability matrix".into(),
        category: InformationCategory::RiskAssessment,
        questions: vec![
            yes_no("reported-before", "Have they reported this or similar behaviour before?", 3),
            yes_no("targeted", "Do they feel singled out personally, rather than caught up in general nuisance?", 4),
            yes_no("hostility", "Do they believe it is motivated by hostility to who they are (race, religion, disability, sexuality, gender identity)?", 4),
            how_much("fear", "How frightened are they, from 0 (not at all) to 4 (terrified)?"),
            how_much("daily-life", "How much is it disrupting sleep, work or going out, from 0 (not at all) to 4 (completely)?"),
            yes_no("health", "Does a physical or mental health condition or disability make them less able to cope with it?", 3),
            yes_no("alone", "Do they live alone, or have little support from family or friends?", 2),
            yes_no("children", "Are children in the home affected?", 2),
            yes_no("reprisals", "Have they been threatened, or do they fear reprisals for reporting?", 3),
            yes_no("property", "Has their home or property been damaged?", 2),
            yes_no("violence", "Has there been violence, or a threat of violence?", 4),
            yes_no("moving", "Have they thought about moving home because of it?", 2),
        ],
        scoring: ScoringMethod::WeightedSum,
        bands: vec![
            Band {
                from: options.medium_from,
                level: Level::Medium,
            },
            Band {
                from: options.high_from,
                level: Level::High,
            },
            Band {
                from: options.very_high_from,
                level: Level::VeryHigh,
            },
        ],
        escalation: vec![EscalationRule::ScoreAtLeast {
            score: options.referral_at,
            refer_to: "victim support".into(),
        }],
        lowering: Lowering::BySupervisor,
        review: ReviewSchedule::default(),
    }
}

/// A generic 5 x 5 likelihood x impact matrix: score 1 to 25; our default bands (the common
/// 5 x 5 banding): 1 to 3 standard, 4 to 6 medium, 8 to 12 high, 15 to 25 very high.
pub fn likelihood_impact() -> Template {
    Template {
        id: LIKELIHOOD_IMPACT.into(),
        version: 1,
        name: "Likelihood x impact (5 x 5)".into(),
        category: InformationCategory::RiskAssessment,
        questions: vec![
            scale(
                "likelihood",
                "How likely is the harm, from 1 (rare) to 5 (almost certain)?",
                1,
                5,
                1,
            ),
            scale(
                "impact",
                "How bad would the harm be, from 1 (negligible) to 5 (catastrophic)?",
                1,
                5,
                1,
            ),
        ],
        scoring: ScoringMethod::Matrix {
            likelihood: "likelihood".into(),
            impact: "impact".into(),
        },
        bands: vec![
            Band {
                from: 4,
                level: Level::Medium,
            },
            Band {
                from: 8,
                level: Level::High,
            },
            Band {
                from: 15,
                level: Level::VeryHigh,
            },
        ],
        escalation: Vec::new(),
        lowering: Lowering::BySupervisor,
        review: ReviewSchedule::default(),
    }
}

/// One row of an RFG gravity table: an offence and its gravity from 1 (low) to 4 (high).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gravity {
    /// The offence's id, which an answer gives, e.g. `"common-assault"`.
    pub offence: String,
    /// The offence as shown.
    pub text: String,
    /// Its gravity, 1 to 4.
    pub gravity: i64,
}

/// Weights and gravity table of the RFG score. No national formula exists (DOMAIN.md section
/// 3): forces set their own, so everything here is an option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RfgOptions {
    /// The weight of recency (our default 1).
    pub recency_weight: i64,
    /// The weight of frequency (our default 1).
    pub frequency_weight: i64,
    /// The weight of gravity (our default 1).
    pub gravity_weight: i64,
    /// The most serious offence's gravity, by offence. Our default is an example on the 1 to 4
    /// scale of the ACPO gravity factor matrix, not that matrix: substitute your force's.
    pub gravity_table: Vec<Gravity>,
}

impl Default for RfgOptions {
    fn default() -> Self {
        let g = |offence: &str, text: &str, gravity| Gravity {
            offence: offence.into(),
            text: text.into(),
            gravity,
        };
        RfgOptions {
            recency_weight: 1,
            frequency_weight: 1,
            gravity_weight: 1,
            gravity_table: vec![
                g("harassment", "Harassment or malicious communications", 2),
                g("criminal-damage", "Criminal damage", 2),
                g("common-assault", "Common assault or battery", 3),
                g("breach-of-order", "Breach of a protective order", 3),
                g("abh", "Assault causing actual bodily harm", 3),
                g("stalking", "Stalking", 4),
                g("strangulation", "Non-fatal strangulation or suffocation", 4),
                g("threats-to-kill", "Threats to kill", 4),
                g("gbh", "Wounding or grievous bodily harm", 4),
                g("sexual-offence", "A sexual offence", 4),
            ],
        }
    }
}

/// An offender RFG score: recency of the last offence, frequency over the last 3 years (the
/// window of the serial perpetrator definition, DOMAIN.md section 3) and gravity of the most
/// serious offence, each 0 to 4, summed with the options' weights. Our default bands are
/// fractions of the highest possible score: medium from half, high from three quarters, very
/// high from nine tenths.
pub fn rfg(options: &RfgOptions) -> Template {
    let gravity: Vec<(&str, &str, i64)> = options
        .gravity_table
        .iter()
        .map(|g| (g.offence.as_str(), g.text.as_str(), g.gravity))
        .collect();
    let max = 4 * (options.recency_weight + options.frequency_weight + options.gravity_weight);
    // Rounded up, so that a band never starts below its fraction.
    let from = |num: i64, den: i64| (max * num + den - 1) / den;
    Template {
        id: RFG.into(),
        version: 1,
        name: "Offender RFG (recency, frequency, gravity)".into(),
        // The answers are about offending: criminal offence data.
        category: InformationCategory::Crime,
        questions: vec![
            choice(
                "recency",
                "When was the most recent offence?",
                &[
                    ("1-month", "In the last month", 4),
                    ("3-months", "1 to 3 months ago", 3),
                    ("6-months", "3 to 6 months ago", 2),
                    ("12-months", "6 to 12 months ago", 1),
                    ("older", "Over 12 months ago", 0),
                ],
                options.recency_weight,
            ),
            choice(
                "frequency",
                "How many offences in the last 3 years?",
                &[
                    ("none", "None", 0),
                    ("one", "One", 1),
                    ("two-three", "2 or 3", 2),
                    ("four-six", "4 to 6", 3),
                    ("seven-plus", "7 or more", 4),
                ],
                options.frequency_weight,
            ),
            choice(
                "gravity",
                "What is the most serious offence?",
                &gravity,
                options.gravity_weight,
            ),
        ],
        scoring: ScoringMethod::WeightedSum,
        bands: vec![
            Band {
                from: from(1, 2),
                level: Level::Medium,
            },
            Band {
                from: from(3, 4),
                level: Level::High,
            },
            Band {
                from: from(9, 10),
                level: Level::VeryHigh,
            },
        ],
        escalation: Vec::new(),
        lowering: Lowering::BySupervisor,
        review: ReviewSchedule::default(),
    }
}
