"""Smaller modules: the requests service is a package with one module per job and an explicit
unit of work, and the dead code is gone."""

import importlib
from pathlib import Path

import portal.services.requests as requests_package

PACKAGE = Path(requests_package.__file__).resolve().parent
JOBS = ("filing", "moves", "life_events", "reading", "plans", "unit_of_work")


def test_the_requests_service_is_a_package_with_one_module_per_job():
    assert PACKAGE.name == "requests" and (PACKAGE / "__init__.py").exists()
    assert not (PACKAGE.parent / "requests.py").exists()
    sizes = {job: len((PACKAGE / f"{job}.py").read_text().splitlines()) for job in JOBS}
    assert all(size < 300 for size in sizes.values()), sizes
    for job in JOBS:
        module = importlib.import_module(f"portal.services.requests.{job}")
        assert module.__doc__, f"{job} says what belongs in it"


def test_moves_announce_through_an_explicit_unit_of_work_not_the_session():
    sources = "\n".join(path.read_text() for path in PACKAGE.glob("*.py"))
    assert "session.info" not in sources
    from portal.services.requests.unit_of_work import UnitOfWork

    assert callable(UnitOfWork.announce)


def test_the_dead_code_is_gone():
    from portal.domain import case, disclosure

    assert not hasattr(disclosure, "sees_details")
    assert "COLLEAGUE" not in disclosure.Viewer.__members__
    assert not hasattr(case, "uses_child_number")
    assert not hasattr(requests_package, "LIFE_EVENTS")
