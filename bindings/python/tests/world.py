"""A small partnership built through the bindings, for the tests and bench_calls.py.

Police (host) and Housing sign an agreement covering general, ASB, personal details and risk
assessment information; Mental Health is in the partnership without an agreement. Each agency has
a case worker; police also has a supervisor. The world is built fresh per test (in memory).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import safehub

# A valid NHS number (check digit 9) from the NHS test range.
NHS_NUMBER = "943 476 5919"


def now():
    return datetime.now(timezone.utc)


def viewer(practitioner, why="hub meeting"):
    return safehub.Viewer(practitioner=practitioner, justification=why, as_of=None)


def note(text, visibility=safehub.Visibility.CASE_TEAM, category=safehub.InformationCategory.ASB):
    return safehub.NewEntry(
        kind=safehub.EntryKind.NOTE,
        category=category,
        text=text,
        visibility=visibility,
        sensitive=False,
        show_author=True,
    )


@dataclass
class World:
    hub: "safehub.Hub"
    police: str
    housing: str
    mental_health: str
    admin: str
    pc: str
    sergeant: str
    housing_officer: str
    nurse: str
    agreement: str


def build_world(hub=None):
    hub = hub or safehub.Hub.open_in_memory()
    est = hub.establish(
        "Tamworth Hub", safehub.NewAgency(name="Police", kind=safehub.AgencyKind.POLICE), "Insp Admin"
    )
    housing = hub.add_agency(est.admin, safehub.NewAgency(name="Housing", kind=safehub.AgencyKind.HOUSING))
    mental_health = hub.add_agency(
        est.admin, safehub.NewAgency(name="Mental Health", kind=safehub.AgencyKind.MENTAL_HEALTH)
    )

    def register(agency, name, role):
        return hub.register_practitioner(
            est.admin, safehub.NewPractitioner(agency=agency, name=name, role=role, external_id=None)
        )

    pc = register(est.agency, "PC Patel", safehub.Role.CASE_WORKER)
    sergeant = register(est.agency, "Sgt Jones", safehub.Role.SUPERVISOR)
    housing_officer = register(housing, "Housing officer", safehub.Role.CASE_WORKER)
    nurse = register(mental_health, "Nurse Okafor", safehub.Role.CASE_WORKER)
    agreement = hub.sign_agreement(
        est.admin,
        safehub.NewAgreement(
            title="Hub information sharing protocol",
            parties=[est.agency, housing],
            purposes=["ASB"],
            lawful_basis=safehub.LawfulBasis.CRIME_AND_DISORDER_ACT_S115(),
            categories=[
                safehub.InformationCategory.GENERAL,
                safehub.InformationCategory.ASB,
                safehub.InformationCategory.PERSONAL_DETAILS,
                safehub.InformationCategory.RISK_ASSESSMENT,
            ],
            special_category=False,
            starts=now() - timedelta(days=365),
            ends=None,
        ),
    )
    return World(
        hub=hub,
        police=est.agency,
        housing=housing,
        mental_health=mental_health,
        admin=est.admin,
        pc=pc,
        sergeant=sergeant,
        housing_officer=housing_officer,
        nurse=nurse,
        agreement=agreement,
    )


def open_asb_case(w, title="Noise, Elm Road"):
    return w.hub.open_case(
        w.pc,
        safehub.NewCase(case_type=safehub.CaseType.ASB, title=title, lead_practitioner=None, team=[w.housing]),
    )


def record_victim(w, name="Alex Smith"):
    return w.hub.record_person(
        w.pc,
        safehub.NewPerson(
            name=name,
            aliases=[],
            date_of_birth="1980-05-17",
            identifiers=[safehub.Identifier(kind=safehub.IdentifierKind.NHS_NUMBER, value=NHS_NUMBER)],
            flags=[safehub.VulnerabilityFlag.ISOLATED],
            restricted=False,
        ),
    )


def incident_csv(rows, start=0):
    """`rows` ASB calls over the last days at one address, callers cycling through five people."""
    lines = ["external_ref,occurred_at,category,summary,location_address,location_postcode,caller_name,caller_date_of_birth"]
    base = now().replace(microsecond=0) - timedelta(days=2)
    for n in range(start, start + rows):
        caller = n % 5
        at = (base - timedelta(minutes=n)).isoformat().replace("+00:00", "Z")
        lines.append(f"CAD-{n},{at},asb_nuisance,Loud music,1 Elm Road,B79 7AA,Caller {caller},198{caller}-01-0{caller + 1}")
    return "\n".join(lines) + "\n"
