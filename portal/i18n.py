"""The reader's language: which one a page or an email is written in, and the catalogues.

A person's "Language" setting wins; else the browser's Accept-Language; else English. Emails
are written in the recipient's setting (`language_of`), whatever the sender's browser says.
Catalogues live in portal/translations/<code>/LC_MESSAGES/messages.po and are compiled to .mo
files when the app starts, if a .po is newer (`compile_catalogues`), so a fresh clone needs no
extra step and compiled files are never committed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, has_request_context, request
from flask_babel import Babel, force_locale, get_locale
from flask_login import current_user

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "en"
# The languages a person may choose, each named in its own words.
LANGUAGES = {
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "nl": "Nederlands",
    "ja": "日本語",
}


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks English words for the catalogues; `_()` translates them where they are shown."""
    return message


def chosen_language(setting: str | None, accept_languages=None) -> str:
    """The setting if it is one we speak, else the browser's best match, else English."""
    if setting in LANGUAGES:
        return setting
    if accept_languages is not None:
        return accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    setting = getattr(current_user, "language", None) if current_user else None
    return chosen_language(setting, request.accept_languages)


def language_of(person) -> str:
    """The language to write to this person in when no browser is asking (emails)."""
    return chosen_language(getattr(person, "language", None))


@contextmanager
def written_for(person) -> Iterator[None]:
    """Words made inside are in the person's language (an email to them)."""
    with force_locale(language_of(person)):
        yield


def current_language() -> str:
    """The language of the page being made, for <html lang>."""
    return str(get_locale() or DEFAULT_LANGUAGE).replace("_", "-")


def compile_catalogues(directory: Path = TRANSLATIONS) -> None:
    """Write each messages.mo that is missing or older than its messages.po."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parent.parent.name)
        # A name of this process's own: test runs side by side may compile at the same time.
        temporary = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
            temporary.replace(mo_path)
        except OSError:  # an installed, read-only package: its .mo files shipped with it
            logging.getLogger(__name__).warning("Could not compile %s", po_path, exc_info=True)


def init_app(app: Flask) -> None:
    compile_catalogues()
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS),
    )
    app.jinja_env.globals["current_language"] = current_language
