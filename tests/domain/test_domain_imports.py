"""portal/domain imports only stdlib, dateutil, holidays and itself (ARCHITECTURE.md)."""

import ast
import sys
from pathlib import Path

import portal.domain

DOMAIN = Path(portal.domain.__file__).resolve().parent
ALLOWED_THIRD_PARTY = {"dateutil", "holidays"}


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.append("portal.domain")
            elif node.module:
                names.append(node.module)
    return names


def is_allowed(name: str) -> bool:
    top = name.split(".")[0]
    return (
        top in sys.stdlib_module_names
        or top in ALLOWED_THIRD_PARTY
        or name == "portal.domain"
        or name.startswith("portal.domain.")
    )


def test_the_domain_imports_only_stdlib_dateutil_holidays_and_itself():
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) > 5
    offenders = [
        f"{path.name}: {name}"
        for path in files
        for name in imported_modules(path)
        if not is_allowed(name)
    ]
    assert offenders == []


def test_the_import_walker_catches_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("import flask\nfrom sqlalchemy import select\nfrom portal import models\n")
    assert [name for name in imported_modules(module) if not is_allowed(name)] == [
        "flask",
        "sqlalchemy",
        "portal",
    ]


def test_the_root_conftest_imports_no_application_so_domain_tests_run_without_flask():
    conftest = Path(__file__).resolve().parents[1] / "conftest.py"
    assert [name for name in imported_modules(conftest) if not is_allowed(name)] == ["pytest"]
