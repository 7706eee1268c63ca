"""What each viewer may see of someone's leave: the one place that decides it.

A manager or colleague sees dates and a neutral label, never the event kind, NICU days,
gestation, loss or notes; the employee and HR see the details (ARCHITECTURE, "Privacy").
"""

from __future__ import annotations

from enum import StrEnum

PARENTAL_LEAVE = "Parental leave"
OUT_OF_OFFICE = "Out of office"


class Viewer(StrEnum):
    SELF = "self"
    HR = "hr"
    MANAGER = "manager"  # a manager or a colleague: the same neutral view


def leave_label(viewer: Viewer, prefers_out_of_office: bool = False) -> str:
    """The words shown for someone's leave to this viewer."""
    if viewer in (Viewer.SELF, Viewer.HR):
        return PARENTAL_LEAVE
    return OUT_OF_OFFICE if prefers_out_of_office else PARENTAL_LEAVE
