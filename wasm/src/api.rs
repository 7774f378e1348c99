//! Every `Hub` method that only forwards to the core, one row each (`generate.rs` says how a row
//! reads and what it expands to), by area of the core's API.

use crate::Hub;
use safehub as sh;
use wasm_bindgen::prelude::*;

hub_methods! {
    // ---- the journal and the partnership -----------------------------------------------------
    " Checks the whole hash chain of the journal."
    verify = verify() -> "Integrity";
    " A SHA-256 digest of the projected state: two hubs holding the same journal agree."
    stateDigest = state_digest() -> String;
    " At most `limit` events after sequence number `after`: when and what kind, never content,"
    " so a host knows which viewer-filtered reads to refresh."
    changesSince = changes_since(after: (f64 seq), limit: usize) -> "ChangeNotice[]";
    " The viewer's notifications after the one whose id is `after` (`null`: from the start),"
    " oldest first, at most `limit` (1 to 1000); `next` is the cursor for the next call."
    " References only: open each record through the ordinary reads."
    notifications = notifications(viewer: viewer, after: "string | null", limit: usize)
        -> "NotificationPage";
    " The practitioner a host system knows by `externalId` (its login), or `null`."
    practitionerByExternalId = practitioner_by_external_id(externalId: str) -> "string | null"
        => |core| Ok(core.practitioner_by_external_id(externalId));
    " Sets up a new hub: its name, the hosting agency and that agency's partnership admin."
    establish = establish(name: str, agency: "NewAgency", adminName: str) -> "Established";
    " Sets the partnership's time zone, an IANA name such as \"Europe/London\" (the default), in"
    " which every calendar rule counts its days (partnership admins)."
    setTimeZone = set_time_zone(actor: id, timeZone: str) -> ();
    " The partnership's time zone, as an IANA name."
    timeZone = time_zone() -> String;
    " Adds an agency to the partnership; returns its id."
    addAgency = add_agency(actor: id, agency: ("NewAgency" late)) -> id;
    " The partnership's agencies: a directory, not content."
    agencies = agencies() -> "AgencyRef[]" => |core| Ok(core.agencies());
    " Registers a practitioner; returns their id."
    registerPractitioner = register_practitioner(actor: id, practitioner: "NewPractitioner") -> id;
    " Signs an information sharing agreement; returns its id."
    signAgreement = sign_agreement(actor: id, agreement: "NewAgreement") -> id;
    " Changes a practitioner's role."
    changeRole = change_role(actor: id, practitioner: id, role: "Role") -> ();
    " Closes a practitioner's account: they can no longer act or read."
    deactivatePractitioner = deactivate_practitioner(actor: id, practitioner: id) -> ();
    " Ends an agreement at `ends` (RFC 3339, not in the past): sharing under it stops then."
    endAgreement = end_agreement(actor: id, agreement: id, ends: "DateTime") -> ();
    " An agency leaves the partnership: its practitioners lose access from now on; what it"
    " recorded stays (partnership admins)."
    agencyLeaves = agency_leaves(actor: id, agency: id) -> ();

    // ---- people, places, groups and cases ------------------------------------------------------
    " Records a person profile, owned by the actor's agency; returns its id."
    recordPerson = record_person(actor: id, person: "NewPerson") -> id;
    " Records a person profile; returns its id and the existing profiles it may duplicate, as the"
    " actor may see them."
    recordPersonChecked = record_person_checked(actor: id, person: "NewPerson") -> "CheckedPerson";
    " Records a location profile, owned by the actor's agency; returns its id."
    recordLocation = record_location(actor: id, location: "NewLocation") -> id;
    " Opens a case led by the actor's agency; returns its id."
    openCase = open_case(actor: id, case: "NewCase") -> id;
    " Adds an agency or practitioner to a case team."
    addTeamMember = add_team_member(actor: id, case: id, member: "TeamMember") -> ();
    " Links a person, location or group to a case in a role."
    linkSubject = link_subject(actor: id, case: id, subject: "Subject", role: "SubjectRole") -> ();
    " Writes an entry on a case the actor works; returns its id."
    addEntry = add_entry(actor: id, case: id, entry: "NewEntry") -> id;
    " Changes who may see an entry (an audited event)."
    changeEntryVisibility = change_entry_visibility(
        actor: id, entry: id, visibility: "Visibility", sensitive: bool) -> ();
    " A case as the viewer may see it: in full with each entry decided, or as a stub."
    case = case(viewer: viewer, case: id) -> "CaseView";
    " The cases the viewer may read in full, most recently opened first."
    cases = cases(viewer: viewer) -> "CaseSummary[]";
    " A person as the viewer may see them."
    person = person(viewer: viewer, person: id) -> "PersonView";
    " A location as the viewer may see it."
    location = location(viewer: viewer, location: id) -> "LocationView";
    " People matching `query`, as full views or stubs saying whom to ask."
    searchPeople = search_people(viewer: viewer, query: str) -> "PersonView[]";
    " Profiles that may be the same person as `person`, likeliest first, with the score and the"
    " reasons; only profiles the viewer reads in full are compared."
    possibleDuplicates = possible_duplicates(viewer: viewer, person: id) -> "DuplicateCandidate[]";
    " The partnership's duplicate review list: every likely pair the viewer reads both sides of"
    " (supervisors and above)."
    duplicateReview = duplicate_review(viewer: viewer) -> "DuplicatePair[]";
    " Why the viewer sees what they see of one thing."
    explain = explain(viewer: viewer, target: "Target") -> "Explanation";
    " Who consulted the viewer's agency's information between `from` and `to` (RFC 3339)."
    consultations = consultations(viewer: viewer, from: "DateTime", to: "DateTime")
        -> "Consultation[]";
    " A group (its members each as the viewer may see them), or its stub."
    group = group(viewer: viewer, group: id) -> "GroupView";
    " Locations matching `query`, as full views or stubs saying whom to ask."
    searchLocations = search_locations(viewer: viewer, query: str) -> "LocationView[]";
    " Why the viewer sees what they see of each of several things, in one call."
    explainAll = explain_all(viewer: viewer, targets: ("Target[]" & Vec<sh::Target>))
        -> "Decision[]";
    " Forms a group of people the actor can see; returns its id."
    formGroup = form_group(actor: id, group: "NewGroup") -> id;
    " Amends a person, location or group the actor's agency recorded: every edit, with one"
    " reason, or none."
    amend = amend(actor: id, record: "Subject", edits: "Edit[]", reason: str) -> ();
    " Adds a fact the actor's agency holds about a person (an address, a phone number, an"
    " identifier...), shared as it says; returns its id."
    addFact = add_fact(actor: id, person: id, fact: "NewFact", reason: str) -> id;
    " Corrects what a fact of the actor's agency says (the same kind of fact)."
    correctFact = correct_fact(actor: id, person: id, fact: id, to: "NewFactValue", reason: str)
        -> ();
    " Withdraws a fact of the actor's agency."
    withdrawFact = withdraw_fact(actor: id, person: id, fact: id, reason: str) -> ();
    " A record's amendments, oldest first, as far as the viewer may see them."
    history = history(viewer: viewer, record: "Subject") -> "AmendmentView[]";
    " Agrees, for the actor's agency, that `absorbed` is the same person as `survivor`; returns"
    " whether they are merged now (every agency that recorded one of them agreed)."
    agreeMerge = agree_merge(actor: id, survivor: id, absorbed: id, reason: str) -> bool;
    " Undoes the merge of `absorbed` into its survivor: two people again, exactly as before."
    unmerge = unmerge(actor: id, absorbed: id, reason: str) -> ();
    " The profiles of the person `person` is a profile of, survivor first, each as the viewer may"
    " see it; the ones the viewer may not know of are left out."
    mergedProfiles = merged_profiles(viewer: viewer, person: id) -> "PersonView[]";
    " The merges awaiting agreement that concern the viewer's agency, oldest first."
    mergeRequests = merge_requests(viewer: viewer) -> "MergeRequest[]";
    " Removes an agency or practitioner from a case team."
    removeTeamMember = remove_team_member(actor: id, case: id, member: "TeamMember") -> ();
    " Unlinks a subject from a case in a role."
    unlinkSubject = unlink_subject(actor: id, case: id, subject: "Subject", role: "SubjectRole")
        -> ();
    " Moves a case to another status (the lead agency's case workers)."
    changeCaseStatus = change_case_status(actor: id, case: id, status: "CaseStatus") -> ();
    " Passes a case's lead to a practitioner or an agency, with a reason (the lead practitioner"
    " or a lead agency supervisor)."
    transferLead = transfer_lead(actor: id, case: id, to: "NewLead", reason: str) -> ();
    " Closes a case with its outcome and the reason (the lead agency's case workers)."
    closeCase = close_case(actor: id, case: id, outcome: "CaseOutcome", reason: str) -> ();
    " Opens a closed case again, saying why (the lead agency's case workers)."
    reopenCase = reopen_case(actor: id, case: id, reason: str) -> ();
    " Links a case to another (a case worker on both teams)."
    linkCases = link_cases(actor: id, case: id, other: id, link: "CaseLink") -> ();
    " Removes the link between two cases (a case worker on both teams)."
    unlinkCases = unlink_cases(actor: id, case: id, other: id) -> ();
    " Links an incident to a case (a case worker on its team who reads the incident in full)."
    linkIncident = link_incident(actor: id, case: id, incident: id) -> ();
    " Unlinks an incident from a case (as for linking it)."
    unlinkIncident = unlink_incident(actor: id, case: id, incident: id) -> ();

    // ---- tasks and referrals, and the lists a practitioner works from --------------------------
    " Sets a task on a case for a practitioner or an agency; returns its id."
    setTask = set_task(actor: id, task: "NewTask") -> id;
    " Answers a task with an entry on its case; returns the entry's id."
    answerTask = answer_task(actor: id, task: id, answer: "NewEntry") -> id;
    " Live tasks the viewer holds, and live tasks for their agency that nobody holds yet."
    myTasks = my_tasks(viewer: viewer) -> "TaskView[]";
    " Live tasks for the viewer's agency, whoever holds them."
    agencyTasks = agency_tasks(viewer: viewer) -> "TaskView[]";
    " Live tasks past their due date that the viewer may know of, most overdue first."
    overdueTasks = overdue_tasks(viewer: viewer) -> "TaskView[]";
    " Refers a person or case to another agency; returns the referral's id."
    refer = refer(actor: id, referral: "NewReferral") -> id;
    " Accepts a referral (a case worker of the receiving agency)."
    acceptReferral = accept_referral(actor: id, referral: id) -> ();
    " Referrals the viewer's agency received."
    referralsReceived = referrals_received(viewer: viewer) -> "ReferralView[]";
    " Takes a task on (the assignee; for an agency task, any of its case workers, who then holds"
    " it)."
    acceptTask = accept_task(actor: id, task: id) -> ();
    " Starts work on an accepted task (its holder)."
    startTask = start_task(actor: id, task: id) -> ();
    " Cancels a task (its setter, or a supervisor of the setter's agency)."
    cancelTask = cancel_task(actor: id, task: id) -> ();
    " Declines a task, with a reason the setter's agency may read."
    declineTask = decline_task(actor: id, task: id, reason: str) -> ();
    " Gives a live or declined task to someone else (its setter): it opens again."
    reassignTask = reassign_task(actor: id, task: id, to: "Assignee") -> ();
    " One task as the viewer may see it."
    task = task(viewer: viewer, task: id) -> "TaskView";
    " Every task the viewer set, live ones first."
    tasksISet = tasks_i_set(viewer: viewer) -> "TaskView[]";
    " Live tasks due on the day of the read (UTC) that the viewer may know of."
    tasksDueToday = tasks_due_today(viewer: viewer) -> "TaskView[]";
    " What happened for the viewer after `since` (RFC 3339), newest first: tasks assigned,"
    " answered, declined or gone overdue, and referrals received, accepted or declined."
    whatsNew = whats_new(viewer: viewer, since: "DateTime") -> "FeedItem[]";
    " Withdraws a pending referral (the referrer, or a supervisor of the referring agency)."
    withdrawReferral = withdraw_referral(actor: id, referral: id) -> ();
    " Declines a referral with a reason the referring agency may read (a case worker of the"
    " receiving agency)."
    declineReferral = decline_referral(actor: id, referral: id, reason: str) -> ();
    " Records how an accepted referral ended (a case worker of the receiving agency)."
    recordReferralOutcome = record_referral_outcome(actor: id, referral: id, outcome: "Outcome")
        -> ();
    " One referral as the viewer may see it."
    referral = referral(viewer: viewer, referral: id) -> "ReferralView";
    " Referrals the viewer's agency sent."
    referralsSent = referrals_sent(viewer: viewer) -> "ReferralView[]";

    // ---- meetings: attendance, disclosures, decisions and actions, agenda and minutes ----------
    " Schedules a meeting (a case worker); returns its id."
    scheduleMeeting = schedule_meeting(actor: id, meeting: "NewMeeting") -> id;
    " Records that a practitioner attended (the chair, or the attendee); refused where their"
    " agency has no agreement in force with each other attending agency."
    recordAttendance = record_attendance(actor: id, meeting: id, practitioner: id) -> ();
    " A meeting, for a practitioner of an agency it invited."
    meeting = meeting(viewer: viewer, meeting: id) -> "MeetingView";
    " Discloses an item the actor's agency owns to the attendees an agreement in force covers."
    discloseAtMeeting = disclose_at_meeting(actor: id, meeting: id, item: "MeetingItem",
        agreement: "string | null", justification: str) -> ();
    " The items disclosed at a meeting that the viewer reads in full."
    meetingDisclosures = meeting_disclosures(viewer: viewer, meeting: id) -> "DisclosureView[]";
    " The viewer's agency's disclosures at meetings between `from` and `to` (its s62 log)."
    meetingDisclosureLog = meeting_disclosure_log(viewer: viewer, from: "DateTime", to: "DateTime")
        -> "DisclosureRecord[]";
    " Records a decision of the meeting as an entry on the case; returns the entry's id."
    recordMeetingDecision = record_meeting_decision(actor: id, meeting: id, case: id,
        note: "NewEntry", restsOn: "MeetingItem[]") -> id;
    " Agrees an action at the meeting as a task; returns the task's id."
    agreeAction = agree_action(actor: id, meeting: id, task: "NewTask", restsOn: "MeetingItem[]")
        -> id;
    " Adds a case, a person or a place to the meeting's agenda."
    addAgendaItem = add_agenda_item(actor: id, meeting: id, item: "AgendaSubject") -> ();
    " The meeting's agenda as the viewer sees it."
    meetingAgenda = meeting_agenda(viewer: viewer, meeting: id) -> "Agenda";
    " The meeting's minutes as the viewer sees them, logged as one read for the meeting."
    meetingMinutes = meeting_minutes(viewer: viewer, meeting: id) -> "Minutes";

    // ---- risk: templates, assessments and overrides, the priority list and what changed --------
    " Registers a risk template (a new id, or a new version of one)."
    registerTemplate = register_template(actor: id, template: "Template") -> ();
    " Every template the hub offers, each version."
    templates = templates() -> "TemplateSummary[]" => |core| Ok(core.templates());
    " Records a risk assessment; returns its id."
    recordAssessment = record_assessment(actor: id, assessment: "NewAssessment") -> id;
    " Raises or lowers an assessment's level, with a reason."
    overrideAssessment = override_assessment(actor: id, assessment: id, level: "Level", reason: str)
        -> ();
    " The assessments on a case as the viewer may see them."
    assessments = assessments(viewer: viewer, case: id) -> "AssessmentView[]";
    " The people at greatest risk, ranked, at most `limit` rows, built only from assessments"
    " the viewer may read in full."
    priorityList = priority_list(viewer: viewer, limit: usize) -> "PriorityRow[]";
    " Assessments past their review date, earliest due first, among those the viewer may read."
    overdueReviews = overdue_reviews(viewer: viewer) -> "OverdueReview[]";
    " Records a review that found the level still stands, which sets the next review date."
    reviewAssessment = review_assessment(actor: id, assessment: id, note: str) -> ();
    " One assessment as the viewer may see it."
    assessment = assessment(viewer: viewer, assessment: id) -> "AssessmentView";
    " A template by id, at `version` or its latest (`null`); `null` when there is none."
    template = template(id: str, version: (Option<u32>)) -> "Template | null"
        => |core| Ok(core.template(id, version));
    " Assessments recorded and levels raised since `since` (RFC 3339), as the viewer may see"
    " them."
    riskChanges = risk_changes(viewer: viewer, since: "DateTime") -> "RiskChange[]";

    // ---- incidents: a host's logs, the Top N lists, repeats and the ASB case review threshold --
    " Imports a batch of incidents as the actor's agency, all or nothing: a bad row rejects"
    " the batch with code `import_rejected` and `errors` naming each row and field."
    importIncidents = import_incidents(actor: id, rows: "IncidentRow[]") -> "ImportReport"
        => |core| core.import_incidents(actor, rows, &sh::ImportOptions::default(), None);
    " Imports incidents from CSV text (columns in docs/incidents.md), all or nothing."
    importIncidentsCsv = import_incidents_csv(actor: id, csv: str) -> "ImportReport"
        => |core| {
            core.import_incidents_csv(actor, csv.as_bytes(), &sh::ImportOptions::default(), None)
        };
    " A Top N list (usually the Top 50 callers or locations) counting only incidents the"
    " viewer may read in full."
    top = top(viewer: viewer, query: ("TopQuery" &)) -> "TopList";
    " One incident, if the viewer may read it in full (otherwise not found)."
    incident = incident(viewer: viewer, incident: id) -> "IncidentView";
    " At most `limit` incidents reported between `from` and `to` (RFC 3339) that the viewer may"
    " read, oldest report first."
    incidents = incidents(viewer: viewer, from: "DateTime", to: "DateTime", limit: usize)
        -> "IncidentView[]";
    " How many incidents reported between `from` and `to` the viewer may read."
    incidentCount = incident_count(viewer: viewer, from: "DateTime", to: "DateTime") -> usize;
    " The people and places that are repeats at `at` (RFC 3339) under `config` (`null`: the"
    " core's default rules), counting only incidents the viewer may read."
    repeats = repeats(viewer: viewer, at: "DateTime", config: ("RepeatConfig | null" or_default))
        -> "RepeatHit[]";
    " The people and places that meet the ASB case review threshold at `at` under `config`"
    " (`null`: the core's default), counting only incidents the viewer may read."
    caseReviewThresholds = case_review_thresholds(
        viewer: viewer, at: "DateTime", config: ("CaseReviewConfig | null" or_default)
    ) -> "CaseReviewHit[]";

    // ---- the morning meeting: the briefing and the network -------------------------------------
    " The morning briefing for the viewer on what happened at or after `since` (RFC 3339):"
    " new incidents, repeats, risk changes, overdue and due tasks, pending referrals, ASB case"
    " reviews and Top N movers, built only from the viewer-filtered reads. `config` is `null`"
    " for the core's defaults."
    briefing = briefing(
        viewer: viewer, since: "DateTime", config: ("BriefingConfig | null" or_default)
    ) -> "Briefing";
    " The subjects within `hops` hops (0 to 4) of `start` and the links between them, through"
    " the cases and incidents the viewer may read in full. A subject the viewer may read only"
    " as a stub is a node with `access: \"stub\"`; one the viewer may not know of is left out"
    " with its edges."
    network = network(viewer: viewer, start: "Subject", hops: u8) -> "Network";

    // ---- data protection: retention, erasure, subject access and the DPO's reports -------------
    " Registers a retention rule (partnership admins); one with the same `applies_to`"
    " replaces it."
    setRetentionRule = set_retention_rule(actor: id, rule: "RetentionRule") -> ();
    " The registered retention rules, or the default alone when none is registered."
    retentionRules = retention_rules() -> "RetentionRule[]" => |core| Ok(core.retention_rules());
    " The closed cases the viewer's agency leads whose retention review has come by `at`"
    " (RFC 3339), earliest due first (supervisors and above)."
    retentionDue = retention_due(viewer: viewer, at: "DateTime") -> "RetentionDue[]";
    " Records the retention review of a closed case that is due: retain it for a reason (a"
    " supervisor of the lead agency), or dispose of its content (the lead agency's admin)."
    decideRetention = decide_retention(actor: id, case: id, choice: "RetentionChoice") -> ();
    " Disposes of a closed case's content or a person's profile on a request, given by a"
    " reference that carries no personal data (the owning agency's admin); returns the"
    " tombstone saying what went."
    dispose = dispose(actor: id, target: "ErasureTarget", reference: str) -> "Erasure";
    " The subject access export for a person, as the viewer's agency may answer it"
    " (supervisors and above), each owning agency's part saying who releases it. Reading it"
    " is logged like any read; render it with `subjectAccessToJson` / `subjectAccessToMarkdown`."
    subjectAccess = subject_access(viewer: viewer, person: id) -> "SubjectAccessExport";
    " Who consulted the viewer's agency's information between `from` (included) and `to`"
    " (excluded), under which agreements and why, with totals."
    consultationReport = consultation_report(viewer: viewer, from: "DateTime", to: "DateTime")
        -> "ConsultationReport";
    " Agreements the viewer's agency is party to that are in force now and end within"
    " `withinDays` days, soonest first."
    agreementsExpiring = agreements_expiring(viewer: viewer, withinDays: (f64 days))
        -> "ExpiringAgreement[]";
    " The viewer's agency's active practitioners with access to a live case who have recorded"
    " nothing since `since` (RFC 3339): a prompt to ask, not proof of disuse."
    unusedAccess = unused_access(viewer: viewer, since: "DateTime") -> "UnusedAccess[]";
}
