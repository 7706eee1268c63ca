"""A message for people as a value: its English words, its template and its values.

A Phrase is a str (its English words, so the command line, logs and English pages use it as
they always did) that also carries ``template``, the English sentence with ``%(name)s``
placeholders, which is the catalogue's msgid (`make messages` collects the first argument of
every ``Phrase(...)``), and ``values`` (dates, counts, codes, what was typed). A page words it
in its reader's language with portal.wording.words; the domain never calls gettext.
"""

from __future__ import annotations

from portal.domain.errors import english
from portal.domain.wording import duration


class Phrase(str):
    template: str
    values: dict

    def __new__(cls, template: str, **values) -> Phrase:
        phrase = super().__new__(cls, english(template, values))
        phrase.template = template
        phrase.values = values
        return phrase

    def __reduce__(self):  # a copy or a pickle keeps what it is
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict) -> Phrase:
    return Phrase(template, **values)


class PluralPhrase(Phrase):
    """A Phrase whose words depend on a count (`make messages` collects ``PluralPhrase:1,2``):
    the English singular when ``count`` is 1, else the plural; ``num`` is the count."""

    plural: str
    count: int

    def __new__(cls, singular: str, plural: str, count: int, **values) -> PluralPhrase:
        values = {"num": count, **values}
        phrase = str.__new__(cls, english(singular if count == 1 else plural, values))
        phrase.template = singular
        phrase.plural = plural
        phrase.count = count
        phrase.values = values
        return phrase

    def __reduce__(self):
        values = {name: value for name, value in self.values.items() if name != "num"}
        return (_rebuild_plural, (self.template, self.plural, self.count, values))


def _rebuild_plural(singular: str, plural: str, count: int, values: dict) -> PluralPhrase:
    return PluralPhrase(singular, plural, count, **values)


def listed(names) -> tuple[str, ...]:
    """Names to be shown as a list in a phrase ("“a”, “b” and “c”" in English), quoted."""
    return tuple(f"“{name}”" for name in names)


class Length(int):
    """A length of leave in days, as a Phrase value: "26 weeks", "5 days" (whole weeks when the
    days divide by 7), in the reader's language where it is shown."""

    def __str__(self) -> str:
        return duration(int(self))
