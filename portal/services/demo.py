"""The demo organisation: people in eleven countries to try the portal with, and their leave.

The leave requests are made through services.requests, as people would make them, with dates
counted from today; so their history, entitlements and pending changes are real.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select

from portal.domain.workflow import Action
from portal.extensions import db
from portal.models import Employee, Location, OutboxMessage
from portal.passwords import hash_password
from portal.services import requests
from portal.services.benefits import demo as benefit_demo

DEMO_PASSWORD = "parental-leave-demo"  # noqa: S105 (published on purpose)
EMPLOYEE_EMAIL = "employee@example.com"
MANAGER_EMAIL = "manager@example.com"
HR_EMAIL = "hr@example.com"
FIXED_ACCOUNTS = (EMPLOYEE_EMAIL, MANAGER_EMAIL, HR_EMAIL)
DEMO_SIZE = 60


@dataclass(frozen=True)
class DemoLocation:
    name: str
    country: str
    subdivision: str | None
    timezone: str


LOCATIONS = (
    DemoLocation("San Francisco", "US", "CA", "America/Los_Angeles"),
    DemoLocation("New York", "US", "NY", "America/New_York"),
    DemoLocation("London", "GB", "ENG", "Europe/London"),
    DemoLocation("Berlin", "DE", "BE", "Europe/Berlin"),
    DemoLocation("Bengaluru", "IN", "KA", "Asia/Kolkata"),
    DemoLocation("Paris", "FR", None, "Europe/Paris"),
    DemoLocation("Dublin", "IE", None, "Europe/Dublin"),
)
# Added with the jurisdictions of POLICY §4 that came later; kept apart from LOCATIONS so the
# people above are placed exactly as before (the seeded choice draws from LOCATIONS).
MORE_LOCATIONS = (
    DemoLocation("Toronto", "CA", "ON", "America/Toronto"),
    DemoLocation("Sydney", "AU", "NSW", "Australia/Sydney"),
    DemoLocation("Madrid", "ES", "MD", "Europe/Madrid"),
    DemoLocation("Amsterdam", "NL", None, "Europe/Amsterdam"),
    DemoLocation("Tokyo", "JP", None, "Asia/Tokyo"),
)
# Two people at each of MORE_LOCATIONS: (name, location, hire date).
MORE_PEOPLE = (
    ("Maya Tremblay", "Toronto", date(2019, 6, 3)),
    ("Noah Singh", "Toronto", date(2024, 2, 12)),
    ("Chloe Nguyen", "Sydney", date(2018, 11, 5)),
    ("Jack Wilson", "Sydney", date(2025, 1, 13)),
    ("Lucía Fernández", "Madrid", date(2020, 9, 1)),
    ("Javier Ruiz", "Madrid", date(2023, 4, 17)),
    ("Sanne de Vries", "Amsterdam", date(2017, 3, 6)),
    ("Daan Bakker", "Amsterdam", date(2022, 8, 29)),
    ("Yui Sato", "Tokyo", date(2016, 10, 3)),
    ("Ren Takahashi", "Tokyo", date(2024, 7, 1)),
)

FIRST_NAMES = (
    "Aisha", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Gustav", "Hana", "Ines", "Jonas",
    "Kavya", "Liam", "Mei", "Nikolai", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tariq",
    "Uma", "Viktor", "Wen", "Ximena", "Yara", "Zoltan", "Anouk", "Bilal", "Camille", "Dev",
    "Eitan", "Freya", "Giulia", "Hiro", "Ifeoma", "Jae", "Karin", "Luca", "Maren", "Noor",
    "Oskar", "Priyanka", "Rafael", "Saanvi", "Tomas", "Ulla", "Valentina", "Wiebke", "Yusuf",
    "Zainab", "Arjun", "Beatriz", "Clara", "Dmitri",
)
LAST_NAMES = (
    "Adeyemi", "Bauer", "Costa", "Dubois", "Eriksen", "Fontaine", "Gupta", "Haddad", "Iyer",
    "Jansen", "Kowalski", "Laurent", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quispe",
    "Rossi", "Schmidt", "Tanaka", "Urquhart", "Varga", "Weber", "Xu", "Yilmaz", "Zhang",
    "Andersen", "Banerjee", "Castillo", "Doyle",
)


def _employee(
    name: str, email: str, location: Location, password_hash: str, hire_date: date, **fields
) -> Employee:
    return Employee(
        name=name,
        email=email,
        password_hash=password_hash,
        location=location,
        timezone=location.timezone,
        hire_date=hire_date,
        **fields,
    )


def seed_demo_organisation() -> int:
    """Create the demo organisation once; returns how many employees were created (0 if present)."""
    if db.session.scalar(select(Employee.id).where(Employee.email == MANAGER_EMAIL)):
        return 0
    rng = random.Random(2026)  # noqa: S311 (repeatable demo data, not secrets)
    # Everyone shares one hash of the published demo password: one slow hash, not sixty.
    password_hash = hash_password(DEMO_PASSWORD)
    places = {spec.name: Location(**vars(spec)) for spec in LOCATIONS}
    db.session.add_all(places.values())

    def hired() -> date:
        return date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 10))

    head = _employee(
        "Elena Fischer", "elena.fischer@example.com", places["Berlin"], password_hash, hired()
    )
    manager = _employee(
        "Sam Okafor", MANAGER_EMAIL, places["London"], password_hash, date(2019, 4, 1), manager=head
    )
    second_manager = _employee(
        "Diego Alvarez", "diego.alvarez@example.com", places["New York"], password_hash, hired(),
        manager=head,
    )
    third_manager = _employee(
        "Ananya Rao", "ananya.rao@example.com", places["Bengaluru"], password_hash, hired()
    )
    hr_people = [
        _employee("Priya Nair", HR_EMAIL, places["Dublin"], password_hash, date(2018, 9, 3),
                  is_hr=True, manager=head),
        _employee("Jordan Blake", "jordan.blake@example.com", places["San Francisco"],
                  password_hash, hired(), is_hr=True, manager=head),
    ]
    employee = _employee(
        "Alex Rivera", EMPLOYEE_EMAIL, places["London"], password_hash, date(2021, 3, 1),
        manager=manager,
    )
    people = [head, manager, second_manager, third_manager, *hr_people, employee]
    teams = (manager, second_manager, third_manager, head)
    location_list = list(places.values())
    names = iter(zip(FIRST_NAMES, rng.sample(LAST_NAMES * 2, len(FIRST_NAMES)), strict=True))
    colleagues = []  # everyone but the named people above: they are the ones with demo leave
    while len(people) + len(colleagues) < DEMO_SIZE:
        first, last = next(names)
        email = f"{first}.{last}".lower().replace("'", "") + "@example.com"
        colleagues.append(
            _employee(
                f"{first} {last}", email, rng.choice(location_list), password_hash, hired(),
                manager=teams[(len(people) + len(colleagues)) % len(teams)],
            )
        )
    people += colleagues
    more_places = {spec.name: Location(**vars(spec)) for spec in MORE_LOCATIONS}
    db.session.add_all(more_places.values())
    for n, (name, place, hire_date) in enumerate(MORE_PEOPLE):
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        email = plain.lower().replace(" ", ".") + "@example.com"
        people.append(
            _employee(
                name, email, more_places[place], password_hash, hire_date,
                manager=teams[n % len(teams)],
            )
        )
    db.session.add_all(people)
    db.session.commit()
    seed_demo_requests(colleagues, hr_people[0])
    # Claims for the people of MORE_PEOPLE, decided by the HR person who is no fixed account.
    benefit_demo.seed_demo_claims(people[-len(MORE_PEOPLE):], hr_people[1])
    return len(people)


@dataclass(frozen=True)
class DemoRequest:
    """One request of the demo: its case, in days from today, and what happened to it since.

    A step is (action, note) for a page action, ("birth", day) or ("neonatal_care", days).
    """

    key: str
    role: str
    event: str
    event_day: int
    start_day: int | None = None
    gestation_weeks: int | None = None
    note_to_hr: str = ""
    submit: bool = True
    steps: tuple[tuple, ...] = ()


APPROVE = (Action.APPROVE, "")
DEMO_REQUESTS = (
    # On leave this month.
    DemoRequest("on-leave-birth", "birthing", "birth", -45, steps=(APPROVE,)),
    DemoRequest("on-leave-partner", "non_birthing", "birth", -20, steps=(APPROVE,)),
    DemoRequest("on-leave-adoption", "adoptive", "adoption", -70, steps=(APPROVE,)),
    DemoRequest("on-leave-neonatal", "non_birthing", "birth", -30,
                steps=(APPROVE, ("neonatal_care", 12))),
    # Approved, then the baby came early: the change waits for HR.
    DemoRequest("change-pending", "birthing", "birth", 10, start_day=-10,
                steps=(APPROVE, ("birth", -3))),
    # Back soon, or back already.
    DemoRequest("pregnancy-loss", "birthing", "pregnancy_loss", -22, start_day=-20,
                gestation_weeks=11),
    DemoRequest("returning-soon", "non_birthing", "birth", -130, steps=(APPROVE,)),
    DemoRequest("returned", "intended", "surrogacy", -200, steps=(APPROVE,)),
    DemoRequest("upcoming", "intended", "surrogacy", 25, steps=(APPROVE,)),
    # Waiting for HR.
    DemoRequest("submitted-birth", "birthing", "birth", 60, start_day=40,
                note_to_hr="I would like to start three weeks before the due date."),
    DemoRequest("submitted-partner", "non_birthing", "birth", 30),
    DemoRequest("information-requested", "adoptive", "adoption", 45, steps=(
        (Action.REQUEST_INFORMATION, "Could you tell us the placement date the agency gave?"),
    )),
    DemoRequest("answered", "non_birthing", "birth", 50, steps=(
        (Action.REQUEST_INFORMATION, "Is the due date still the one on the form?"),
        (Action.ANSWER, "Yes, it was confirmed last week."),
    )),
    # Not sent yet, or closed.
    DemoRequest("draft", "non_birthing", "birth", 100, submit=False),
    DemoRequest("rejected", "non_birthing", "birth", 35, steps=(
        (Action.REJECT, "This is a second request for the same birth; the first one stands."),
    )),
    DemoRequest("withdrawn", "adoptive", "adoption", 90, steps=((Action.WITHDRAW, ""),)),
    DemoRequest("cancelled", "intended", "surrogacy", 60,
                steps=(APPROVE, (Action.CANCEL, ""))),
)
HR_ACTIONS = frozenset({Action.APPROVE, Action.REJECT, Action.REQUEST_INFORMATION})


def _file(person: Employee, hr: Employee, spec: DemoRequest, today: date) -> None:
    def day(offset: int | None) -> date | None:
        return None if offset is None else today + timedelta(days=offset)

    data = requests.RequestInput(
        role=spec.role, event=spec.event, event_date=day(spec.event_day),
        start=day(spec.start_day), gestation_weeks=spec.gestation_weeks,
        note_to_hr=spec.note_to_hr,
    )
    request = requests.file_request(person, data, f"demo-{spec.key}", submit=spec.submit)
    for step, value in spec.steps:
        if step == "birth":
            requests.record_birth(person, request, request.version, day(value))
        elif step == "neonatal_care":
            requests.record_neonatal_care(person, request, request.version, value)
        else:
            actor = hr if step in HR_ACTIONS else person
            requests.act(actor, request, request.version, step, value)


def seed_demo_requests(people: list[Employee], hr: Employee, today: date | None = None) -> None:
    """Give these people one demo request each, in every state, decided by this HR person.

    The mail the workflow writes meanwhile is deleted: it was never news to anyone.
    """
    today = today or date.today()
    last_mail_before = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    for person, spec in zip(people, DEMO_REQUESTS, strict=False):
        _file(person, hr, spec, today)
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.id > last_mail_before))
    db.session.commit()
