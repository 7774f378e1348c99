"""One person recorded by police and by housing, merged by agreement of both through the Python
bindings: housing see police's request and reason, the repeats count her once, each agency reads
the other's profile under its own rules, and housing undo the merge."""

from datetime import timedelta

import pytest

import safehub
from world import incident_csv, now, open_asb_case, viewer


def housing_calls(rows):
    """`rows` ASB calls housing logged from "Caller Nought", police's "Caller 0"."""
    lines = ["external_ref,occurred_at,category,summary,caller_name,caller_date_of_birth"]
    base = now().replace(microsecond=0) - timedelta(days=3)
    for n in range(rows):
        at = (base - timedelta(hours=n)).isoformat().replace("+00:00", "Z")
        lines.append(f"HSG-{n},{at},asb_nuisance,Noise complaint,Caller Nought,1980-01-01")
    return "\n".join(lines) + "\n"


def own(hub, who, name):
    return next(
        v.person.id
        for v in hub.search_people(viewer(who), name)
        if isinstance(v, safehub.PersonView.FULL) and v.person.name == name
    )


def people_repeats(hub, who):
    return sorted(
        (h.subject.name, h.count)
        for h in hub.repeats(viewer(who), now(), None)
        if h.kind == safehub.RepeatKind.PERSON
    )


def test_police_and_housing_merge_one_caller_and_housing_undo_it(world):
    w, hub = world, world.hub
    hub.import_incidents_csv(w.pc, incident_csv(20), 1000, None)
    hub.import_incidents_csv(w.housing_officer, housing_calls(3), 1000, None)
    police_profile = own(hub, w.pc, "Caller 0")
    housing_profile = own(hub, w.housing_officer, "Caller Nought")
    case = open_asb_case(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(police_profile), safehub.SubjectRole.VICTIM)
    hub.link_subject(
        w.housing_officer, case, safehub.Subject.PERSON(housing_profile), safehub.SubjectRole.VICTIM
    )
    before = people_repeats(hub, w.pc)
    assert ("Caller 0", 4) in before and ("Caller Nought", 3) in before

    assert hub.agree_merge(w.pc, police_profile, housing_profile, "Same caller, same flat.") is False
    [request] = hub.merge_requests(viewer(w.housing_officer))
    assert request.agreed_by.id == w.police and request.reason == "Same caller, same flat."
    assert hub.merge_requests(viewer(w.nurse)) == []
    assert hub.agree_merge(w.housing_officer, police_profile, housing_profile, "Agreed.") is True

    merged = people_repeats(hub, w.pc)
    assert ("Caller 0", 7) in merged and all(name != "Caller Nought" for name, _ in merged)
    profiles = hub.merged_profiles(viewer(w.housing_officer), housing_profile)
    assert [p.person.id for p in profiles] == [police_profile, housing_profile]
    # Mental health, on no case about her, see two names and whom to ask.
    stubs = hub.merged_profiles(viewer(w.nurse), police_profile)
    assert all(isinstance(p, safehub.PersonView.STUB) for p in stubs)

    with pytest.raises(safehub.SafehubError.InvalidInput):
        hub.agree_merge(w.pc, police_profile, police_profile, "Itself.")
    with pytest.raises(safehub.SafehubError.Forbidden):
        hub.unmerge(w.nurse, housing_profile, "Not ours.")
    hub.unmerge(w.housing_officer, housing_profile, "Tenancy records disagree.")
    assert people_repeats(hub, w.pc) == before
