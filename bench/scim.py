"""Benchmark: an identity provider listing every SCIM user, 100 a page by startIndex, as Okta
and Microsoft Entra ID do when they reconcile, on an organisation of N people.

Run from the repository root::

    .venv/bin/python bench/scim.py [--employees 50000] [--database-url URL]

SQLite in a temporary directory by default; with --database-url naming a PostgreSQL server, a
fresh database on it (dropped afterwards). Every page from the first to the last is requested
once through the whole Flask stack with a bearer token, after a few to warm up; the table gives
the median and 95th percentile per page. Exits 1 when the median is 50 ms or more on SQLite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import bench_config, build_organisation, summary  # noqa: E402
from bench.pages import QueryCounter, bench_database, table  # noqa: E402
from portal.app import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.services import demo  # noqa: E402
from portal.services.scim.tokens import create_token  # noqa: E402

GOAL_P50_MS = 50.0  # on SQLite (issue 12)
PAGE = 100
WARM_UP = 5
COLUMNS = ("SCIM", "rows", "p50 ms", "p95 ms", "queries", "bytes")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _timed(client, url: str, headers: dict, counter: QueryCounter) -> tuple[float, int, bytes]:
    before = counter.count
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: HTTP {response.status_code} {response.get_data()[:200]}")
    return elapsed, counter.count - before, response.get_data()


def run(employees: int, server_url: str | None, seed: int) -> int:
    with bench_database(server_url) as (url, backend):
        app = create_app(bench_config(url))
        with app.app_context():
            db.create_all()
            print(summary(build_organisation(employees, seed)), file=sys.stderr)
            token = create_token("bench")
        counter = QueryCounter(app)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        starts = list(range(1, employees + 1, PAGE))
        for start in starts[:WARM_UP]:
            _timed(client, f"/scim/v2/Users?startIndex={start}&count={PAGE}", headers, counter)
        times, queries, sizes, rows = [], [], [], 0
        for start in starts:
            elapsed, statements, body = _timed(
                client, f"/scim/v2/Users?startIndex={start}&count={PAGE}", headers, counter
            )
            times.append(elapsed)
            queries.append(statements)
            sizes.append(len(body))
            rows += len(json.loads(body).get("Resources", []))
        one = "/scim/v2/Users?" + urlencode({"filter": f'userName eq "{demo.EMPLOYEE_EMAIL}"'})
        lookups = [_timed(client, one, headers, counter) for _ in range(20)]
        with app.app_context():
            db.engine.dispose()
    p50 = _percentile(times, 0.5)
    print(f"\nSCIM on {backend}, {employees:,} employees, {len(starts)} pages of {PAGE}")
    print(table([
        (f"SCIM list, {PAGE} a page", f"{rows:,}", f"{p50:.1f}",
         f"{_percentile(times, 0.95):.1f}", str(max(queries)), f"{max(sizes):,}"),
        ("SCIM filter, userName eq", "1", f"{_percentile([t for t, _, _ in lookups], 0.5):.1f}",
         f"{_percentile([t for t, _, _ in lookups], 0.95):.1f}",
         str(max(q for _, q, _ in lookups)), f"{max(len(b) for _, _, b in lookups):,}"),
    ], COLUMNS))
    if backend == "SQLite" and p50 >= GOAL_P50_MS:
        print(f"SLOW: the median page took {p50:.1f} ms (goal under {GOAL_P50_MS:.0f} ms)")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server (a fresh database is made on it)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    return run(args.employees, args.database_url or None, args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
