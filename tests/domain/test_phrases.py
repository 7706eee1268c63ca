"""Messages for people as values: the domain keeps the English words and what a page needs to
word them in its reader's language (portal/wording/); no Flask here."""

import copy
import pickle
from datetime import date

from portal.domain.errors import IneligibleCase
from portal.domain.phrases import Phrase, PluralPhrase, listed
from portal.domain.workflow import InvalidTransition
from portal.wording import error_text, words


def test_a_phrase_is_its_english_words_and_keeps_its_template_and_values():
    phrase = Phrase("on or before %(latest)s; please check", latest=date(2027, 3, 1))
    assert phrase == "on or before Monday 1 March 2027; please check"
    assert phrase.template == "on or before %(latest)s; please check"
    assert phrase.values == {"latest": date(2027, 3, 1)}
    assert words(phrase) == phrase
    assert words("plain text") == "plain text"


def test_a_plural_phrase_chooses_its_words_by_the_count():
    one = PluralPhrase("The column %(columns)s is gone.", "The columns %(columns)s are gone.", 1,
                       columns=listed(["dept"]))
    three = PluralPhrase("The column %(columns)s is gone.", "The columns %(columns)s are gone.",
                         3, columns=listed(["a", "b", "c"]))
    assert one == "The column “dept” is gone."
    assert three == "The columns “a”, “b” and “c” are gone."
    assert words(three) == three


def test_phrases_survive_a_copy_and_a_pickle():
    phrase = PluralPhrase("%(num)d row", "%(num)d rows", 2)
    for again in (copy.deepcopy(phrase), pickle.loads(pickle.dumps(phrase))):  # noqa: S301 - our own bytes
        assert again == "2 rows" and isinstance(again, PluralPhrase) and again.count == 2


def test_domain_errors_carry_a_template_and_values_and_read_as_english():
    error = IneligibleCase("start", "must be on or before %(last)s", last=date(2026, 3, 2))
    assert error.message == "must be on or before Monday 2 March 2026"
    assert str(error) == "start: must be on or before Monday 2 March 2026"
    assert (error.code, error.values) == ("must be on or before %(last)s",
                                          {"last": date(2026, 3, 2)})
    assert error_text(error) == error.message
    refused = InvalidTransition("This request is %(status)s, so it can no longer be changed "
                                "that way.", status="approved")
    assert str(refused) == "This request is approved, so it can no longer be changed that way."
    assert error_text(refused) == str(refused)


def test_an_error_inside_an_error_reads_as_one_sentence():
    inner = IneligibleCase("blocks", "each block must be at least %(least)d days", least=7)
    outer = IneligibleCase("blocks", "%(problem)s (with the new dates waiting for HR)",
                           problem=inner)
    assert outer.message == "each block must be at least 7 days (with the new dates waiting for HR)"
    assert error_text(outer) == outer.message
