"""The English the domain keeps for its messages' own words (an error's ``message``, a Phrase's
text, the Rules page's rule descriptions): the same on every machine. Pages, emails and the
command line word explanation items and messages in the reader's language in portal/wording/,
with portal/formatting.py; these are the English fallback."""

from __future__ import annotations

from datetime import date

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """A date as an English reader reads it: "Monday 31 August 2026"."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def duration(days: int) -> str:
    """Whole weeks when the days divide by 7, else days: "26 weeks", "1 week", "5 days"."""
    if days % 7 == 0:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    return "1 day" if days == 1 else f"{days} days"
