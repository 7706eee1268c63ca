"""How dates and durations are written for people, on pages and on the command line."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.domain.wording import long_date as _long_date


def long_date(day: date | None) -> str:
    """"Monday 31 August 2026": unambiguous wherever the reader lives."""
    return _long_date(day) if day else ""


def iso_long_date(text: str) -> str:
    """A date kept as YYYY-MM-DD text (a record's history), written out; other text as it is."""
    try:
        return long_date(date.fromisoformat(text))
    except ValueError:
        return text


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


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
    return f"{long_date(local.date())}, {local:%H:%M} {local.tzname()}"


def local_iso(moment: datetime, timezone: str | None) -> str:
    """The same moment for a <time datetime> attribute."""
    return moment.astimezone(_zone(timezone)).isoformat()


def weeks_and_days(days: int) -> str:
    """"26 weeks", "1 week", "5 days", "2 weeks and 3 days"."""
    weeks, rest = divmod(days, 7)
    parts = []
    if weeks:
        parts.append("1 week" if weeks == 1 else f"{weeks} weeks")
    if rest or not weeks:
        parts.append("1 day" if rest == 1 else f"{rest} days")
    return " and ".join(parts)


def days_a_week(count: int) -> str:
    return "one day" if count == 1 else f"{count} days"


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
