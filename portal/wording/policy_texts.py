"""Texts people read that live in the policy data (rule titles, notes, jurisdiction names).

They are English in portal/policies/*.toml and portal/policies/benefits/*.toml, where the law's
sources are cited. `make messages` collects them into the catalogue template with the extractor
below (babel.cfg: `[policies: portal/policies/**.toml]`), and `policy_text` looks each up in
the reader's catalogue when it is shown: a text a translator has not reached yet stays English.
"""

from __future__ import annotations

import tomllib

from flask_babel import gettext

# The keys whose values are read by people; ids, sources, kinds and figures are not.
TEXT_KEYS = frozenset({
    "title", "text", "name", "note", "notes", "label", "description", "stillbirth_rule",
    "unclear_note", "stillbirth_unclear_note", "summary", "explanation",
})


def policy_text(text: str | None) -> str:
    """A policy data text in the reader's language (as written when it has no translation)."""
    if not text:
        return ""
    return gettext(text)


def _texts(node, key: str | None = None):
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _texts(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, key)
    elif isinstance(node, str) and key in TEXT_KEYS and node.strip():
        yield node


def extract_policy_texts(fileobj, keywords, comment_tags, options):
    """A Babel extractor for policy TOML files: (line, funcname, message, comments)."""
    raw = fileobj.read()
    data = tomllib.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    lines = (raw.decode("utf-8") if isinstance(raw, bytes) else raw).splitlines()
    seen = set()
    for text in _texts(data):
        if text in seen:
            continue
        seen.add(text)
        # A translator may need to write a literal percent sign; mark nothing as python-format.
        line = next((number for number, content in enumerate(lines, 1)
                     if text.split("\n")[0][:40] in content), 0)
        yield line, "gettext", text, ["Policy data text"]
