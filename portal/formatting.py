"""How dates, times, numbers and durations are written for people, on pages, in emails and on
the command line: in the reader's language, with Babel (issue 14).

The language is the page's (Flask-Babel's `get_locale()`: the person's setting, else the
browser's), or the recipient's inside `i18n.written_for(person)`; outside any request (the
command line, domain tests) it is English. English dates keep the portal's own order, "Monday
2 March 2026"; other languages use Babel's full format ("Montag, 2. März 2026", "lundi 2 mars
2026", "2026年3月2日月曜日").
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

DEFAULT_LOCALE = "en"
# English reads the day first, unambiguous wherever the reader lives ("Monday 2 March 2026"),
# not Babel's American "Monday, March 2, 2026".
_ENGLISH_LONG = "EEEE d MMMM y"
_ENGLISH_SHORT = "d MMM y"


def reader_locale() -> str:
    """The locale words are written in now: the page's or the email recipient's, else English."""
    try:
        locale = get_locale()
    except RuntimeError:  # pragma: no cover - outside any context Flask-Babel answers None
        locale = None
    return str(locale) if locale else DEFAULT_LOCALE


def _is_english(locale: str) -> bool:
    return locale == "en" or locale.startswith("en_")


def long_date(day: date | None) -> str:
    """"Monday 31 August 2026": unambiguous wherever the reader lives, in their language."""
    if not day:
        return ""
    locale = reader_locale()
    if _is_english(locale):
        return format_date(day, _ENGLISH_LONG, locale="en")
    return format_date(day, "full", locale=locale)


def iso_long_date(text: str) -> str:
    """A date kept as YYYY-MM-DD text (a record's history), written out; other text as it is."""
    try:
        return long_date(date.fromisoformat(text))
    except ValueError:
        return text


def short_date(day: date | None) -> str:
    """"2 Mar 2026", "02.03.2026", "2026/03/02"."""
    if not day:
        return ""
    locale = reader_locale()
    if _is_english(locale):
        return format_date(day, _ENGLISH_SHORT, locale="en")
    return format_date(day, "medium", locale=locale)


def month_name(month) -> str:
    """A calendar month with its year, named in the reader's language: "December 2026",
    "Dezember 2026", "décembre 2026", "diciembre de 2026", "2026年12月". `month` is a
    domain Month (or any date in it)."""
    first = month.first if hasattr(month, "first") else month.replace(day=1)
    return format_skeleton("yMMMM", first, locale=reader_locale())


def weekday_short(day: date) -> str:
    """A calendar column's day of the week: "Mo", "Mo.", "lu", "月"."""
    return format_date(day, "EEEEEE", locale=reader_locale())


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(moment: datetime | None, timezone: str | None) -> str:
    """"Monday 31 August 2026, 09:30 BST": a timestamp in the reader's time zone, named."""
    if moment is None:
        return ""
    local = moment.astimezone(_zone(timezone))
    locale = reader_locale()
    clock = local.strftime("%H:%M") if _is_english(locale) else format_time(
        local.time(), "short", locale=locale
    )
    return _(
        "%(date)s, %(time)s %(zone)s",
        date=long_date(local.date()), time=clock, zone=local.tzname(),
    )


def local_iso(moment: datetime, timezone: str | None) -> str:
    """The same moment for a <time datetime> attribute."""
    return moment.astimezone(_zone(timezone)).isoformat()


def number(value: int | float) -> str:
    """"1,250" / "1.250" / "1 250": a number as the reader writes it."""
    return format_decimal(value, locale=reader_locale())


def rate(value) -> str:
    """An exchange rate as the reader writes numbers, every decimal kept: "0.71380244",
    "0,71380244", "1,234.5"."""
    return format_decimal(Decimal(str(value)), format="#,##0.##########", locale=reader_locale())


def weeks(count: int) -> str:
    return ngettext("%(num)d week", "%(num)d weeks", count)


def days(count: int) -> str:
    return ngettext("%(num)d day", "%(num)d days", count)


def weeks_and_days(count: int) -> str:
    """"26 weeks", "1 week", "5 days", "2 weeks and 3 days"."""
    whole, rest = divmod(count, 7)
    if whole and rest:
        return _("%(weeks)s and %(days)s", weeks=weeks(whole), days=days(rest))
    if whole:
        return weeks(whole)
    return days(rest)


def duration(count: int) -> str:
    """Whole weeks when the days divide by 7, else days: "26 weeks", "1 week", "5 days"."""
    if count and count % 7 == 0:
        return weeks(count // 7)
    return days(count)


def days_a_week(count: int) -> str:
    """"one day" / "3 days" (working ... a week)."""
    return _("one day") if count == 1 else days(count)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
