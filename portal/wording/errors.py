"""Domain errors and messages shown to people, in the reader's language.

An IneligibleCase or InvalidTransition carries ``code``, its English template (the msgid), and
``values``; a Phrase (people, locations, the people import) carries ``template`` and ``values``
(a PluralPhrase a plural and a count too). `make messages` collects the templates with the
keywords ``IneligibleCase:2``, ``InvalidTransition:1``, ``Phrase`` and ``PluralPhrase:1,2``.
Here the values are written for the reader: dates in their language, a status by its name, a
policy title from the catalogue, a list their way. Anything else is shown as its English text.
"""

from __future__ import annotations

from datetime import date

from babel.lists import format_list
from flask_babel import gettext, ngettext

from portal.domain.errors import english
from portal.domain.phrases import Length, Phrase, PluralPhrase
from portal.domain.workflow import STATUS_LABELS
from portal.formatting import duration, long_date, reader_locale
from portal.wording.policy_texts import policy_text


def _listed(names: tuple) -> str:
    """"a, b and c" in English as the domain writes it; the reader's own way elsewhere."""
    locale = reader_locale()
    if locale.startswith("en") or not names:
        return english("%(names)s", {"names": names}) if names else ""
    return format_list(list(names), locale=locale)


def _event_label(label: str) -> str:
    """The domain's EVENT_LABELS, in the reader's words."""
    return {
        "a birth": gettext("a birth"),
        "an adoption": gettext("an adoption"),
        "a surrogacy": gettext("a surrogacy"),
        "a pregnancy loss": gettext("a pregnancy loss"),
    }.get(label, label)


def _value(name: str, value):
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, BaseException):
        return error_text(value)
    if isinstance(value, Phrase):  # a phrase within a phrase
        return words(value)
    if isinstance(value, Length):
        return duration(int(value))
    if isinstance(value, tuple):
        return _listed(value)
    if name == "event_label":
        return _event_label(value)
    if name == "title":
        return policy_text(value)
    if name == "status":
        if value not in STATUS_LABELS:
            return value
        label = gettext(STATUS_LABELS[value])
        return label.lower() if reader_locale().startswith("en") else label
    return value


def error_text(error: BaseException) -> str:
    """The error's message (without the field name) in the reader's language."""
    code = getattr(error, "code", None)
    if not isinstance(code, str):
        return words(getattr(error, "message", None) or str(error))
    values = getattr(error, "values", None) or {}
    return gettext(code, **{name: _value(name, value) for name, value in values.items()})


def words(text: str | None) -> str:
    """A message from the domain in the reader's language: a Phrase by its template and values;
    any other text as it is."""
    if isinstance(text, PluralPhrase):
        values = {name: _value(name, value) for name, value in text.values.items()
                  if name != "num"}
        return ngettext(text.template, text.plural, text.count, **values)
    if isinstance(text, Phrase):
        return gettext(
            text.template, **{name: _value(name, value) for name, value in text.values.items()}
        )
    return text or ""
