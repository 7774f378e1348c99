"""A whole hub day through the Python bindings: the partnership and its agreement, a case with
shared and private entries, a risk assessment and the priority list, a task set and answered, a
referral, the feed, explanations, the consultation log, the morning briefing as two agencies, the
journal, and the error cases."""

import threading
import uuid
from datetime import timedelta

import pytest

import safehub
from world import NHS_NUMBER, build_world, incident_csv, note, now, open_asb_case, record_victim, viewer


def entries_of(view):
    assert isinstance(view, safehub.CaseView.FULL), view
    return view.case.entries


def test_a_whole_hub_day(world):
    w, hub = world, world.hub
    # Morning: police open an ASB case with housing on the team, and link the victim.
    case = open_asb_case(w)
    victim = record_victim(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(id=victim), safehub.SubjectRole.VICTIM)
    shared = hub.add_entry(w.pc, case, note("Spoke to the neighbours about the noise."))
    private = hub.add_entry(w.pc, case, note("Intelligence: do not share.", safehub.Visibility.PRIVATE))

    # Housing reads the shared note in full, and sees only a stub of the private one.
    entries = entries_of(hub.case(viewer(w.housing_officer), case))
    assert [e.entry.id if isinstance(e, safehub.EntryView.FULL) else e.stub.id for e in entries] == [shared, private]
    assert isinstance(entries[0], safehub.EntryView.FULL)
    assert entries[0].entry.text == "Spoke to the neighbours about the noise."
    assert isinstance(entries[1], safehub.EntryView.STUB)
    assert entries[1].stub.agency.name == "Police"

    # Mental health is not on the team and has no agreement: the case is a stub, the victim too.
    assert isinstance(hub.case(viewer(w.nurse), case), safehub.CaseView.STUB)
    assert isinstance(hub.person(viewer(w.nurse), victim), safehub.PersonView.STUB)

    # A risk assessment: likelihood 4 x impact 4 = 16, very high.
    assessment = hub.record_assessment(
        w.pc,
        safehub.NewAssessment(
            case=case,
            subject=victim,
            template="likelihood-impact",
            version=None,
            answers={
                "likelihood": safehub.AnswerValue.SCALE(value=4),
                "impact": safehub.AnswerValue.SCALE(value=4),
            },
            escalation=safehub.EscalationInput(incidents=[now() - timedelta(days=3)], last_marac_referral=None),
            visibility=safehub.Visibility.CASE_TEAM,
            sensitive=False,
            notes="Repeat calls this month.",
        ),
    )
    seen = hub.assessment(viewer(w.housing_officer), assessment)
    assert isinstance(seen, safehub.AssessmentView.FULL)
    assert (seen.assessment.score, seen.assessment.level) == (16, safehub.Level.VERY_HIGH)
    assert seen.assessment.answers["impact"] == safehub.AnswerValue.SCALE(value=4)
    rows = hub.priority_list(viewer(w.sergeant), 50)
    assert [r.assessment for r in rows] == [assessment]
    assert rows[0].rank == 1 and rows[0].level == safehub.Level.VERY_HIGH
    assert any(isinstance(r, safehub.PriorityReason.ASSESSED_LEVEL) for r in rows[0].reasons)

    # A task for housing, answered; police read the answer.
    task = hub.set_task(
        w.pc,
        safehub.NewTask(
            case=case,
            assignee=safehub.Assignee.PRACTITIONER(id=w.housing_officer),
            title="Check the tenancy",
            detail="Is the flat let to the complainant?",
            category=safehub.InformationCategory.ASB,
            due=now() + timedelta(days=7),
            priority=safehub.Priority.HIGH,
        ),
    )
    assert [t.task.id for t in hub.my_tasks(viewer(w.housing_officer))] == [task]
    hub.accept_task(w.housing_officer, task)
    answer = hub.answer_task(w.housing_officer, task, note("Yes, a secure tenancy since 2019."))
    view = hub.task(viewer(w.pc), task)
    assert isinstance(view, safehub.TaskView.FULL)
    assert view.task.state == safehub.TaskState.DONE
    assert isinstance(view.task.answer, safehub.EntryView.FULL)
    assert view.task.answer.entry.id == answer
    assert view.task.answer.entry.kind == safehub.EntryKind.TASK_ANSWER

    # A referral to housing with consent, accepted.
    referral = hub.refer(
        w.pc,
        safehub.NewReferral(
            to=w.housing,
            person=victim,
            case=None,
            category=safehub.InformationCategory.ASB,
            reason="Tenancy support needed.",
            consent=safehub.Consent.GIVEN(),
            consent_override=None,
        ),
    )
    hub.accept_referral(w.housing_officer, referral)
    got = hub.referral(viewer(w.pc), referral)
    assert isinstance(got, safehub.ReferralView.FULL)
    assert got.referral.state == safehub.ReferralState.ACCEPTED()

    # The feed: police hear that their task was answered and their referral decided.
    feed = hub.whats_new(viewer(w.pc), now() - timedelta(hours=1))
    kinds = {type(item).__name__ for item in feed}
    assert {"TASK_ANSWERED", "REFERRAL_DECIDED"} <= {k.split(".")[-1] for k in kinds}

    # Why housing sees what it sees, in one call for several things.
    decisions = hub.explain_all(
        viewer(w.housing_officer),
        [safehub.Target.ENTRY(id=shared), safehub.Target.ENTRY(id=private), safehub.Target.CASE(id=str(uuid.uuid4()))],
    )
    assert [d.access for d in decisions] == [safehub.Access.FULL, safehub.Access.STUB, safehub.Access.NOTHING]
    assert decisions[0].rule == safehub.Rule.AGREEMENT(agreement=w.agreement)
    assert hub.explain(viewer(w.housing_officer), safehub.Target.ENTRY(id=private)).reason

    # Police's supervisor sees housing's reads in the consultation log.
    log = hub.consultations(viewer(w.sergeant), now() - timedelta(hours=1), now() + timedelta(hours=1))
    assert any(c.viewer == w.housing_officer and c.justification == "hub meeting" for c in log)

    # The morning briefing: police imported last night's calls. The police supervisor's briefing
    # counts and names them and reports the new assessment; mental health, with no agreement,
    # gets the same call's briefing without any of it.
    hub.import_incidents_csv(w.pc, incident_csv(20), 1000, None)
    assert [c.assessment for c in hub.risk_changes(viewer(w.sergeant), now() - timedelta(hours=1))] == [assessment]
    since = now() - timedelta(days=7)
    police, health = hub.briefing(viewer(w.sergeant), since, None), hub.briefing(viewer(w.nurse), since, None)
    seen_by_police, seen_by_health = police.view(), health.view()
    assert seen_by_police.new_incidents.count == 20 and len(seen_by_police.new_incidents.listed) == 20
    assert seen_by_health.new_incidents.count == 0 and seen_by_health.new_incidents.listed == []
    assert [(r.assessment, r.kind) for r in seen_by_police.risks] == [(assessment, safehub.RiskChangeKind.NEW())]
    assert seen_by_health.risks == [] and seen_by_health.repeats == []
    assert {r.subject.name for r in seen_by_police.repeats} >= {f"Caller {n}" for n in range(5)}
    assert "Caller 1" in police.to_markdown() and "Caller 1" not in health.to_markdown()
    # A tighter configuration, starting from the core's defaults: at most 5 incidents listed.
    config = safehub.default_briefing_config()
    config.incidents_listed = 5
    tight = hub.briefing(viewer(w.sergeant), since, config).view()
    assert (tight.new_incidents.count, len(tight.new_incidents.listed)) == (20, 5)

    # Evening: the case list, the journal and its integrity.
    assert [c.id for c in hub.cases(viewer(w.pc))] == [case]
    assert hub.verify().first_bad is None
    assert hub.seq() == len(hub.changes_since(0, 10_000))


def test_reopened_file_hub_keeps_the_day(tmp_path):
    path = str(tmp_path / "hub.db")
    w = build_world(safehub.Hub.open(path))
    case = open_asb_case(w)
    digest = w.hub.state_digest()
    again = safehub.Hub.open(path)
    assert again.state_digest() == digest
    assert isinstance(again.case(viewer(w.pc), case), safehub.CaseView.FULL)
    # A checkpoint at the head: the next open restores it and lands on the same state.
    assert w.hub.checkpoint() == w.hub.seq()
    assert safehub.Hub.open(path).state_digest() == digest


def test_exported_journal_imports_to_the_same_state(world):
    open_asb_case(world)
    copy = safehub.Hub.import_journal(world.hub.export_journal(world.admin))
    assert copy.state_digest() == world.hub.state_digest()


def test_search_finds_a_person_by_identifier_only_for_those_who_may_read_it(world):
    victim = record_victim(world)
    found = world.hub.search_people(viewer(world.pc), NHS_NUMBER)
    assert [p.person.id for p in found] == [victim]
    assert world.hub.search_people(viewer(world.nurse), NHS_NUMBER) == []


def test_templates_include_the_builtins_and_a_registered_json_template(world):
    hub = world.hub
    assert "likelihood-impact" in {t.template.id for t in hub.templates() if t.builtin}
    hub.register_template(
        world.admin,
        """{"id": "hoarding", "version": 1, "name": "Hoarding fire risk",
            "questions": [{"id": "exits", "text": "Are exits blocked?", "kind": {"type": "yes_no"}, "weight": 3}],
            "scoring": {"method": "weighted_sum"},
            "bands": [{"from": 3, "level": "high"}]}""",
    )
    assert "hoarding" in hub.template_json("hoarding", None)
    assert hub.template_json("no-such-template", None) is None


def test_one_hub_is_shared_between_threads(world):
    case = open_asb_case(world)
    errors = []

    def write(n):
        try:
            for i in range(20):
                world.hub.add_entry(world.pc, case, note(f"thread {n} note {i}"))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(entries_of(world.hub.case(viewer(world.pc), case))) == 80


# ---- errors: the right exception class, with a stable code, without personal data ------------


def test_a_bad_identifier_raises_invalid_identifier(world):
    bad = "943 476 5918"  # wrong check digit
    with pytest.raises(safehub.SafehubError.InvalidIdentifier) as e:
        world.hub.record_person(
            world.pc,
            safehub.NewPerson(
                name="Sam Taylor",
                aliases=[],
                date_of_birth=None,
                identifiers=[safehub.Identifier(kind=safehub.IdentifierKind.NHS_NUMBER, value=bad)],
                flags=[],
                restricted=False,
            ),
        )
    assert e.value.code == "invalid_identifier"
    assert bad not in str(e.value) and "Sam Taylor" not in str(e.value)


def test_a_forbidden_action_raises_forbidden(world):
    # Only partnership admins add agencies.
    with pytest.raises(safehub.SafehubError.Forbidden) as e:
        world.hub.add_agency(world.pc, safehub.NewAgency(name="Fire", kind=safehub.AgencyKind.FIRE_AND_RESCUE))
    assert e.value.code == "forbidden"
    # Mental health is not on the case team: it may not write on the case.
    case = open_asb_case(world)
    with pytest.raises(safehub.SafehubError) as e:
        world.hub.add_entry(world.nurse, case, note("Secret health detail"))
    assert e.value.code in ("forbidden", "not_found")
    assert "Secret health detail" not in str(e.value)


def test_an_unknown_id_raises_not_found(world):
    with pytest.raises(safehub.SafehubError.NotFound) as e:
        world.hub.case(viewer(world.pc), str(uuid.uuid4()))
    assert e.value.code == "not_found"


def test_a_malformed_id_raises_invalid_input(world):
    with pytest.raises(safehub.SafehubError.InvalidInput) as e:
        world.hub.case(viewer(world.pc), "not-an-id")
    assert e.value.code == "invalid_input"
    assert "not-an-id" not in str(e.value)


def test_an_illegal_transition_raises_invalid_transition(world):
    case = open_asb_case(world)
    task = world.hub.set_task(
        world.pc,
        safehub.NewTask(
            case=case,
            assignee=safehub.Assignee.AGENCY(id=world.housing),
            title="Visit",
            detail="Visit the flat.",
            category=safehub.InformationCategory.ASB,
            due=now() + timedelta(days=1),
            priority=safehub.Priority.NORMAL,
        ),
    )
    world.hub.cancel_task(world.pc, task)
    with pytest.raises(safehub.SafehubError.InvalidTransition) as e:
        world.hub.accept_task(world.housing_officer, task)
    assert e.value.code == "invalid_transition"


def test_every_error_class_is_a_safehub_error_with_a_code():
    for name in (
        "InvalidInput",
        "InvalidIdentifier",
        "NotFound",
        "Forbidden",
        "InvalidTransition",
        "Conflict",
        "Tampered",
        "Storage",
    ):
        assert issubclass(getattr(safehub.SafehubError, name), safehub.SafehubError)


# ---- incidents: CSV import with a progress listener, Top 50 ---------------------------------


class Progress(safehub.ImportProgressListener):
    def __init__(self):
        self.reports = []

    def on_progress(self, progress):
        self.reports.append((progress.phase, progress.done, progress.total))


def test_incident_import_from_csv_reports_progress_and_feeds_the_top_50(world):
    progress = Progress()
    report = world.hub.import_incidents_csv(world.pc, incident_csv(100), 25, progress)
    assert report.imported == 100
    assert report.created_people == 5 and report.created_locations == 1
    assert progress.reports and progress.reports[-1][0] == safehub.ImportPhase.DONE
    assert all(total == 100 for _, _, total in progress.reports)

    top = world.hub.top(
        viewer(world.pc),
        safehub.TopQuery(kind=safehub.TopKind.CALLERS, measure=safehub.TopMeasure.COUNT(), end=now(), days=30, limit=50),
    )
    assert [row.rank for row in top.rows] == [1, 2, 3, 4, 5]
    assert [row.count for row in top.rows] == [20] * 5
    assert all(isinstance(row.subject.subject, safehub.Subject.PERSON) for row in top.rows)
    assert top.rows[0].movement == safehub.Movement.NEW()

    # The same import again: every row is a duplicate, nothing new is recorded.
    again = world.hub.import_incidents_csv(world.pc, incident_csv(100), 1000, None)
    assert (again.imported, again.duplicates_skipped) == (0, 100)

    seen = world.hub.incidents(viewer(world.pc), now() - timedelta(days=30), now() + timedelta(days=1), 1000)
    assert len(seen) == 100 and seen[0].category == safehub.IncidentCategory.ASB_NUISANCE()


def test_a_bad_csv_row_rejects_the_whole_import_naming_line_and_field(world):
    csv = incident_csv(3) + "CAD-bad,yesterday,asb_nuisance,Loud music,1 Elm Road,B79 7AA,Caller 9,1999-01-01\n"
    with pytest.raises(safehub.SafehubError.ImportRejected) as e:
        world.hub.import_incidents_csv(world.pc, csv, 1000, None)
    assert e.value.code == "import_rejected"
    assert [(r.line, r.field) for r in e.value.errors] == [(5, "occurred_at")]
    assert "yesterday" not in str(e.value) and "yesterday" not in e.value.errors[0].expected
    assert world.hub.incidents(viewer(world.pc), now() - timedelta(days=30), now() + timedelta(days=1), 10) == []


def test_a_listener_that_raises_does_not_stop_the_import(world):
    class Broken(safehub.ImportProgressListener):
        calls = 0

        def on_progress(self, progress):
            Broken.calls += 1
            raise RuntimeError("display failed")

    report = world.hub.import_incidents_csv(world.pc, incident_csv(50), 10, Broken())
    assert report.imported == 50
    assert Broken.calls == 1


def test_incident_records_import_as_a_batch(world):
    rows = [
        safehub.IncidentRow(
            external_ref=f"REC-{n}",
            occurred_at=now() - timedelta(hours=n + 1),
            reported_at=None,
            category="domestic_abuse",
            offence_code=None,
            summary="Shouting heard",
            location=safehub.LocationRef(uprn=None, address="1 Elm Road", postcode=None, label="Elm Road"),
            caller=safehub.PersonRef(name="Pat Doe", date_of_birth="1970-02-03", identifiers=[]),
            people=[],
        )
        for n in range(10)
    ]
    report = world.hub.import_incidents(world.pc, rows, 1000, None)
    assert (report.imported, report.created_people, report.created_locations) == (10, 1, 1)
