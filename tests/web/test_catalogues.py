"""The catalogues are complete and compiled (issue 14).

Every message in the code, collected the way `make messages` collects it (babel.cfg, the
keywords `_ gettext ngettext _l lazy_gettext`, the domain errors' templates and the policy data
texts), must be in every language's catalogue, translated (every plural form), not fuzzy, and
with the msgid's python-format placeholders. This test fails while translators are at work.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale
from sqlalchemy import select

from portal import formatting, i18n
from portal.domain.errors import IneligibleCase
from portal.domain.explanation import ReturnToWork
from portal.domain.workflow import Action, Audience, Status
from portal.extensions import db
from portal.models import OutboxMessage
from portal.services import notifications
from portal.wording import error_text, explain
from tests.builders import make_employee, make_leave

ROOT = Path(__file__).resolve().parents[2]
GIT = shutil.which("git") or "git"
# The keywords `make messages` passes (Makefile), besides Babel's defaults.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    **parse_keywords(
        ["_l", "lazy_gettext", "IneligibleCase:2", "InvalidTransition:1", "Phrase",
         "PluralPhrase:1,2"]
    ),
}
TRANSLATED = sorted(set(i18n.LANGUAGES) - {i18n.DEFAULT_LANGUAGE})
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])")
WHOLE_LIST = 40  # failures listed in full; the rest are counted


@cache
def code_messages() -> dict[tuple[str, str | None], tuple[str | None, str]]:
    """(msgid, context) -> (msgid_plural or None, where it was found), as `make messages`
    collects them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (
            message, None
        )
        if not singular:
            continue
        found.setdefault((singular, context), (plural, f"{filename}:{lineno}"))
    return found


def placeholders(text: str) -> set[str]:
    """The python-format placeholders of a text: names, or the conversions of unnamed ones."""
    return {name or f"#{kind}" for name, kind in _PLACEHOLDER.findall(text) if kind != "%"}


def problems(language: str) -> list[str]:
    po_path = i18n.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return [f"{language}: there is no catalogue at {po_path.relative_to(ROOT)}"]
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale=language)
    found = []
    for (msgid, context), (plural, where) in code_messages().items():
        entry = catalogue.get(msgid, context=context)
        said = f"{language}: {msgid[:70]!r} ({where})"
        if entry is None:
            found.append(f"{said} is missing from the catalogue")
            continue
        if entry.fuzzy:
            found.append(f"{said} is fuzzy")
        forms = list(entry.string) if isinstance(entry.string, (list, tuple)) else [entry.string]
        if plural is not None and not isinstance(entry.string, (list, tuple)):
            found.append(f"{said} has no plural forms in the catalogue")
            continue
        if any(not form for form in forms):
            found.append(f"{said} is untranslated")
            continue
        wanted = placeholders(msgid) | (placeholders(plural) if plural else set())
        needed = wanted - {"num"} if plural else wanted  # a singular form may say "one"
        for form in forms:
            has = placeholders(form)
            if not needed <= has <= wanted:
                found.append(
                    f"{said}: the translation's placeholders {sorted(has)} are not the "
                    f"msgid's {sorted(wanted)}"
                )
                break
    return found


def test_extraction_finds_the_code_the_domain_errors_and_the_policy_texts():
    messages = {msgid for msgid, _context in code_messages()}
    assert "Submit request" in messages  # a pinned label, from a template
    assert "%(duration)s parental leave (%(role)s)" in messages  # an explanation item
    assert "blocks must not overlap" in messages  # a domain error (IneligibleCase:2)
    assert "Please add a few words: this step needs a note." in messages  # InvalidTransition
    assert "Mutterschutz before and after the birth" in messages  # a policy rule's title
    assert "Germany" in messages  # a jurisdiction's name
    assert "Please tick at least one weekend day." in messages  # a Phrase (locations)


def test_placeholders_are_read_the_way_python_reads_them():
    assert placeholders("%(num)d weeks, %(name)s's %% and %s") == {"num", "name", "#s"}


def test_every_message_is_translated_in_every_language():
    found = [problem for language in TRANSLATED for problem in problems(language)]
    counts = {
        language: sum(problem.startswith(f"{language}:") for problem in found)
        for language in TRANSLATED
    }
    summary = ", ".join(f"{language}: {count}" for language, count in counts.items())
    listed = "\n".join(found[:WHOLE_LIST])
    more = f"\n... and {len(found) - WHOLE_LIST} more" if len(found) > WHOLE_LIST else ""
    assert not found, (
        f"{len(found)} catalogue problems of {len(code_messages())} messages ({summary}); "
        f"run `make messages` and translate:\n{listed}{more}"
    )


def test_create_app_compiles_every_catalogue(app):
    for po_path in i18n.TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} was not compiled"
        assert mo_path.stat().st_mtime >= po_path.stat().st_mtime, f"{mo_path} is older"


def test_a_changed_catalogue_is_compiled_again(tmp_path):
    source = i18n.TRANSLATIONS / "de" / "LC_MESSAGES" / "messages.po"
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po_path = shutil.copy(source, folder / "messages.po")
    mo_path = folder / "messages.mo"
    mo_path.write_bytes(b"stale")
    old = Path(po_path).stat().st_mtime - 60
    os.utime(mo_path, (old, old))
    i18n.compile_catalogues(tmp_path)
    assert mo_path.read_bytes() != b"stale"
    assert mo_path.stat().st_mtime >= Path(po_path).stat().st_mtime


def test_compiled_catalogues_are_not_tracked_by_git():
    tracked = subprocess.run(
        [GIT, "ls-files", "--", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == []
    ignored = subprocess.run(
        [GIT, "check-ignore", "-q", "portal/translations/de/LC_MESSAGES/messages.mo"],
        cwd=ROOT, check=False,
    )
    assert ignored.returncode == 0, "*.mo must be in .gitignore"


# -- Words for the reader's language: dates, durations, emails ---------------------------------


def test_dates_are_written_the_way_each_language_writes_them(app):
    day = date(2026, 3, 2)
    written = {}
    for language in ("en", "de", "fr", "ja", "es", "nl"):
        with force_locale(language):
            written[language] = formatting.long_date(day)
    assert written["en"] == "Monday 2 March 2026"
    assert written["de"] == "Montag, 2. März 2026"
    assert written["fr"] == "lundi 2 mars 2026"
    assert written["ja"] == "2026年3月2日月曜日"
    assert written["nl"] == "maandag 2 maart 2026"
    assert "marzo" in written["es"]


def test_exchange_rates_keep_every_decimal_in_the_readers_way_of_writing_numbers(app):
    assert formatting.rate("0.71380244") == "0.71380244"
    assert formatting.rate("1234.5") == "1,234.5"
    with force_locale("de"):
        assert formatting.rate("0.71380244") == "0,71380244"


def test_the_calendar_columns_name_the_days_of_the_week_in_the_language(app):
    monday = date(2026, 3, 2)
    columns = {}
    for language in ("en", "de", "fr", "ja"):
        with force_locale(language):
            columns[language] = [formatting.weekday_short(monday + timedelta(days=offset))
                                 for offset in (0, 6)]
    assert columns == {"en": ["Mo", "Su"], "de": ["Mo.", "So."], "fr": ["lu", "di"],
                       "ja": ["月", "日"]}


def test_times_numbers_and_durations_follow_the_language(app):
    moment = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert formatting.local_time(moment, "Europe/London") == "Monday 2 March 2026, 08:30 GMT"
    assert formatting.weeks_and_days(17) == "2 weeks and 3 days"
    assert formatting.duration(182) == "26 weeks"
    assert formatting.number(1250) == "1,250"
    with force_locale("de"):
        assert formatting.local_time(moment, "Europe/Berlin").startswith("Montag, 2. März 2026")
        assert "09:30" in formatting.local_time(moment, "Europe/Berlin")
        assert formatting.number(1250) == "1.250"


def test_outside_a_request_the_words_are_english():
    assert formatting.long_date(date(2026, 3, 2)) == "Monday 2 March 2026"
    assert formatting.weeks_and_days(7) == "1 week"


def test_an_email_is_written_in_the_recipients_language_whatever_the_browser(app):
    employee = make_employee(language="fr")
    colleague = make_employee(language=None, manager=None)
    leave = make_leave(employee, date(2026, 3, 2), date(2026, 4, 5))
    other = make_leave(colleague, date(2026, 3, 2), date(2026, 4, 5))
    with app.test_request_context(headers={"Accept-Language": "de"}):
        notifications.announce(leave, Action.APPROVE, {Audience.EMPLOYEE}, Status.SUBMITTED)
        notifications.announce(other, Action.APPROVE, {Audience.EMPLOYEE}, Status.SUBMITTED)
    db.session.commit()
    mails = {mail.recipient: mail for mail in db.session.scalars(select(OutboxMessage))}
    assert "lundi 2 mars 2026" in mails[employee.email].body
    # No setting: English, not the German of the browser that made the change.
    assert "Monday 2 March 2026" in mails[colleague.email].body
    assert mails[colleague.email].subject == "Your leave request is approved"


def test_explanation_items_and_domain_errors_are_worded_in_the_pages_language(app):
    return_item = ReturnToWork(date(2026, 3, 2))
    error = IneligibleCase("start", "must be on or before %(last)s", last=date(2026, 3, 2))
    with force_locale("de"):
        assert "Montag, 2. März 2026" in explain(return_item)
        assert "Montag, 2. März 2026" in explain(return_item.as_dict())  # as a request stores it
        assert "Montag, 2. März 2026" in error_text(error)
    with force_locale("en"):
        assert explain(return_item) == (
            "Return to work on Monday 2 March 2026, the first working day after the leave."
        )
        assert explain("An English line a request stored before items.") == (
            "An English line a request stored before items."
        )
