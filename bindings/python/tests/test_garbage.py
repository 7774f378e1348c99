"""No panic crosses the boundary: garbage of every kind (empty and very long strings, control
characters, non-ASCII text, lone surrogates, malformed ids and dates, unknown ids, out-of-range
numbers and times, wrong types) through every kind of argument gives an exception, never a crash.

Each case is one call. It may raise only `SafehubError` (the hub refused the value) or
`ValueError`/`TypeError` (UniFFI's own argument checks refused it before Rust saw it); anything
else, including UniFFI's `InternalError` for a caught Rust panic, fails. Cases marked `must_raise`
(values that are invalid for that argument) must raise. Values that are valid for an argument
(non-ASCII text in a note) may succeed.

Run as a script (`python test_garbage.py`), the file sweeps every case in one process; the last
test runs that sweep in a subprocess and checks it exits cleanly, which proves no case aborts
the interpreter (an abort would kill pytest itself, not fail one test).
"""

import math
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import safehub
from world import build_world, note, now, open_asb_case, record_victim, viewer

ALLOWED = (safehub.SafehubError, ValueError, TypeError)

# Strings no id, date, identifier or JSON argument accepts. `text_ok` marks those that are
# nonetheless valid free text (a note may be in Chinese or quote SQL).
STRINGS = {
    "empty": ("", False),
    "blank": ("   \t ", False),
    "very_long": ("x" * 1_000_000, False),
    "nul": ("\x00", False),
    "nul_inside": ("abc\x00def", False),
    "control": ("a\x07b\x1bc", False),
    "newlines_only": ("\n\r\n\t", False),
    "lone_surrogate": ("\ud800", False),
    "non_ascii": ("\u202e\U0001f980 中文 ßœ", True),
    "nil_uuid": ("00000000-0000-0000-0000-000000000000", True),
    "unknown_uuid": (str(uuid.UUID(int=0xDEADBEEF)), True),
    "uuid_and_junk": (str(uuid.UUID(int=7)) + "x", True),
    "braces_uuid": ("{" + str(uuid.UUID(int=7)) + "}", True),
    "sql": ("'; DROP TABLE events; --", True),
    "impossible_date": ("2023-02-30", True),
    "garbage_date": ("9999-99-99", True),
    "bracket_bomb": ("[" * 100_000, False),
}

TIMES = {
    "year_1": datetime(1, 1, 1, tzinfo=timezone.utc),
    "year_9999": datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
    "epoch": datetime(1970, 1, 1, tzinfo=timezone.utc),
    "naive": datetime(2020, 1, 1),
}

WRONG_TYPES = {
    "none": None,
    "int": 42,
    "bytes": b"bytes",
    "float": 3.5,
    "list": ["x"],
    "object": object(),
}


class Ctx:
    """A small world with one of everything, for calls that need a real id beside the garbage."""

    def __init__(self):
        self.w = build_world()
        w = self.w
        self.case = open_asb_case(w)
        self.task = w.hub.set_task(
            w.pc,
            safehub.NewTask(
                case=self.case,
                assignee=safehub.Assignee.PRACTITIONER(id=w.housing_officer),
                title="Check the tenancy",
                detail="Is the flat let?",
                category=safehub.InformationCategory.ASB,
                due=now() + timedelta(days=3),
                priority=safehub.Priority.NORMAL,
            ),
        )
        self.victim = record_victim(w)
        w.hub.link_subject(w.pc, self.case, safehub.Subject.PERSON(id=self.victim), safehub.SubjectRole.VICTIM)
        self.assessment = w.hub.record_assessment(w.pc, assessment(self, self.victim))


def person(name="Alex Smith", dob=None, nhs=None):
    ids = [safehub.Identifier(kind=safehub.IdentifierKind.NHS_NUMBER, value=nhs)] if nhs is not None else []
    return safehub.NewPerson(name=name, aliases=[], date_of_birth=dob, identifiers=ids, flags=[], restricted=False)


def location(label="Market Street", postcode=None, uprn=None, coordinates=None):
    return safehub.NewLocation(
        label=label, address=None, postcode=postcode, uprn=uprn, coordinates=coordinates, restricted=False
    )


def task(c, due=None, assignee=None, title="Visit"):
    return safehub.NewTask(
        case=c.case,
        assignee=assignee or safehub.Assignee.AGENCY(id=c.w.housing),
        title=title,
        detail="Visit the flat.",
        category=safehub.InformationCategory.ASB,
        due=due or now() + timedelta(days=1),
        priority=safehub.Priority.NORMAL,
    )


def assessment(c, subject, answers=None, incidents=(), template="likelihood-impact"):
    return safehub.NewAssessment(
        case=c.case,
        subject=subject,
        template=template,
        version=None,
        answers=answers or {"likelihood": safehub.AnswerValue.SCALE(value=2), "impact": safehub.AnswerValue.SCALE(value=2)},
        escalation=safehub.EscalationInput(incidents=list(incidents), last_marac_referral=None),
        visibility=safehub.Visibility.CASE_TEAM,
        sensitive=False,
        notes=None,
    )


def incident_row(external_ref="REF-1", category="asb_nuisance", caller=None):
    return safehub.IncidentRow(
        external_ref=external_ref, occurred_at=now() - timedelta(hours=1), reported_at=None, category=category,
        offence_code=None, summary="", location=safehub.LocationRef(uprn=None, address="1 Elm Road", postcode=None, label=None),
        caller=caller, people=[],
    )


def top_query(days=30, limit=50, measure=None):
    return safehub.TopQuery(
        kind=safehub.TopKind.CALLERS, measure=measure or safehub.TopMeasure.COUNT(), end=now(), days=days, limit=limit
    )


def with_fields(record, **fields):
    """`record` with some fields replaced (UniFFI's Python records are plain mutable objects)."""
    for field, value in fields.items():
        setattr(record, field, value)
    return record


def repeat_config(**person_rule):
    """The core's default repeat rules, with fields of the person rule replaced."""
    config = safehub.default_repeat_config()
    with_fields(config.person, **person_rule)
    return config


def case_review_config(**fields):
    return with_fields(safehub.default_case_review_config(), **fields)


def briefing_config(**fields):
    return with_fields(safehub.default_briefing_config(), **fields)


def retention_rule(months):
    return with_fields(safehub.default_retention_rule(), review_after_months=months)


# Arguments that take an id: every garbage string is a malformed or unknown id.
ID_ARGS = {
    "case_id": lambda c, v: c.w.hub.case(viewer(c.w.pc), v),
    "actor_id": lambda c, v: c.w.hub.add_entry(v, c.case, note("x")),
    "viewer_id": lambda c, v: c.w.hub.cases(viewer(v)),
    "person_id": lambda c, v: c.w.hub.person(viewer(c.w.pc), v),
    "location_id": lambda c, v: c.w.hub.location(viewer(c.w.pc), v),
    "group_id": lambda c, v: c.w.hub.group(viewer(c.w.pc), v),
    "entry_id": lambda c, v: c.w.hub.change_entry_visibility(c.w.pc, v, safehub.Visibility.PRIVATE, False),
    "task_id": lambda c, v: c.w.hub.accept_task(c.w.housing_officer, v),
    "referral_id": lambda c, v: c.w.hub.referral(viewer(c.w.pc), v),
    "assessment_id": lambda c, v: c.w.hub.assessment(viewer(c.w.pc), v),
    "agreement_id": lambda c, v: c.w.hub.end_agreement(c.w.admin, v, now() + timedelta(days=1)),
    "agency_id": lambda c, v: c.w.hub.agency_leaves(c.w.admin, v),
    "team_member_id": lambda c, v: c.w.hub.add_team_member(c.w.pc, c.case, safehub.TeamMember.AGENCY(id=v)),
    "id_in_a_list": lambda c, v: c.w.hub.open_case(
        c.w.pc, safehub.NewCase(case_type=safehub.CaseType.ASB, title="t", lead_practitioner=None, team=[v])
    ),
    "subject_id": lambda c, v: c.w.hub.link_subject(
        c.w.pc, c.case, safehub.Subject.PERSON(id=v), safehub.SubjectRole.VICTIM
    ),
    "assignee_id": lambda c, v: c.w.hub.set_task(c.w.pc, task(c, assignee=safehub.Assignee.PRACTITIONER(id=v))),
    "referral_to": lambda c, v: c.w.hub.refer(
        c.w.pc,
        safehub.NewReferral(
            to=v, person=None, case=c.case, category=safehub.InformationCategory.ASB, reason="r",
            consent=safehub.Consent.GIVEN(), consent_override=None,
        ),
    ),
    "assessment_subject": lambda c, v: c.w.hub.record_assessment(c.w.pc, assessment(c, v)),
    "export_actor": lambda c, v: c.w.hub.export_journal(v),
    "network_start": lambda c, v: c.w.hub.network(viewer(c.w.pc), safehub.Subject.PERSON(id=v), 1),
    "subject_access_person": lambda c, v: c.w.hub.subject_access(viewer(c.w.sergeant), v),
    "retention_case": lambda c, v: c.w.hub.decide_retention(c.w.sergeant, v, safehub.RetentionChoice.DISPOSE()),
    "dispose_target": lambda c, v: c.w.hub.dispose(c.w.admin, safehub.ErasureTarget.PERSON(id=v), "ref"),
    "retention_rule_actor": lambda c, v: c.w.hub.set_retention_rule(v, safehub.default_retention_rule()),
}

# Ids whose unknown values are answered, not refused: explaining a thing the viewer may not know
# of gives the same "withheld" decision as for a thing that does not exist (by design: an error
# would confirm existence). Malformed ids must still raise.
ANSWERED_ID_ARGS = {
    "target_id": lambda c, v: c.w.hub.explain(viewer(c.w.pc), safehub.Target.ENTRY(id=v)),
    "target_id_in_a_list": lambda c, v: c.w.hub.explain_all(viewer(c.w.pc), [safehub.Target.CASE(id=v)]),
}
WELL_FORMED_IDS = {"nil_uuid", "unknown_uuid", "braces_uuid"}

# Arguments with a format (dates, identifiers, JSON, template ids): no garbage string fits.
FORMAT_ARGS = {
    "date_of_birth": lambda c, v: c.w.hub.record_person(c.w.pc, person(dob=v)),
    "nhs_number": lambda c, v: c.w.hub.record_person(c.w.pc, person(nhs=v)),
    "postcode": lambda c, v: c.w.hub.record_location(c.w.pc, location(postcode=v)),
    "uprn": lambda c, v: c.w.hub.record_location(c.w.pc, location(uprn=v)),
    "template_json": lambda c, v: c.w.hub.register_template(c.w.admin, v),
    "assessment_template_id": lambda c, v: c.w.hub.record_assessment(
        c.w.pc, assessment(c, c.victim, template=v)
    ),
    "incidents_json": lambda c, v: c.w.hub.import_incidents_json(c.w.pc, v, 1000, None),
    "incident_category": lambda c, v: c.w.hub.import_incidents(c.w.pc, [incident_row(category=v)], 1000, None),
    "incident_caller_dob": lambda c, v: c.w.hub.import_incidents(
        c.w.pc, [incident_row(caller=safehub.PersonRef(name="Pat", date_of_birth=v, identifiers=[]))], 1000, None
    ),
    "incident_id": lambda c, v: c.w.hub.incident(viewer(c.w.pc), v),
    "answer_choice": lambda c, v: c.w.hub.record_assessment(
        c.w.pc, assessment(c, c.victim, {"likelihood": safehub.AnswerValue.CHOICE(option=v)})
    ),
}

# Free-text arguments: garbage that is not valid text must raise; valid text may be accepted.
TEXT_ARGS = {
    "entry_text": lambda c, v: c.w.hub.add_entry(c.w.pc, c.case, note(v)),
    "case_title": lambda c, v: c.w.hub.open_case(
        c.w.pc, safehub.NewCase(case_type=safehub.CaseType.ASB, title=v, lead_practitioner=None, team=[])
    ),
    "person_name": lambda c, v: c.w.hub.record_person(c.w.pc, person(name=v)),
    "location_label": lambda c, v: c.w.hub.record_location(c.w.pc, location(label=v)),
    "agency_name": lambda c, v: c.w.hub.add_agency(c.w.admin, safehub.NewAgency(name=v, kind=safehub.AgencyKind.OTHER)),
    "hub_name": lambda c, v: safehub.Hub.open_in_memory().establish(
        v, safehub.NewAgency(name="Police", kind=safehub.AgencyKind.POLICE), "Admin"
    ),
    "search_query": lambda c, v: c.w.hub.search_people(viewer(c.w.pc), v),
    "task_title": lambda c, v: c.w.hub.set_task(c.w.pc, task(c, title=v)),
    "decline_reason": lambda c, v: c.w.hub.decline_task(c.w.housing_officer, c.task, v),
    "override_reason": lambda c, v: c.w.hub.override_assessment(c.w.pc, c.assessment, safehub.Level.HIGH, v),
    "incident_external_ref": lambda c, v: c.w.hub.import_incidents(c.w.pc, [incident_row(external_ref=v)], 1000, None),
    "dispose_reference": lambda c, v: c.w.hub.dispose(c.w.admin, safehub.ErasureTarget.CASE(id=c.case), v),
    "retain_reason": lambda c, v: c.w.hub.decide_retention(c.w.sergeant, c.case, safehub.RetentionChoice.RETAIN(reason=v)),
    "lawful_basis_text": lambda c, v: c.w.hub.sign_agreement(
        c.w.admin,
        safehub.NewAgreement(
            title="t", parties=[c.w.police, c.w.mental_health], purposes=["p"],
            lawful_basis=safehub.LawfulBasis.OTHER(text=v), categories=[safehub.InformationCategory.GENERAL],
            special_category=False, starts=now(), ends=None,
        ),
    ),
}

# Optional text: blank means "none given" and is accepted; invalid text must still raise.
OPTIONAL_TEXT_ARGS = {
    "justification": lambda c, v: c.w.hub.case(viewer(c.w.pc, why=v), c.case),
    "external_id": lambda c, v: c.w.hub.register_practitioner(
        c.w.admin, safehub.NewPractitioner(agency=c.w.police, name="PC New", role=safehub.Role.READ_ONLY, external_id=v)
    ),
    "assessment_notes": lambda c, v: c.w.hub.record_assessment(
        c.w.pc, safehub.NewAssessment(
            case=c.case, subject=c.victim, template="likelihood-impact", version=None,
            answers={"likelihood": safehub.AnswerValue.SCALE(value=1), "impact": safehub.AnswerValue.SCALE(value=1)},
            escalation=safehub.EscalationInput(incidents=[], last_marac_referral=None),
            visibility=safehub.Visibility.CASE_TEAM, sensitive=False, notes=v,
        )
    ),
}
BLANK = {"empty", "blank", "newlines_only"}

# Times: out-of-range or odd timestamps may be refused or accepted, never crash.
TIME_ARGS = {
    "task_due": lambda c, v: c.w.hub.set_task(c.w.pc, task(c, due=v)),
    "as_of": lambda c, v: c.w.hub.cases(safehub.Viewer(practitioner=c.w.pc, justification="", as_of=v)),
    "whats_new_since": lambda c, v: c.w.hub.whats_new(viewer(c.w.pc), v),
    "consultations_range": lambda c, v: c.w.hub.consultations(viewer(c.w.sergeant), v, v),
    "agreement_end": lambda c, v: c.w.hub.end_agreement(c.w.admin, c.w.agreement, v),
    "incident_time": lambda c, v: c.w.hub.record_assessment(c.w.pc, assessment(c, c.victim, incidents=[v])),
    "incident_count_range": lambda c, v: c.w.hub.incident_count(viewer(c.w.pc), v, v),
    "risk_changes_since": lambda c, v: c.w.hub.risk_changes(viewer(c.w.pc), v),
    "repeats_at": lambda c, v: c.w.hub.repeats(viewer(c.w.pc), v, None),
    "case_review_at": lambda c, v: c.w.hub.case_review_thresholds(viewer(c.w.pc), v, None),
    "briefing_since": lambda c, v: c.w.hub.briefing(viewer(c.w.pc), v, None).to_markdown(),
    "retention_due_at": lambda c, v: c.w.hub.retention_due(viewer(c.w.sergeant), v),
    "consultation_report_range": lambda c, v: c.w.hub.consultation_report(viewer(c.w.sergeant), v, v),
    "unused_access_since": lambda c, v: c.w.hub.unused_access(viewer(c.w.sergeant), v),
}

# Numbers out of range or not numbers at all: all must raise.
NUMBER_CASES = {
    "latitude_nan": lambda c: c.w.hub.record_location(c.w.pc, location(coordinates=safehub.Coordinates(lat=math.nan, lon=0.0))),
    "longitude_inf": lambda c: c.w.hub.record_location(c.w.pc, location(coordinates=safehub.Coordinates(lat=0.0, lon=math.inf))),
    "latitude_huge": lambda c: c.w.hub.record_location(c.w.pc, location(coordinates=safehub.Coordinates(lat=1e308, lon=0.0))),
    "limit_negative": lambda c: c.w.hub.priority_list(viewer(c.w.pc), -1),
    "limit_over_i64": lambda c: c.w.hub.priority_list(viewer(c.w.pc), 2**63),
    "seq_negative": lambda c: c.w.hub.changes_since(-1, 10),
    "seq_over_u64": lambda c: c.w.hub.changes_since(2**64, 10),
    "template_version_over_u32": lambda c: c.w.hub.template_json("likelihood-impact", 2**32),
    "scale_over_i64": lambda c: c.w.hub.record_assessment(
        c.w.pc, assessment(c, c.victim, {"likelihood": safehub.AnswerValue.SCALE(value=2**63)})
    ),
    "scale_out_of_template": lambda c: c.w.hub.record_assessment(
        c.w.pc, assessment(c, c.victim, {"likelihood": safehub.AnswerValue.SCALE(value=-(2**63))})
    ),
    "template_version_negative": lambda c: c.w.hub.template_json("likelihood-impact", -1),
    "top_days_zero": lambda c: c.w.hub.top(viewer(c.w.pc), top_query(days=0)),
    "top_days_negative": lambda c: c.w.hub.top(viewer(c.w.pc), top_query(days=-5)),
    "top_limit_negative": lambda c: c.w.hub.top(viewer(c.w.pc), top_query(limit=-1)),
    "top_harm_weight_nan": lambda c: c.w.hub.top(viewer(c.w.pc), top_query(measure=safehub.TopMeasure.HARM(
        weights=safehub.HarmWeights(by_category={"hate": math.nan}, by_offence={}, default_weight=1.0)))),
    "progress_every_negative": lambda c: c.w.hub.import_incidents(c.w.pc, [incident_row()], -1, None),
    "incidents_limit_negative": lambda c: c.w.hub.incidents(viewer(c.w.pc), now(), now(), -1),
    "too_many_incidents": lambda c: c.w.hub.record_assessment(
        c.w.pc, assessment(c, c.victim, incidents=[now()] * 1001)
    ),
    "network_hops_negative": lambda c: c.w.hub.network(viewer(c.w.pc), safehub.Subject.PERSON(id=c.victim), -1),
    "network_hops_over_max": lambda c: c.w.hub.network(viewer(c.w.pc), safehub.Subject.PERSON(id=c.victim), 5),
    "network_hops_over_u8": lambda c: c.w.hub.network(viewer(c.w.pc), safehub.Subject.PERSON(id=c.victim), 256),
    "expiring_days_negative": lambda c: c.w.hub.agreements_expiring(viewer(c.w.sergeant), -1),
    "expiring_days_over_u32": lambda c: c.w.hub.agreements_expiring(viewer(c.w.sergeant), 2**32),
    "briefing_top_days_zero": lambda c: c.w.hub.briefing(viewer(c.w.pc), now(), briefing_config(top_days=0)),
    "briefing_top_limit_negative": lambda c: c.w.hub.briefing(viewer(c.w.pc), now(), briefing_config(top_limit=-1)),
    "briefing_listed_negative": lambda c: c.w.hub.briefing(viewer(c.w.pc), now(), briefing_config(incidents_listed=-1)),
    "repeat_incidents_negative": lambda c: c.w.hub.repeats(viewer(c.w.pc), now(), repeat_config(incidents=-1)),
    "repeat_days_negative": lambda c: c.w.hub.repeats(
        viewer(c.w.pc), now(), repeat_config(within=safehub.Period.DAYS(days=-1))
    ),
    "repeat_months_over_u32": lambda c: c.w.hub.repeats(
        viewer(c.w.pc), now(), repeat_config(within=safehub.Period.MONTHS(months=2**32))
    ),
    "case_review_complaints_zero": lambda c: c.w.hub.case_review_thresholds(
        viewer(c.w.pc), now(), case_review_config(complaints=0)
    ),
    "case_review_hate_negative": lambda c: c.w.hub.case_review_thresholds(
        viewer(c.w.pc), now(), case_review_config(hate_incidents=-3)
    ),
    "retention_months_zero": lambda c: c.w.hub.set_retention_rule(c.w.admin, retention_rule(0)),
    "retention_months_negative": lambda c: c.w.hub.set_retention_rule(c.w.admin, retention_rule(-72)),
    "retention_months_over_limit": lambda c: c.w.hub.set_retention_rule(c.w.admin, retention_rule(2**31)),
    "too_many_team_members": lambda c: c.w.hub.open_case(
        c.w.pc,
        safehub.NewCase(case_type=safehub.CaseType.ASB, title="t", lead_practitioner=None, team=[c.w.housing] * 51),
    ),
}

# Wrong types where a string, a record, an enum or a list is expected: UniFFI's generated Python
# refuses them before any FFI call. For records and lists of enums it does so by reading the
# missing attribute, so AttributeError is allowed here (and only here) beside TypeError/ValueError.
WRONG_TYPE_ARGS = {
    "string_arg": lambda c, v: c.w.hub.case(viewer(c.w.pc), v),
    "record_arg": lambda c, v: c.w.hub.open_case(c.w.pc, v),
    "enum_arg": lambda c, v: c.w.hub.change_case_status(c.w.pc, c.case, v),
    "record_field": lambda c, v: c.w.hub.add_entry(c.w.pc, c.case, safehub.NewEntry(
        kind=safehub.EntryKind.NOTE, category=safehub.InformationCategory.ASB, text=v,
        visibility=safehub.Visibility.CASE_TEAM, sensitive=False, show_author=True)),
    "list_arg": lambda c, v: c.w.hub.explain_all(viewer(c.w.pc), v),

}

# Constructors: unopenable paths and corrupt journals.
CONSTRUCTOR_CASES = {
    "open_directory": lambda c: safehub.Hub.open("/"),
    "open_missing_dir": lambda c: safehub.Hub.open("/nonexistent/dir/hub.db"),
    "open_nul_path": lambda c: safehub.Hub.open("a\x00b"),
    "import_garbage": lambda c: safehub.Hub.import_journal(b"\x00\xff garbage"),
    "import_empty_bytes": lambda c: safehub.Hub.import_journal(b"not a journal" * 1000),
}


# Accepted shapes that must not crash: a one-line "CSV" is a header without rows (nothing to
# import), a repeat rule may name any category (an unknown one matches nothing), and UniFFI's
# Python takes any object as a progress listener (one without `on_progress` fails when called,
# which the import survives, as any raising listener).
MAY_SUCCEED_ARGS = {
    "incident_csv": (lambda c, v: c.w.hub.import_incidents_csv(c.w.pc, v, 1000, None), STRINGS),
    "repeat_category": (lambda c, v: c.w.hub.repeats(viewer(c.w.pc), now(), repeat_config(categories=[v])), STRINGS),
    "listener_arg": (
        lambda c, v: c.w.hub.import_incidents(c.w.pc, [incident_row(external_ref=str(uuid.uuid4()))], 1, v),
        {k: (v, True) for k, v in WRONG_TYPES.items()},
    ),
}

# Paths SQLite would open as a private database that vanishes on close: the core refuses them.
VANISHING_PATH_CASES = {
    "open_empty_path": lambda c: safehub.Hub.open(""),
    "open_memory_path": lambda c: safehub.Hub.open(":memory:"),
}


def cases():
    """Every case: (name, call taking the context, must_raise, extra allowed exceptions)."""
    out = []
    for arg, call in ID_ARGS.items():
        for label, (value, _) in STRINGS.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), True))
    for arg, call in ANSWERED_ID_ARGS.items():
        for label, (value, _) in STRINGS.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), label not in WELL_FORMED_IDS))
    for arg, call in FORMAT_ARGS.items():
        for label, (value, _) in STRINGS.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), True))
    for arg, call in TEXT_ARGS.items():
        for label, (value, text_ok) in STRINGS.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), not text_ok))
    for arg, call in OPTIONAL_TEXT_ARGS.items():
        for label, (value, text_ok) in STRINGS.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), not text_ok and label not in BLANK))
    for arg, (call, values) in MAY_SUCCEED_ARGS.items():
        for label, (value, _) in values.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), False))
    for arg, call in TIME_ARGS.items():
        for label, value in TIMES.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), False))
    for name, call in NUMBER_CASES.items():
        out.append((name, call, True))
    out = [(name, call, must, ()) for name, call, must in out]
    for arg, call in WRONG_TYPE_ARGS.items():
        for label, value in WRONG_TYPES.items():
            out.append((f"{arg}-{label}", (lambda call, value: lambda c: call(c, value))(call, value), True, (AttributeError,)))
    for name, call in CONSTRUCTOR_CASES.items():
        out.append((name, call, True, ()))
    for name, call in VANISHING_PATH_CASES.items():
        out.append((name, call, True, ()))
    return out


CASES = cases()


def run_case(ctx, call, must_raise, extra=()):
    """Runs one case; returns None if it behaved, else what went wrong."""
    try:
        call(ctx)
    except ALLOWED + extra:
        return None
    except BaseException as e:  # noqa: BLE001 - the point is to catch what should not happen
        return f"raised {type(e).__module__}.{type(e).__qualname__}: {e!s:.200}"
    return "returned normally, but this value must be refused" if must_raise else None


@pytest.fixture(scope="module")
def ctx():
    return Ctx()


@pytest.mark.parametrize("name,call,must_raise,extra", CASES, ids=[c[0] for c in CASES])
def test_garbage_gives_an_exception_not_a_crash(ctx, name, call, must_raise, extra):
    problem = run_case(ctx, call, must_raise, extra)
    assert problem is None, f"{name}: {problem}"


def test_the_whole_sweep_in_one_process_exits_cleanly():
    done = subprocess.run([sys.executable, __file__], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert f"swept {len(CASES)} cases" in done.stdout


if __name__ == "__main__":
    context = Ctx()
    problems = [(n, p) for n, call, must, extra in CASES if (p := run_case(context, call, must, extra))]
    for n, p in problems:
        print(f"{n}: {p}")
    print(f"swept {len(CASES)} cases, {len(problems)} problems")
    sys.exit(1 if problems else 0)
