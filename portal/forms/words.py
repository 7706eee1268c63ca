"""Form words in the reader's language, escaped like any other text.

Flask-Babel's lazy strings say they are already HTML (`__html__` returns the text as it is),
so a label, description or message holding `"`, `&` or `<` in any language would reach the page
unescaped. These lazy strings are escaped wherever Jinja or WTForms write them. Use
`from portal.forms.words import lazy_gettext as _l`: `make messages` collects `_l(...)`.
"""

from __future__ import annotations

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class EscapedLazyString(LazyString):
    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> EscapedLazyString:
    """The words of `string` in the language of whoever reads them, when they are shown."""
    return EscapedLazyString(gettext, string, **variables)
