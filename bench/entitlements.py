"""Benchmark: entitlements with return dates per second on one core (goal: 20,000/s).

Run from the repository root: ``.venv/bin/python bench/entitlements.py [seconds]``.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal.domain.case import ALLOWED_PAIRS, Case, Event  # noqa: E402
from portal.domain.entitlement import compute_entitlement  # noqa: E402
from portal.domain.policy import load_policy_book  # noqa: E402

GOAL_PER_SECOND = 20_000
LOCATIONS = [
    ("US", None),
    ("US", "CA"),
    ("US", "NY"),
    ("GB", "ENG"),
    ("GB", "SCT"),
    ("DE", "BE"),
    ("IN", "KA"),
    ("FR", None),
    ("IE", None),
    ("JP", None),
    ("BR", None),
    ("AE", None),
]
PAIRS = sorted(ALLOWED_PAIRS)  # every role and event the policy allows


def make_cases(count: int = 2_000, seed: int = 7) -> list[Case]:
    """A fixed mix of locations, roles, events, NICU stays, losses and hire dates."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        country, subdivision = rng.choice(LOCATIONS)
        role, event = rng.choice(PAIRS)
        event_date = date(2023, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        newborn = event in (Event.BIRTH, Event.SURROGACY)
        cases.append(
            Case(
                role=role,
                event=event,
                event_date=event_date,
                expected_date=event_date + timedelta(days=rng.choice([0, 0, 10, 40])),
                country=country,
                subdivision=subdivision,
                weekend_days=frozenset({4, 5}) if country == "AE" else frozenset({5, 6}),
                nicu_days=rng.choice([0, 0, 0, 5, 10, 30, 120]) if newborn else 0,
                gestation_weeks=rng.choice([8, 14, 20, 30])
                if event == Event.PREGNANCY_LOSS
                else None,
                babies=rng.choice([1, 1, 1, 2]) if event == Event.BIRTH else 1,
                child_number=rng.choice([1, 2, 3]),
                hire_date=rng.choice([None, event_date - timedelta(days=rng.randrange(900))]),
            )
        )
    return cases


def run(seconds: float = 3.0) -> tuple[int, float]:
    """Compute entitlements over the mix for about ``seconds``; return count and elapsed."""
    book = load_policy_book()
    cases = make_cases()
    for case in cases:  # warm the holiday and policy caches, as a running server would be
        compute_entitlement(case, book)
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    for batch in itertools.cycle([cases]):
        for case in batch:
            compute_entitlement(case, book)
        count += len(batch)
        if time.perf_counter() >= deadline:
            break
    return count, time.perf_counter() - started


def main(argv: list[str]) -> int:
    seconds = float(argv[1]) if len(argv) > 1 else 3.0
    count, elapsed = run(seconds)
    rate = count / elapsed
    rows = [("benchmark", "count", "per second"), ("entitlements/s", f"{count}", f"{rate:,.0f}")]
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(" | ".join(cell.ljust(width[i]) for i, cell in enumerate(row)))
    verdict = "ok" if rate >= GOAL_PER_SECOND else "below"
    print(f"goal {GOAL_PER_SECOND:,}/s: {verdict}")
    return 0 if rate >= GOAL_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
