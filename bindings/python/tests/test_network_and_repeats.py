"""The meeting's other reads through the Python bindings: a person's network and its DOT, GraphML
and GeoJSON exports as the sharing rules allow, repeats and the ASB case review threshold, and
incident counts."""

import json
from datetime import timedelta

import safehub
from world import incident_csv, now, open_asb_case, record_victim, viewer


def new_person(name, restricted):
    return safehub.NewPerson(
        name=name, aliases=[], date_of_birth=None, identifiers=[], flags=[], restricted=restricted
    )


def test_a_network_shows_a_stub_as_a_stub_and_never_names_a_restricted_person(world):
    w, hub = world, world.hub
    case = open_asb_case(w)  # led by police, housing on the team
    victim = record_victim(w)
    hub.link_subject(w.pc, case, safehub.Subject.PERSON(id=victim), safehub.SubjectRole.VICTIM)
    place = hub.record_location(
        w.pc,
        safehub.NewLocation(
            label="Market Street", address="1 Market Street", postcode=None, uprn=None,
            coordinates=safehub.Coordinates(lat=52.633, lon=-1.695), restricted=False,
        ),
    )
    hub.link_subject(w.pc, case, safehub.Subject.LOCATION(id=place), safehub.SubjectRole.LOCATION_OF_CONCERN)
    # Police and mental health agree to share ASB cases but not personal details; mental health
    # joins the team and links two of its own people. Police see one as a stub (name and whom to
    # ask) and may not know of the other, whose profile is restricted.
    hub.sign_agreement(
        w.admin,
        safehub.NewAgreement(
            title="ASB case protocol", parties=[w.police, w.mental_health], purposes=["ASB"],
            lawful_basis=safehub.LawfulBasis.CRIME_AND_DISORDER_ACT_S115(),
            categories=[safehub.InformationCategory.GENERAL, safehub.InformationCategory.ASB],
            special_category=False, starts=now() - timedelta(days=1), ends=None,
        ),
    )
    hub.add_team_member(w.pc, case, safehub.TeamMember.AGENCY(id=w.mental_health))
    client = hub.record_person(w.nurse, new_person("Casey Client", restricted=False))
    hidden = hub.record_person(w.nurse, new_person("Jordan Hidden", restricted=True))
    hub.link_subject(w.nurse, case, safehub.Subject.PERSON(id=client), safehub.SubjectRole.WITNESS)
    hub.link_subject(w.nurse, case, safehub.Subject.PERSON(id=hidden), safehub.SubjectRole.PERPETRATOR)

    network = hub.network(viewer(w.pc), safehub.Subject.PERSON(id=victim), 2)
    view = network.view()
    assert view.start == safehub.Subject.PERSON(id=victim) and not view.truncated
    assert {n.label: n.access for n in view.nodes} == {
        "Alex Smith": safehub.Access.FULL,
        "Market Street": safehub.Access.FULL,
        "Casey Client": safehub.Access.STUB,
    }
    stub = next(n for n in view.nodes if n.label == "Casey Client")
    assert stub.coordinates is None and stub.hops == 1
    assert all(e.cases == [case] and isinstance(e.relation, safehub.Relation.CASE) for e in view.edges)
    assert safehub.Subject.PERSON(id=hidden) not in [s for e in view.edges for s in (e.a, e.b)]

    dot, graphml, geojson = network.to_dot(), network.to_graphml(), network.to_geojson()
    for export in (dot, graphml, geojson):
        assert "Jordan Hidden" not in export and hidden not in export
    assert dot.startswith("graph network {") and "style=dashed" in dot and "Casey Client" in dot
    assert "<graphml" in graphml and "Casey Client" in graphml
    features = json.loads(geojson)["features"]
    assert [f["properties"]["id"].endswith(place) for f in features] == [True]

    # Housing's agreement with police does not cover locations: the place is a stub to housing,
    # without coordinates, so its map is empty; the restricted person is hidden from it too.
    housing = hub.network(viewer(w.housing_officer), safehub.Subject.PERSON(id=victim), 2)
    assert {n.label: n.access for n in housing.view().nodes}["Market Street"] == safehub.Access.STUB
    assert json.loads(housing.to_geojson())["features"] == []
    assert "Jordan Hidden" not in housing.to_dot() and "Jordan Hidden" not in housing.to_graphml()


def test_repeats_and_case_review_thresholds_count_only_what_the_viewer_may_read(world):
    w, hub = world, world.hub
    hub.import_incidents_csv(w.pc, incident_csv(100), 1000, None)
    window = (now() - timedelta(days=30), now() + timedelta(days=1))
    assert hub.incident_count(viewer(w.pc), *window) == 100
    assert hub.incident_count(viewer(w.nurse), *window) == 0

    hits = hub.repeats(viewer(w.pc), now(), None)
    people = [h for h in hits if h.kind == safehub.RepeatKind.PERSON]
    places = [h for h in hits if h.kind == safehub.RepeatKind.LOCATION]
    assert sorted(h.subject.name for h in people) == [f"Caller {n}" for n in range(5)]
    assert [h.count for h in people] == [20] * 5 and [h.count for h in places] == [100]
    assert hub.repeats(viewer(w.nurse), now(), None) == []
    stricter = safehub.default_repeat_config()
    stricter.person.incidents = 21
    assert [h.kind for h in hub.repeats(viewer(w.pc), now(), stricter)] == [safehub.RepeatKind.LOCATION]

    reviews = hub.case_review_thresholds(viewer(w.pc), now(), None)
    assert sorted(h.subject.name for h in reviews) == [f"Caller {n}" for n in range(5)]
    assert [h.basis for h in reviews] == [safehub.CaseReviewBasis.COMPLAINTS(count=20)] * 5
    local = safehub.default_case_review_config()
    local.distinct_complainants = 5
    by_place = [h for h in hub.case_review_thresholds(viewer(w.pc), now(), local)
                if isinstance(h.subject.subject, safehub.Subject.LOCATION)]
    assert [h.basis for h in by_place] == [safehub.CaseReviewBasis.DISTINCT_COMPLAINANTS(count=5)]
    assert hub.case_review_thresholds(viewer(w.nurse), now(), None) == []


def test_a_repeat_caller_on_a_case_says_so_only_to_those_who_read_the_case(world):
    w, hub = world, world.hub
    hub.import_incidents_csv(w.pc, incident_csv(20), 1000, None)

    def caller_0(who):
        hits = hub.repeats(viewer(who), now(), None)
        return next(h.subject for h in hits if h.subject.name == "Caller 0")

    assert caller_0(w.pc).cases == []
    # A police-only case about the caller: housing counts the calls but is off the case.
    case = hub.open_case(
        w.pc,
        safehub.NewCase(case_type=safehub.CaseType.ASB, title="Caller 0: noise", lead_practitioner=None, team=[]),
    )
    hub.link_subject(w.pc, case, caller_0(w.pc).subject, safehub.SubjectRole.VICTIM)
    on = caller_0(w.pc).cases
    assert [(c.case, c.title, c.lead_agency.name) for c in on] == [(case, "Caller 0: noise", "Police")]
    assert caller_0(w.housing_officer).cases == []
    hub.add_team_member(w.pc, case, safehub.TeamMember.AGENCY(id=w.housing))
    assert [c.case for c in caller_0(w.housing_officer).cases] == [case]
