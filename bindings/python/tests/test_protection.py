"""Data protection through the Python bindings: a subject access export (data, JSON, Markdown),
the retention rules and the "due for review" list, disposal on request, and the DPO's reports."""

import json
from datetime import timedelta

import pytest

import safehub
from world import note, now, open_asb_case, record_victim, viewer

SEVEN_YEARS = timedelta(days=366 * 7)


def test_a_subject_access_export_says_who_releases_each_part(world):
    w, hub = world, world.hub
    case = open_asb_case(w)
    victim = record_victim(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(id=victim), safehub.SubjectRole.VICTIM)
    hub.add_entry(w.pc, case, note("Police spoke to Alex."))
    hub.add_entry(w.housing_officer, case, note("Housing: rent account in order."))

    export = hub.subject_access(viewer(w.sergeant, "SAR-2026-014"), victim)
    view = export.view()
    assert (view.person, view.requesting_agency.name, view.requested_by.id) == (victim, "Police", w.sergeant)
    parts = {part.agency.name: part for part in view.agencies}
    assert [part.agency.name for part in view.agencies] == ["Police", "Housing"]
    assert parts["Police"].disclosure == safehub.Disclosure.RELEASE_BY_SELF()
    assert parts["Housing"].disclosure == safehub.Disclosure.REFER_TO_OWNING_AGENCY(agency=parts["Housing"].agency)
    police_items = [item.view for item in parts["Police"].items]
    assert any(isinstance(v, safehub.ItemView.PROFILE) for v in police_items)
    assert any(isinstance(v, safehub.ItemView.CASE) and v.case.case.id == case for v in police_items)
    housing_entries = [item.view.entry for item in parts["Housing"].items if isinstance(item.view, safehub.ItemView.ENTRY)]
    assert [e.entry.text for e in housing_entries] == ["Housing: rent account in order."]

    as_json = json.loads(export.to_json())
    assert as_json["person"] == victim and len(as_json["agencies"]) == 2
    markdown = export.to_markdown()
    assert markdown.startswith("# Subject access export") and "refer to Housing" in markdown

    # The SAR handler's role is needed; a case worker is refused.
    with pytest.raises(safehub.SafehubError.Forbidden) as e:
        hub.subject_access(viewer(w.pc), victim)
    assert e.value.code == "forbidden"


def test_a_closed_case_falls_due_for_retention_review_by_the_rule_and_is_disposed_of_on_request(world):
    w, hub = world, world.hub
    case = open_asb_case(w)
    hub.add_entry(w.pc, case, note("Noise diary received."))
    hub.change_case_status(w.pc, case, safehub.CaseStatus.CLOSED)

    assert hub.retention_rules() == [safehub.default_retention_rule()]
    assert hub.retention_due(viewer(w.sergeant), now()) == []
    due = hub.retention_due(viewer(w.sergeant), now() + SEVEN_YEARS)
    assert [d.case for d in due] == [case]
    assert (due[0].rule.review_after_months, due[0].retained_before) == (72, False)
    assert [e.category for e in due[0].entries] == [safehub.InformationCategory.ASB]

    # ASB cases reviewed every ten years (MoPI group 2): not due after seven.
    rule = safehub.mopi_retention_rule(
        safehub.AppliesTo(category=None, case_type=safehub.CaseType.ASB), safehub.MopiGroup.GROUP2
    )
    assert rule.review_after_months == 120
    hub.set_retention_rule(w.admin, rule)
    assert rule in hub.retention_rules()
    assert hub.retention_due(viewer(w.sergeant), now() + SEVEN_YEARS) == []
    with pytest.raises(safehub.SafehubError.InvalidInput):
        hub.decide_retention(w.sergeant, case, safehub.RetentionChoice.RETAIN(reason="Still needed."))

    # An erasure request: the case's content goes, the tombstone says what went, the chain verifies.
    tombstone = hub.dispose(w.admin, safehub.ErasureTarget.CASE(id=case), "SAR-2026-014 erasure")
    assert tombstone.target == safehub.ErasureTarget.CASE(id=case)
    assert tombstone.ground == safehub.ErasureGround.REQUEST(reference="SAR-2026-014 erasure")
    assert safehub.ErasedRecord.CASE(id=case) in tombstone.records and tombstone.seqs
    assert hub.verify().first_bad is None
    assert hub.retention_due(viewer(w.sergeant), now() + timedelta(days=366 * 11)) == []


def test_the_dpo_reports_consultations_expiring_agreements_and_unused_access(world):
    w, hub = world, world.hub
    case = open_asb_case(w)
    hub.add_entry(w.pc, case, note("Shared with housing."))
    hub.case(viewer(w.housing_officer, "tenancy check"), case)

    report = hub.consultation_report(viewer(w.sergeant), now() - timedelta(hours=1), now() + timedelta(hours=1))
    assert report.agency.name == "Police"
    assert [row.justification for row in report.rows] == ["tenancy check"]
    assert [(t.agency.name, t.consultations) for t in report.by_agency] == [("Housing", 1)]
    assert [t.agreement.id for t in report.by_agreement] == [w.agreement]

    hub.end_agreement(w.admin, w.agreement, now() + timedelta(days=10))
    expiring = hub.agreements_expiring(viewer(w.sergeant), 30)
    assert [e.agreement.id for e in expiring] == [w.agreement] and 9 <= expiring[0].days_left <= 10
    assert hub.agreements_expiring(viewer(w.sergeant), 5) == []

    assert w.pc in [u.practitioner.id for u in hub.unused_access(viewer(w.sergeant), now() + timedelta(minutes=1))]
    assert w.pc not in [u.practitioner.id for u in hub.unused_access(viewer(w.sergeant), now() - timedelta(hours=1))]
