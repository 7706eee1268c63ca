"""A realistic organisation of N employees with three years of leave, bulk-inserted for benchmarks.

Run from the repository root (creates the tables on an empty database with ``db.create_all()``)::

    .venv/bin/python bench/generate.py --employees 50000 --database-url sqlite:////tmp/org.sqlite3

Or call ``build_organisation(n)`` inside an app context on an empty database that has the schema.
Every entitlement is computed by the real engine; ids are given explicitly so that foreign keys
need no round trips, and PostgreSQL's id sequences are moved past them at the end.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from config import TestConfig, database_url  # noqa: E402
from portal.domain import workflow  # noqa: E402
from portal.domain.case import Case, Event, Role  # noqa: E402
from portal.domain.entitlement import Entitlement, compute_entitlement  # noqa: E402
from portal.domain.errors import IneligibleCase  # noqa: E402
from portal.domain.plan import Block, check_plan, default_plan, plan_return_date  # noqa: E402
from portal.domain.policy import load_policy_book  # noqa: E402
from portal.domain.workdays import first_working_day_after  # noqa: E402
from portal.domain.workflow import Action, Status  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import (  # noqa: E402
    Employee,
    LeaveRequest,
    Location,
    PlanBlock,
    RequestDetails,
    RequestEvent,
    RequestRevision,
)
from portal.passwords import hash_password  # noqa: E402
from portal.records import details_values, input_of_case, revision_values  # noqa: E402
from portal.services import demo  # noqa: E402
from portal.services.accounts import token_digest  # noqa: E402

MAX_SPAN = 8  # direct reports of one manager, at most
MAX_DEPTH = 6  # managers above the deepest person, at most
FULL_LEVELS = 2  # the head and the level below always have eight reports each
MANAGER_TEAM = 200  # people below manager@example.com (fewer in a small organisation)
PEOPLE_PER_HR = 500
REQUESTS_PER_PERSON = 0.6  # about 30,000 requests for 50,000 people over three years
CHUNK = 5_000
MIN_EMPLOYEES = 20
# 8 wide and 6 deep hold 299,593 people; the demo manager's smaller team leaves room for fewer.
MAX_EMPLOYEES = 280_000

# Share of requests in each state (CHANGE_PENDING: approved, with a change waiting for HR).
STATUS_SHARES = {
    Status.APPROVED: 0.57,
    workflow.CHANGE_PENDING: 0.03,
    Status.SUBMITTED: 0.10,
    Status.INFORMATION_REQUESTED: 0.05,
    Status.DRAFT: 0.05,
    Status.REJECTED: 0.07,
    Status.WITHDRAWN: 0.08,
    Status.CANCELLED: 0.05,
}
EXTRA_DAYS_SHARE = 0.01
# Days from today within which each state's event dates fall (three years in all).
EVENT_WINDOWS = {
    Status.SUBMITTED: (-20, 240),
    Status.INFORMATION_REQUESTED: (-20, 240),
    Status.DRAFT: (-10, 270),
    workflow.CHANGE_PENDING: (-45, 20),  # the baby has just arrived, or is about to
}
HISTORY_WINDOW = (-930, 165)
SAME_PERSON_GAP_DAYS = 420  # two requests of one person are this far apart at least
LOCATION_WEIGHTS = (3, 3, 3, 2, 3, 1, 1)  # in demo.LOCATIONS order
STAY_WITH_MANAGER = 0.6  # chance that a person works where their manager works
PAIRS = (
    ((Role.BIRTHING, Event.BIRTH), 35),
    ((Role.NON_BIRTHING, Event.BIRTH), 40),
    ((Role.ADOPTIVE, Event.ADOPTION), 8),
    ((Role.INTENDED, Event.SURROGACY), 4),
    ((Role.BIRTHING, Event.PREGNANCY_LOSS), 7),
    ((Role.NON_BIRTHING, Event.PREGNANCY_LOSS), 5),
    ((Role.INTENDED, Event.PREGNANCY_LOSS), 1),
)
# A loss is approved on submission (POLICY §3): never waiting, rejected or withdrawn.
NO_LOSS = frozenset({Status.SUBMITTED, Status.INFORMATION_REQUESTED, Status.REJECTED,
                     Status.WITHDRAWN})
ASK_NOTES = (
    "Could you send the expected date from your midwife's letter, please?",
    "Thank you. Could you confirm the first day of leave you would like?",
    "Could you tell us the placement date from the adoption agency?",
)
ANSWER_NOTES = ("I've emailed the letter to HR.", "Yes, that first day is right.",
                "Done, thank you.")
REJECT_NOTES = (
    "This repeats a request we have already approved; nothing more is needed from you.",
    "We need the placement date before we can approve this; please send a new request then.",
)
NOTES_TO_HR = ("", "", "", "", "", "", "", "", "Twins are possible; we'll know next month.",
               "I may start a week earlier; I'll confirm.")


def progress(label: str, done: int, total: int, started: float) -> None:
    print(f"{label} {done}/{total} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)


@dataclass
class Organisation:
    """What was built: counts and the ids of the fixed accounts."""

    employees: int
    requests: int
    statuses: Counter
    manager_id: int
    employee_id: int
    hr_id: int
    team_size: int
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


# -- The management tree ---------------------------------------------------------------------


class _Tree:
    """People 1..n by id; a manager always has a smaller id than their reports."""

    def __init__(self) -> None:
        self.parent: list[int | None] = [None, None]
        self.depth = [0, 0]
        self.children = [0, 0]

    def add(self, parent: int) -> int:
        self.parent.append(parent)
        self.depth.append(self.depth[parent] + 1)
        self.children.append(0)
        self.children[parent] += 1
        return len(self.parent) - 1

    @property
    def size(self) -> int:
        return len(self.parent) - 1


def _lowest_span(n: int) -> int:
    """The smallest team size below the full levels that leaves room for n people."""
    for low in range(5, MAX_SPAN + 1):
        mean = (low + MAX_SPAN) / 2
        capacity = sum(MAX_SPAN ** min(d, FULL_LEVELS) * mean ** max(0, d - FULL_LEVELS)
                       for d in range(MAX_DEPTH + 1))
        if capacity >= 1.3 * n:
            return low
    return MAX_SPAN


def _grow(tree: _Tree, root: int, budget: int, rng: random.Random, low: int,
          closed: set[int], on_new: Callable[[int], None]) -> None:
    """Add up to `budget` people below root, level by level, in random team sizes; a second
    pass tops teams up to eight if the random sizes fell short. Closed people get no reports."""
    levels, added = [[root]], 0
    for top_up in (False, True):
        d = 0
        while d < len(levels) and added < budget and tree.depth[root] + d < MAX_DEPTH:
            depth = tree.depth[root] + d
            if d + 1 == len(levels):
                levels.append([])
            order = list(levels[d])
            rng.shuffle(order)  # which people of the last level get teams is random
            for node in order:
                if node in closed:
                    continue
                full = top_up or depth < FULL_LEVELS
                want = MAX_SPAN if full else rng.randint(low, MAX_SPAN)
                while tree.children[node] < want and added < budget:
                    child = tree.add(node)
                    levels[d + 1].append(child)
                    added += 1
                    on_new(child)
            d += 1


def _management_tree(n: int, rng: random.Random) -> tuple[_Tree, int, int, int]:
    """The tree, the demo manager (with a team of about 200 below), the demo employee (a
    direct report of the manager) and the size of the manager's team."""
    team = min(MANAGER_TEAM, max(5, n // 8))
    manager_depth = 3 if n >= 2_000 else 2 if n >= 150 else 1
    tree, closed, found = _Tree(), set(), {}

    def choose_manager(person: int) -> None:
        if "manager" not in found and tree.depth[person] == manager_depth:
            found["manager"] = person
            closed.add(person)

    def choose_employee(person: int) -> None:
        if "employee" not in found:
            found["employee"] = person
            closed.add(person)  # an individual contributor, as in the demo

    low = _lowest_span(n)
    _grow(tree, 1, n - 1 - team, rng, low, closed, choose_manager)
    if "manager" not in found:
        raise ValueError(f"{n} people are too few for a manager at depth {manager_depth}")
    closed.discard(found["manager"])  # closed to the organisation, open to their own team
    _grow(tree, found["manager"], team, rng, low, closed, choose_employee)
    if tree.size != n:
        raise ValueError(f"{n} people do not fit {MAX_SPAN} wide and {MAX_DEPTH} deep")
    return tree, found["manager"], found["employee"], team


def _below(tree: _Tree, person: int) -> set[int]:
    """Everyone below a person (ids grow downwards, so one pass in id order finds them)."""
    inside = {person}
    for other in range(person + 1, tree.size + 1):
        if tree.parent[other] in inside:
            inside.add(other)
    inside.discard(person)
    return inside


# -- People ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    id: int
    location: int  # index into demo.LOCATIONS
    hire_date: date


def _location_rows() -> list[dict]:
    return [
        {"id": i + 1, "name": spec.name, "country": spec.country, "subdivision": spec.subdivision,
         "timezone": spec.timezone, "weekend_days": "56"}
        for i, spec in enumerate(demo.LOCATIONS)
    ]


def _people(n: int, tree: _Tree, fixed: dict[str, int], team: set[int], rng: random.Random,
            today: date, now: datetime) -> tuple[list[dict], list[_Person], list[int]]:
    """Employee rows, the facts requests need about each person, and the HR people's ids."""
    places = {spec.name: i for i, spec in enumerate(demo.LOCATIONS)}
    leaves = [p for p in range(2, n + 1) if tree.children[p] == 0 and p not in team
              and p not in fixed.values()]
    hr_people = rng.sample(leaves, min(len(leaves), max(2, round(n / PEOPLE_PER_HR))))
    fixed = {**fixed, "hr": hr_people[0]}
    hr_set = set(hr_people)
    inactive = set(rng.sample([p for p in leaves if p not in hr_set], len(leaves) // 100))
    named = {
        fixed["manager"]: ("Sam Okafor", demo.MANAGER_EMAIL, "London", date(2019, 4, 1)),
        fixed["employee"]: ("Alex Rivera", demo.EMPLOYEE_EMAIL, "London", date(2021, 3, 1)),
        fixed["hr"]: ("Priya Nair", demo.HR_EMAIL, "Dublin", date(2018, 9, 3)),
    }
    password_hash = hash_password(demo.DEMO_PASSWORD)  # one slow hash for everyone
    weights = list(LOCATION_WEIGHTS)
    location = [0] * (n + 1)
    rows, people = [], [None]
    for person in range(1, n + 1):
        parent = tree.parent[person]
        if parent is not None and rng.random() < STAY_WITH_MANAGER:
            location[person] = location[parent]
        else:
            location[person] = rng.choices(range(len(demo.LOCATIONS)), weights)[0]
        if person in named:
            name, email, place, hired = named[person]
            location[person] = places[place]
        else:
            first, last = rng.choice(demo.FIRST_NAMES), rng.choice(demo.LAST_NAMES)
            name = f"{first} {last}"
            email = f"{first}.{last}.{person}@example.com".lower().replace("'", "")
            hired = today - timedelta(days=rng.randrange(30, 20 * 365))
        subscribed = person in named or rng.random() < 0.1
        rows.append({
            "id": person, "email": email, "name": name, "password_hash": password_hash,
            "is_hr": person in hr_set, "manager_id": parent, "location_id": location[person] + 1,
            "timezone": demo.LOCATIONS[location[person]].timezone, "hire_date": hired,
            "active": person not in inactive, "created_at": now,
            "show_as_out_of_office": rng.random() < 0.15,
            "feed_token": token_digest(secrets.token_urlsafe(32)) if subscribed else None,
            # Provisioned by an identity provider (SCIM): its login name is the email.
            "scim_user_name": email, "scim_external_id": f"00u{person:07}",
        })
        people.append(_Person(person, location[person], hired))
    return rows, people, hr_people


# -- Leave requests --------------------------------------------------------------------------


@dataclass
class _Rows:
    requests: list[dict] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)


def _status_list(count: int, rng: random.Random) -> list[str]:
    statuses = [status for status, share in STATUS_SHARES.items()
                for _ in range(round(count * share))]
    statuses = (statuses + [Status.APPROVED] * count)[:count]
    rng.shuffle(statuses)
    return statuses


def _pairs_for(status: Status, change_pending: bool) -> list[tuple[tuple[Role, Event], int]]:
    if change_pending:  # "the baby has arrived": births and surrogacy only
        return [(pair, weight) for pair, weight in PAIRS
                if pair[1] in (Event.BIRTH, Event.SURROGACY)]
    if status in NO_LOSS:
        return [(pair, weight) for pair, weight in PAIRS if pair[1] != Event.PREGNANCY_LOSS]
    return list(PAIRS)


def _case(person: _Person, pair: tuple[Role, Event], event_date: date, today: date,
          rng: random.Random) -> Case:
    role, event = pair
    spec = demo.LOCATIONS[person.location]
    start = event_date
    expected = None
    gestation = None
    if event == Event.BIRTH:
        expected = event_date + timedelta(days=rng.randint(-10, 10)) if event_date < today \
            else event_date
        if role == Role.BIRTHING:
            start = min(event_date, expected - timedelta(days=rng.choice([0, 7, 14, 28])))
        else:
            start = event_date + timedelta(days=rng.choice([0, 0, 0, 14, 30, 90]))
        gestation = rng.choice([None, None, 38, 39, 40])
    elif event == Event.PREGNANCY_LOSS:
        gestation = rng.choice([8, 10, 12, 16, 20, 27])
        start = event_date + timedelta(days=rng.choice([0, 0, 3, 7]))
    elif event == Event.SURROGACY:
        start = event_date + timedelta(days=rng.choice([0, 0, 7]))
    newborn = event in (Event.BIRTH, Event.SURROGACY)
    return Case(
        role=role, event=event, event_date=event_date, expected_date=expected, start=start,
        country=spec.country, subdivision=spec.subdivision, weekend_days=frozenset({5, 6}),
        nicu_days=rng.choice([0] * 12 + [5, 12, 30]) if newborn else 0,
        gestation_weeks=gestation,
        babies=2 if event == Event.BIRTH and rng.random() < 0.03 else 1,
        child_number=rng.choice([1, 1, 2, 2, 3]), hire_date=person.hire_date,
    )


def _split(case: Case, entitlement: Entitlement, rng: random.Random) -> tuple[Block, ...]:
    """One block (the default plan) for most; two or three blocks of company leave for some."""
    single = (Block(entitlement.start, entitlement.end),)
    pieces = rng.choices([1, 2, 3], [70, 20, 10])[0]
    if pieces == 1 or entitlement.company_days < 7 * pieces * 2:
        return single
    days = entitlement.company_days - rng.randrange(0, 14)
    sizes = [days // pieces] * (pieces - 1)
    sizes.append(days - sum(sizes))
    blocks, start = [], entitlement.start
    for size in sizes:
        blocks.append(Block(start, start + timedelta(days=size - 1)))
        start += timedelta(days=size + rng.randint(14, 60))
    blocks = tuple(blocks)
    try:
        check_plan(case, entitlement, blocks)
    except IneligibleCase:
        return single
    return blocks


def _timeline(first: datetime, steps: int, now: datetime, rng: random.Random) -> list[datetime]:
    """The times of a request's history: in order, the last one not after now."""
    times = [first]
    for _ in range(steps - 1):
        times.append(times[-1] + timedelta(hours=rng.randint(2, 240)))
    late = times[-1] - (now - timedelta(minutes=rng.randint(5, 600)))
    if late > timedelta(0):
        times = [moment - late for moment in times]
    return times


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59),
                    tzinfo=UTC)


class _LeaveHistory:
    """Builds the rows of every request: the request, details, blocks, history, revision."""

    def __init__(self, people: list[_Person], hr_people: list[int], rng: random.Random,
                 today: date, now: datetime) -> None:
        self.people, self.hr_people, self.rng = people, hr_people, rng
        self.today, self.now = today, now
        self.book = load_policy_book()
        self.rows = _Rows()
        self.statuses: Counter = Counter()
        self.taken: dict[int, list[date]] = {}

    def _free(self, person: int, event_date: date) -> bool:
        return all(abs((event_date - other).days) >= SAME_PERSON_GAP_DAYS
                   for other in self.taken.get(person, ()))

    def add_random(self, state: str) -> None:
        rng = self.rng
        low, high = EVENT_WINDOWS.get(state, HISTORY_WINDOW)
        event_date = self.today + timedelta(days=rng.randint(low, high))
        for _ in range(8):
            person = self.people[rng.randint(1, len(self.people) - 1)]
            if self._free(person.id, event_date):
                break
        else:
            return
        change_pending = state == workflow.CHANGE_PENDING
        status = Status.APPROVED if change_pending else Status(state)
        pairs = _pairs_for(status, change_pending)
        pair = rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]
        self.add(person, status, pair, event_date, change_pending=change_pending)

    def add(self, person: _Person, status: Status, pair: tuple[Role, Event],
            event_date: date, *, change_pending: bool = False) -> None:
        rng = self.rng
        case = _case(person, pair, event_date, self.today, rng)
        try:
            entitlement = compute_entitlement(case, self.book)
        except IneligibleCase:  # a start the rules refuse: start on the day of the event
            case = Case(**{**_fields(case), "start": None})
            entitlement = compute_entitlement(case, self.book)
        if entitlement.approved_on_submission and status in NO_LOSS:
            status = Status.APPROVED
        blocks = _split(case, entitlement, rng)
        end = blocks[-1].end if len(blocks) > 1 else entitlement.end
        return_date = plan_return_date(case, blocks) if len(blocks) > 1 \
            else entitlement.return_date
        self.taken.setdefault(person.id, []).append(event_date)
        request_id = len(self.rows.requests) + 1
        newborn = case.event in (Event.BIRTH, Event.SURROGACY)
        change_pending = change_pending and status == Status.APPROVED
        happened = newborn and event_date <= self.today and not change_pending
        answers = input_of_case(
            case, event_has_happened=happened or case.event == Event.PREGNANCY_LOSS,
            note_to_hr=rng.choice(NOTES_TO_HR),
        )
        details = {
            "request_id": request_id, **details_values(answers, entitlement.as_dict()),
            "extra_days": 0, "extra_days_reason": "", "extra_days_by_id": None,
        }
        hr = self._hr_other_than(person.id)
        if status == Status.APPROVED and rng.random() < EXTRA_DAYS_SHARE:
            blocks, end, return_date = self._extra_days(case, blocks, details, hr)
        events = self._history(person.id, hr, status, entitlement, change_pending,
                               details["extra_days"])
        first = (_at(case.leave_start, rng) - timedelta(days=rng.randint(30, 150))
                 if case.event != Event.PREGNANCY_LOSS
                 else _at(case.event_date, rng) + timedelta(days=rng.randint(0, 7)))
        if status in EVENT_WINDOWS:
            first = self.now - timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))
        times = _timeline(first, len(events), self.now, rng)
        submitted = next((t for t, e in zip(times, events, strict=True)
                          if e[0] in (Action.SUBMIT, Action.APPROVE_ON_SUBMISSION)), None)
        self.rows.requests.append({
            "id": request_id, "employee_id": person.id, "status": str(status),
            "change_pending": change_pending, "start": blocks[0].start, "end": end,
            "return_date": return_date, "policy_id": entitlement.policy,
            "submission_key": f"bench-{request_id}", "created_at": times[0],
            "updated_at": times[-1], "submitted_at": submitted, "version": len(events),
        })
        self.rows.details.append(details)
        base = len(self.rows.blocks)
        self.rows.blocks.extend(
            {"id": base + i + 1, "request_id": request_id, "start": b.start, "end": b.end}
            for i, b in enumerate(blocks)
        )
        base = len(self.rows.events)
        self.rows.events.extend(
            {"id": base + i + 1, "request_id": request_id, "actor_id": actor,
             "action": str(action), "from_status": before, "to_status": after, "note": note,
             "created_at": moment}
            for i, ((action, actor, before, after, note), moment)
            in enumerate(zip(events, times, strict=True))
        )
        if change_pending:
            self._revision(request_id, person.id, case, times[-1])
        self.statuses[workflow.state_of(status, change_pending)] += 1

    def _hr_other_than(self, person: int) -> int:
        """Who decides: an HR person, never the one whose request it is (if there are two)."""
        if len(self.hr_people) < 2:
            return self.hr_people[0]
        while True:
            hr = self.rng.choice(self.hr_people)
            if hr != person:
                return hr

    def _extra_days(self, case: Case, blocks: tuple[Block, ...], details: dict, hr: int):
        days = self.rng.choice([5, 10, 14])
        details.update(extra_days=days, extra_days_by_id=hr,
                       extra_days_reason="More time to recover after a difficult birth.")
        last = blocks[-1]
        blocks = (*blocks[:-1], Block(last.start, last.end + timedelta(days=days)))
        end = blocks[-1].end
        return_date = first_working_day_after(end, case.country, case.subdivision,
                                              case.weekend_days)
        return blocks, end, return_date

    def _history(self, employee: int, hr: int, status: Status, entitlement: Entitlement,
                 change_pending: bool, extra_days: int) -> list[tuple]:
        """(action, actor, from, to, note) in order, as the workflow would have written them."""
        rng, s = self.rng, Status
        if status == s.DRAFT:
            return [(Action.SAVE_DRAFT, employee, None, s.DRAFT, "")]
        if entitlement.approved_on_submission:
            events = [(Action.APPROVE_ON_SUBMISSION, employee, None, s.APPROVED, "")]
        else:
            events = [(Action.SUBMIT, employee, None, s.SUBMITTED, "")]
            if rng.random() < 0.3:
                events = [(Action.SAVE_DRAFT, employee, None, s.DRAFT, ""),
                          (Action.SUBMIT, employee, s.DRAFT, s.SUBMITTED, "")]
            asked = status == s.INFORMATION_REQUESTED or (status != s.WITHDRAWN
                                                         and rng.random() < 0.1)
            if asked:
                events.append((Action.REQUEST_INFORMATION, hr, s.SUBMITTED,
                               s.INFORMATION_REQUESTED, rng.choice(ASK_NOTES)))
                if status != s.INFORMATION_REQUESTED:
                    events.append((Action.ANSWER, employee, s.INFORMATION_REQUESTED,
                                   s.SUBMITTED, rng.choice(ANSWER_NOTES)))
            if status in (s.APPROVED, s.CANCELLED):
                events.append((Action.APPROVE, hr, s.SUBMITTED, s.APPROVED, ""))
            elif status == s.REJECTED:
                events.append((Action.REJECT, hr, s.SUBMITTED, s.REJECTED,
                               rng.choice(REJECT_NOTES)))
            elif status == s.WITHDRAWN:
                events.append((Action.WITHDRAW, employee, s.SUBMITTED, s.WITHDRAWN, ""))
        if status != s.DRAFT and rng.random() < 0.3:
            events.append(("viewed_details", hr, None, None, ""))
        if extra_days:
            events.append((Action.GRANT_EXTRA_DAYS, hr, s.APPROVED, s.APPROVED,
                           f"{extra_days} extra days: more time to recover"))
        if status == s.CANCELLED:
            events.append((Action.CANCEL, employee, s.APPROVED, s.CANCELLED, ""))
        if change_pending:
            events.append((Action.PROPOSE_CHANGE, employee, s.APPROVED, workflow.CHANGE_PENDING,
                           "The baby has arrived."))
        return events

    def _revision(self, request_id: int, employee: int, case: Case, moment: datetime) -> None:
        """A "the baby has arrived" change waiting for HR: the actual date a few days off."""
        born = min(self.today, case.event_date + timedelta(days=self.rng.randint(-12, 12)))
        start = min(case.leave_start, born)
        changed = Case(**{**_fields(case), "event_date": born,
                          "expected_date": case.expected_date or case.event_date,
                          "start": start})
        try:
            entitlement = compute_entitlement(changed, self.book)
        except IneligibleCase:
            changed, entitlement = case, compute_entitlement(case, self.book)
        self.rows.revisions.append({
            "id": len(self.rows.revisions) + 1, "request_id": request_id, "kind": "birth",
            "status": "pending",
            **revision_values(input_of_case(changed, event_has_happened=True),
                              entitlement.as_dict(), default_plan(entitlement)),
            "created_by_id": employee, "created_at": moment,
            "decided_by_id": None, "decided_at": None,
        })


def _fields(case: Case) -> dict:
    return {name: getattr(case, name) for name in Case.__slots__}


# -- Building it -----------------------------------------------------------------------------

TABLES_WITH_IDS = (Location, Employee, LeaveRequest, PlanBlock, RequestEvent, RequestRevision)


def _insert(model, rows: list[dict], label: str, started: float) -> None:
    """Core executemany in chunks: no ORM objects, no round trip per row."""
    statement = insert(model.__table__)
    for first in range(0, len(rows), CHUNK):
        db.session.execute(statement, rows[first:first + CHUNK])
        progress(label, min(first + CHUNK, len(rows)), len(rows), started)


def _move_sequences_past_ids() -> None:
    """Explicit ids leave PostgreSQL's sequences at 1; the next ORM insert must not collide."""
    if db.session.get_bind().dialect.name != "postgresql":
        return  # SQLite gives max(id) + 1 by itself
    for model in TABLES_WITH_IDS:
        name = model.__table__.name
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name} "  # noqa: S608
            "HAVING max(id) IS NOT NULL"
        ))


def _is_empty() -> bool:
    return not any(
        db.session.scalar(select(func.count()).select_from(model.__table__))
        for model in (Location, Employee, LeaveRequest)
    )


def build_organisation(
    n_employees: int, seed: int = 2026, *, today: date | None = None
) -> Organisation:
    """Fill an empty database with n people and their leave; commits once at the end."""
    if not MIN_EMPLOYEES <= n_employees <= MAX_EMPLOYEES:
        raise ValueError(f"between {MIN_EMPLOYEES} and {MAX_EMPLOYEES:,} employees, please")
    if not _is_empty():
        raise ValueError("build_organisation fills an empty database; this one has data")
    started = time.perf_counter()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = today or now.date()
    tree, manager, employee, team_size = _management_tree(n_employees, rng)
    rows, people, hr_people = _people(
        n_employees, tree, {"manager": manager, "employee": employee},
        _below(tree, manager), rng, today, now,
    )
    progress("people planned", n_employees, n_employees, started)

    history = _LeaveHistory(people, hr_people, rng, today, now)
    # The demo employee is on leave now, and once withdrew an earlier request.
    history.add(people[employee], Status.APPROVED, (Role.BIRTHING, Event.BIRTH),
                today - timedelta(days=25))
    history.add(people[employee], Status.WITHDRAWN, (Role.NON_BIRTHING, Event.BIRTH),
                today - timedelta(days=700))
    statuses = _status_list(round(n_employees * REQUESTS_PER_PERSON) - 2, rng)
    for done, status in enumerate(statuses, start=1):
        history.add_random(status)
        if done % CHUNK == 0 or done == len(statuses):
            progress("requests planned", done, len(statuses), started)

    _insert(Location, _location_rows(), "locations", started)
    _insert(Employee, rows, "employees", started)
    leave = history.rows
    _insert(LeaveRequest, leave.requests, "requests", started)
    _insert(RequestDetails, leave.details, "request details", started)
    _insert(PlanBlock, leave.blocks, "plan blocks", started)
    _insert(RequestEvent, leave.events, "history events", started)
    _insert(RequestRevision, leave.revisions, "pending changes", started)
    _move_sequences_past_ids()
    db.session.commit()
    return Organisation(
        employees=n_employees, requests=len(leave.requests), statuses=history.statuses,
        manager_id=manager, employee_id=employee, hr_id=hr_people[0], team_size=team_size,
        seconds=time.perf_counter() - started,
        rows={"plan blocks": len(leave.blocks), "history events": len(leave.events),
              "pending changes": len(leave.revisions), "hr people": len(hr_people)},
    )


def bench_config(url: str) -> type[TestConfig]:
    """The test settings (no CSRF, no mail sent) on this database, with errors as real 500s."""
    return type("BenchConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": database_url(url), "TESTING": False, "LOG_LEVEL": "WARNING",
    })


def summary(org: Organisation) -> str:
    states = ", ".join(f"{state} {count}" for state, count in sorted(org.statuses.items()))
    extra = ", ".join(f"{name} {count}" for name, count in org.rows.items())
    return (f"{org.employees} employees, {org.requests} requests ({states}); {extra}; "
            f"manager@example.com has {org.team_size} people below; "
            f"built in {org.seconds:.1f} s")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--database-url", required=True,
                        help="an empty database; its tables are created with db.create_all()")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    from portal.app import create_app

    app = create_app(bench_config(args.database_url))
    with app.app_context():
        db.create_all()
        try:
            org = build_organisation(args.employees, args.seed)
        except ValueError as error:
            print(f"generate: {error}", file=sys.stderr)
            return 2
    print(summary(org))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
