"""The words for what the domain says (issue 14): explanation items, domain errors and policy
data texts, written in the reader's language with gettext where a page, an email or the command
line is made. The domain returns values (portal/domain/explanation.py, error codes); this
package chooses the words. Outside a request (the command line, domain tests) it writes English.
"""

from portal.wording.errors import error_text, words
from portal.wording.explanation import (
    english_entitlement_dict,
    event_list,
    explain,
    explanation_lines,
    role_list,
)
from portal.wording.policy_texts import policy_text

__all__ = [
    "english_entitlement_dict",
    "error_text",
    "event_list",
    "explain",
    "explanation_lines",
    "policy_text",
    "role_list",
    "words",
]
