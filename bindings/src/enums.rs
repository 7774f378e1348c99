//! The core's flat enums, mirrored one to one so UniFFI can carry them. Each converts both ways
//! with `From`; the docs are the core's.

/// Declares a flat enum mirroring `safehub::$name` variant for variant, with `From` both ways.
macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $(
                $(#[$vdoc])*
                $variant,
            )+
        }

        impl From<safehub::$name> for $name {
            fn from(v: safehub::$name) -> Self {
                match v {
                    $(safehub::$name::$variant => $name::$variant,)+
                }
            }
        }

        impl From<$name> for safehub::$name {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => safehub::$name::$variant,)+
                }
            }
        }
    };
}

mirror!(
    /// What sort of agency it is.
    AgencyKind {
        /// A police force or local policing team.
        Police,
        /// A borough or district council (ASB team, community safety).
        Council,
        /// A housing provider or the council's housing service.
        Housing,
        /// Mental health services.
        MentalHealth,
        /// Adult social care.
        AdultSocialCare,
        /// Children's social care.
        ChildrenSocialCare,
        /// Fire and rescue service.
        FireAndRescue,
        /// Probation service.
        Probation,
        /// Drug and alcohol service.
        DrugAndAlcohol,
        /// Domestic violence support (e.g. IDVA service).
        DvSupport,
        /// A voluntary sector organisation.
        VoluntarySector,
        /// Neighbourhood Watch.
        NeighbourhoodWatch,
        /// Any other agency.
        Other,
    }
);
mirror!(
    /// A practitioner's role, lowest first.
    Role {
        /// Reads only.
        ReadOnly,
        /// Works cases: records people and places, opens cases, writes entries, sets tasks.
        CaseWorker,
        /// A case worker who also supervises: may lower risk levels where allowed, sees that hidden
        /// entries exist on cases their agency leads, manages case teams.
        Supervisor,
        /// The agency's single point of contact (SPOC): manages the agency's practitioners and reads
        /// who consulted the agency's information.
        AgencyAdmin,
        /// Runs the partnership: agencies, agreements.
        PartnershipAdmin,
    }
);
mirror!(
    /// How far a piece of content reaches.
    Visibility {
        /// Its author only.
        Private,
        /// The author's agency.
        Agency,
        /// Practitioners on the case team (the default).
        CaseTeam,
        /// Every partner agency.
        Partnership,
    }
);
mirror!(
    /// The information category of a piece of content: what an agreement must cover.
    InformationCategory {
        /// General case work: notes, actions, meetings.
        General,
        /// A person's details: date of birth, identifiers, aliases, vulnerability flags.
        PersonalDetails,
        /// Addresses and places.
        Location,
        /// Anti-social behaviour.
        Asb,
        /// Crime and police intelligence (criminal offence data, UK GDPR Article 10).
        Crime,
        /// Domestic abuse.
        DomesticAbuse,
        /// Safeguarding of children or adults.
        Safeguarding,
        /// Tenancy and housing management.
        Housing,
        /// Risk assessments.
        RiskAssessment,
        /// Physical health (special category).
        Health,
        /// Mental health (special category).
        MentalHealth,
        /// Drug and alcohol treatment (special category: health).
        SubstanceMisuse,
        /// Racial or ethnic origin, religion, sexual orientation (special category): often the
        /// substance of a hate crime record.
        ProtectedCharacteristics,
    }
);
mirror!(
    /// What sort of entry.
    EntryKind {
        /// A case note.
        Note,
        /// A record of an action taken.
        Action,
        /// A contact with the subject or a third party.
        Contact,
        /// A reference to a document held elsewhere.
        DocumentReference,
        /// A decision, e.g. at a case conference.
        Decision,
        /// The answer to a task.
        TaskAnswer,
    }
);
mirror!(
    /// The type of a case.
    CaseType {
        /// Anti-social behaviour.
        Asb,
        /// Hate crime or hate incident.
        HateCrime,
        /// Domestic abuse.
        DomesticAbuse,
        /// A vulnerable person.
        VulnerablePerson,
        /// Concern for safety.
        ConcernForSafety,
        /// A problem location.
        ProblemLocation,
        /// Offender management (e.g. IOM).
        OffenderManagement,
        /// Safeguarding.
        Safeguarding,
        /// Anything else.
        Other,
    }
);
mirror!(
    /// Where a case is in its life.
    CaseStatus {
        /// Being worked.
        Open,
        /// Waiting on a review (e.g. at a case conference).
        UnderReview,
        /// Closed.
        Closed,
        /// Opened again after closing.
        Reopened,
    }
);
mirror!(
    /// A subject's role in a case.
    SubjectRole {
        /// A victim.
        Victim,
        /// A perpetrator or offender.
        Perpetrator,
        /// A witness.
        Witness,
        /// A complainant.
        Complainant,
        /// A vulnerable person.
        VulnerablePerson,
        /// A location of concern.
        LocationOfConcern,
    }
);
mirror!(
    /// A vulnerability flag on a person's profile.
    VulnerabilityFlag {
        /// A mental health condition.
        MentalHealth,
        /// A physical disability or long-term illness.
        PhysicalHealth,
        /// A learning disability or difficulty.
        LearningDisability,
        /// Drug or alcohol dependency.
        SubstanceMisuse,
        /// Older age.
        Elderly,
        /// A child.
        Child,
        /// Lives alone or is isolated.
        Isolated,
        /// Has been targeted repeatedly.
        RepeatVictim,
        /// Has no settled home.
        Homeless,
        /// Language or communication barrier.
        CommunicationNeeds,
    }
);
mirror!(
    /// What binds a group.
    GroupKind {
        /// People living together.
        Household,
        /// An organised criminal group or gang.
        Gang,
        /// People acting together in anti-social behaviour.
        NuisanceGroup,
        /// Any other grouping.
        Other,
    }
);
mirror!(
    /// The kind of a person identifier.
    IdentifierKind {
        /// NHS number: ten digits, the last a modulus 11 check digit.
        NhsNumber,
        /// Police National Computer ID, e.g. `1999/1234567B`.
        PncId,
        /// Criminal Records Office number, e.g. `012345/08V` or `SF08/12345H`.
        CroNumber,
        /// National Insurance number, e.g. `AB123456C`.
        NiNumber,
    }
);
mirror!(
    /// How much of something a viewer sees.
    Access {
        /// Nothing: not even that it exists.
        Nothing,
        /// That it exists, who worked on it and when, but not what it says.
        Stub,
        /// Everything.
        Full,
    }
);
mirror!(
    /// The kinds of content the sharing rules decide on.
    ContentKind {
        /// A case header (type, title, subjects).
        Case,
        /// An entry on a case.
        Entry,
        /// A person's details.
        Person,
        /// A location's details.
        Location,
        /// A group's membership.
        Group,
        /// A risk assessment.
        RiskAssessment,
        /// A task's title and detail, or a reason given on it.
        Task,
        /// A referral's reason and consent record, or a reason given on it.
        Referral,
        /// An incident imported from a host system.
        Incident,
    }
);
mirror!(
    /// How a person was involved in an incident.
    IncidentRole {
        /// The person harmed or targeted.
        Victim,
        /// The person said to be responsible.
        Offender,
        /// A witness.
        Witness,
        /// Whoever made the call or report.
        Caller,
    }
);
mirror!(
    /// Which subjects a Top N list ranks.
    TopKind {
        /// People who called.
        Callers,
        /// Places incidents happened.
        Locations,
        /// People recorded as victims.
        Victims,
        /// People recorded as offenders.
        Offenders,
    }
);
mirror!(
    /// A risk level, lowest first.
    Level {
        /// No evidence of likely serious harm.
        Standard,
        /// Indicators of harm, unlikely without a change of circumstances.
        Medium,
        /// Harm could happen at any time and the impact would be serious.
        High,
        /// The most urgent: harm is imminent or already escalating.
        VeryHigh,
    }
);
mirror!(
    /// How urgent a task is.
    Priority {
        /// When there is time.
        Low,
        /// The usual (default).
        Normal,
        /// Before other work.
        High,
        /// Now: someone may come to harm.
        Urgent,
    }
);
mirror!(
    /// Where a task is in its life.
    TaskState {
        /// Set, not yet taken on.
        Open,
        /// Taken on by the assignee.
        Accepted,
        /// Being worked.
        InProgress,
        /// Answered: the answer is an entry on the case.
        Done,
        /// Turned down by the assignee, with a reason.
        Declined,
        /// Withdrawn by the setter.
        Cancelled,
    }
);
mirror!(
    /// Why an accepted referral did not succeed.
    UnsuccessfulReason {
        /// The person refused the service.
        ClientRefused,
        /// The receiving agency had no capacity.
        LackOfCapacity,
        /// The service was no longer needed.
        NoLongerNeeded,
        /// The person or an organisation could not be reached.
        Unreachable,
        /// Anything else.
        Other,
    }
);

mirror!(
    /// MoPI-style retention groups (periods unverified: check them against the current APP).
    MopiGroup {
        /// Certain public protection matters: reviewed every 10 years.
        Group1,
        /// Other sexual, violent or serious offences: reviewed every 10 years.
        Group2,
        /// Everything else: reviewed after a 6-year clear period.
        Group3,
    }
);
