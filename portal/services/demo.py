"""The demo organisation: people in six countries to try the portal with."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Employee, Location
from portal.passwords import hash_password

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
    while len(people) < DEMO_SIZE:
        first, last = next(names)
        email = f"{first}.{last}".lower().replace("'", "") + "@example.com"
        people.append(
            _employee(
                f"{first} {last}", email, rng.choice(location_list), password_hash, hired(),
                manager=teams[len(people) % len(teams)],
            )
        )
    db.session.add_all(people)
    db.session.commit()
    return len(people)
