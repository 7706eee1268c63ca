"""The case an employee describes (POLICY §2) and the checks that refuse what cannot be computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.domain.errors import IneligibleCase
from portal.domain.workdays import supported_subdivisions

# POLICY §2: a pregnancy loss at this many completed weeks or more is a stillbirth.
STILLBIRTH_FROM_WEEKS = 24
MAX_GESTATION_WEEKS = 45
# Far beyond any multiple birth: statutory rules add weeks per baby, and a typing slip must not
# overflow a date.
MAX_BABIES = 12
# POLICY §2: a birthing parent may start up to this many days before the expected date.
EARLY_START_DAYS = 28
# POLICY §3: pregnancy-loss leave starts within 90 days of the loss.
LOSS_START_WITHIN_DAYS = 90


class Role(StrEnum):
    BIRTHING = "birthing"
    NON_BIRTHING = "non_birthing"
    ADOPTIVE = "adoptive"
    INTENDED = "intended"


class Event(StrEnum):
    BIRTH = "birth"
    ADOPTION = "adoption"
    SURROGACY = "surrogacy"
    PREGNANCY_LOSS = "pregnancy_loss"


ALLOWED_PAIRS: frozenset[tuple[Role, Event]] = frozenset(
    {
        (Role.BIRTHING, Event.BIRTH),
        (Role.NON_BIRTHING, Event.BIRTH),
        (Role.ADOPTIVE, Event.ADOPTION),
        (Role.INTENDED, Event.SURROGACY),
        (Role.BIRTHING, Event.PREGNANCY_LOSS),
        (Role.NON_BIRTHING, Event.PREGNANCY_LOSS),
        (Role.INTENDED, Event.PREGNANCY_LOSS),
    }
)

# Rule data may name this pseudo-event: a pregnancy loss at STILLBIRTH_FROM_WEEKS or later.
STILLBIRTH = "stillbirth"
RULE_EVENTS = frozenset({*(e.value for e in Event), STILLBIRTH})

ROLE_LABELS = {
    Role.BIRTHING: "birthing parent",
    Role.NON_BIRTHING: "non-birthing parent",
    Role.ADOPTIVE: "adoptive parent",
    Role.INTENDED: "intended parent",
}
EVENT_LABELS = {
    Event.BIRTH: "a birth",
    Event.ADOPTION: "an adoption",
    Event.SURROGACY: "a surrogacy",
    Event.PREGNANCY_LOSS: "a pregnancy loss",
}


def roles_for(event: Event) -> tuple[Role, ...]:
    """The roles that may go with an event (POLICY §2, allowed pairs), in Role order."""
    return tuple(role for role in Role if (role, event) in ALLOWED_PAIRS)


def needs_gestation(event: Event | str) -> bool:
    """True when gestation_weeks is required (POLICY §2: pregnancy loss)."""
    return event == Event.PREGNANCY_LOSS


def asks_gestation(event: Event | str) -> bool:
    """True when gestation_weeks may be given (required for a loss, optional for a birth)."""
    return event in (Event.BIRTH, Event.PREGNANCY_LOSS)


def may_have_nicu(event: Event | str) -> bool:
    """True when nicu_days may be above 0: only a newborn can be in neonatal care (POLICY §3),
    born to the employee or through a surrogacy, or placed for adoption while in neonatal care
    (then the days are those in care after the placement)."""
    return event in (Event.BIRTH, Event.SURROGACY, Event.ADOPTION)


def _events_where(asked) -> tuple[Event, ...]:
    return tuple(event for event in Event if asked(event))


# The questions only some events need: pages hide the others, and their answers are ignored.
ASKED_FOR: dict[str, tuple[Event, ...]] = {
    "expected_date": (Event.BIRTH,),
    "nicu_days": _events_where(may_have_nicu),
    "gestation_weeks": _events_where(needs_gestation),
    # Statutory rules count children adopted together, and the rank of an adopted child
    # (France's adoption leave), as they do for a birth (POLICY §4).
    "babies": (Event.BIRTH, Event.ADOPTION),
    "child_number": (Event.BIRTH, Event.ADOPTION),
}


@dataclass(frozen=True, slots=True)
class Case:
    """What the employee tells us (POLICY §2). Country and subdivision are the work location."""

    role: Role
    event: Event
    event_date: date
    expected_date: date | None = None
    start: date | None = None
    country: str = "US"
    subdivision: str | None = None
    weekend_days: frozenset[int] = frozenset({5, 6})
    nicu_days: int = 0
    gestation_weeks: int | None = None
    babies: int = 1
    child_number: int = 1
    hire_date: date | None = None

    @property
    def leave_start(self) -> date:
        """The first day of leave: start, or the event date when no start is given."""
        return self.start if self.start is not None else self.event_date

    @property
    def expected(self) -> date:
        """The expected date, defaulting to the event date (POLICY §2)."""
        return self.expected_date if self.expected_date is not None else self.event_date

    @property
    def is_stillbirth(self) -> bool:
        """A pregnancy loss at 24 completed weeks or more (POLICY §2)."""
        return (
            self.event == Event.PREGNANCY_LOSS
            and self.gestation_weeks is not None
            and self.gestation_weeks >= STILLBIRTH_FROM_WEEKS
        )

    @property
    def rule_event(self) -> str:
        """The event as rule data names it: "stillbirth" for a late loss, else the event."""
        return STILLBIRTH if self.is_stillbirth else str(self.event)


def earliest_start(case: Case) -> date:
    """POLICY §2: a birthing parent may start 28 days before the expected date; others the event.

    A stillbirth is treated as a birth (POLICY §2), so a birthing parent whose leave had already
    begun before it keeps that start."""
    if case.role == Role.BIRTHING and (case.event == Event.BIRTH or case.is_stillbirth):
        return min(case.event_date, case.expected - timedelta(days=EARLY_START_DAYS))
    return case.event_date


def latest_start(case: Case) -> date:
    """POLICY §3 windows: loss leave within 90 days; a birthing parent starts by the birth;
    other leave within 12 months of the event."""
    if case.event == Event.PREGNANCY_LOSS and not case.is_stillbirth:
        return case.event_date + timedelta(days=LOSS_START_WITHIN_DAYS - 1)
    if case.role == Role.BIRTHING and case.event == Event.BIRTH:
        return case.event_date
    return first_anniversary(case.event_date) - timedelta(days=1)


def first_anniversary(day: date) -> date:
    """POLICY §1 calendar months: the same day a year later (29 February gives 28 February)."""
    if day.month == 2 and day.day == 29:
        return date(day.year + 1, 2, 28)
    return day.replace(year=day.year + 1)


def _plain_list(items) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _check_type(name: str, value, kind, optional: bool = False) -> None:
    if value is None and optional:
        return
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok:
            raise IneligibleCase(name, "must be a whole number")
    elif not isinstance(value, date):
        raise IneligibleCase(name, "must be a date (YYYY-MM-DD)")


def _check_types(case: Case) -> None:
    if not isinstance(case.role, Role) and case.role not in {r.value for r in Role}:
        raise IneligibleCase(
            "role", "must be one of %(allowed)s", allowed=_plain_list(r.value for r in Role)
        )
    if not isinstance(case.event, Event) and case.event not in {e.value for e in Event}:
        raise IneligibleCase(
            "event", "must be one of %(allowed)s", allowed=_plain_list(e.value for e in Event)
        )
    _check_type("event_date", case.event_date, date)
    _check_type("expected_date", case.expected_date, date, optional=True)
    _check_type("start", case.start, date, optional=True)
    _check_type("hire_date", case.hire_date, date, optional=True)
    for name in ("nicu_days", "babies", "child_number"):
        _check_type(name, getattr(case, name), int)
    _check_type("gestation_weeks", case.gestation_weeks, int, optional=True)


def _check_location(case: Case) -> None:
    if not isinstance(case.country, str) or not case.country:
        raise IneligibleCase("country", "please give a two-letter country code such as GB or US")
    subdivisions = supported_subdivisions(case.country)
    if subdivisions is None:
        raise IneligibleCase(
            "country",
            "%(country)r is not a country code the holiday calendar knows; "
            "use a two-letter ISO 3166-1 code such as GB, DE or US",
            country=case.country,
        )
    if case.subdivision is not None and case.subdivision not in subdivisions:
        allowed = (
            f"one of {_plain_list(sorted(subdivisions))}"
            if subdivisions
            else "left empty, as the holiday calendar has none for this country"
        )
        raise IneligibleCase(
            "subdivision",
            "%(subdivision)r is not a subdivision of %(country)s; it must be %(allowed)s",
            subdivision=case.subdivision, country=case.country, allowed=allowed,
        )
    weekend = case.weekend_days
    if (
        not isinstance(weekend, frozenset | set | tuple | list)
        or any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in weekend)
        or len(set(weekend)) >= 7
    ):
        raise IneligibleCase(
            "weekend_days",
            "must be weekday numbers from 0 (Monday) to 6 (Sunday), "
            "leaving at least one working day",
        )


# Far beyond any leave: dates outside these are typing slips, and would overflow date sums.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def _check_date_range(case: Case) -> None:
    for name in ("event_date", "expected_date", "start", "hire_date"):
        value = getattr(case, name)
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise IneligibleCase(
                name, "please check the year: %(year)d looks mistyped", year=value.year
            )


def validate(case: Case) -> None:
    """Refuse a case POLICY §2 does not allow, naming the field and what is allowed."""
    _check_types(case)
    _check_date_range(case)
    role, event = Role(case.role), Event(case.event)
    if (role, event) not in ALLOWED_PAIRS:
        allowed = _plain_list(r.value for r in roles_for(event))
        raise IneligibleCase(
            "role", "for %(event_label)s the role must be %(allowed)s",
            event_label=EVENT_LABELS[event], allowed=allowed,
        )
    if case.nicu_days < 0:
        raise IneligibleCase("nicu_days", "must be 0 or more")
    if case.nicu_days and not may_have_nicu(event):
        raise IneligibleCase(
            "nicu_days",
            "neonatal care days apply only to a newborn: a birth, a surrogacy or the adoption "
            "of a newborn; please leave them at 0 for %(event_label)s",
            event_label=EVENT_LABELS[event],
        )
    if not 1 <= case.babies <= MAX_BABIES:
        raise IneligibleCase(
            "babies", "must be a whole number from 1 to %(most)d", most=MAX_BABIES
        )
    if case.child_number < 1:
        raise IneligibleCase("child_number", "must be 1 or more")
    if case.gestation_weeks is None:
        if needs_gestation(event):
            raise IneligibleCase(
                "gestation_weeks",
                "please give the completed weeks of pregnancy, a whole number from 0 to "
                "%(most)d",
                most=MAX_GESTATION_WEEKS,
            )
    elif not 0 <= case.gestation_weeks <= MAX_GESTATION_WEEKS:
        raise IneligibleCase(
            "gestation_weeks", "must be a whole number of weeks from 0 to %(most)d",
            most=MAX_GESTATION_WEEKS,
        )
    _check_location(case)
    start = case.leave_start
    first = earliest_start(case)
    if start < first:
        if first < case.event_date:
            raise IneligibleCase(
                "start",
                "must be on or after %(first)s (28 days before the expected date, or the birth "
                "if it came sooner)",
                first=first,
            )
        raise IneligibleCase("start", "must be on or after %(first)s", first=first)
    last = latest_start(case)
    if start > last:
        raise IneligibleCase("start", "must be on or before %(last)s", last=last)
