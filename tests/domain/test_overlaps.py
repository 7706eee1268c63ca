"""One leave at a time: the pure rule that refuses leave sharing a day with another request."""

from datetime import date, timedelta

import pytest

from portal.domain.overlaps import OtherLeave, OverlappingLeave, first_overlap, refuse_overlap
from portal.domain.plan import Block
from portal.domain.workflow import CHANGE_PENDING, Status

MAY = date(2026, 5, 4)


def weeks(start: date, count: int) -> Block:
    return Block(start, start + timedelta(days=7 * count - 1))


def other(request_id: int, state: str, *blocks: Block) -> OtherLeave:
    return OtherLeave(request_id, state, tuple(blocks))


@pytest.mark.parametrize("state", [Status.SUBMITTED, Status.INFORMATION_REQUESTED,
                                   Status.APPROVED, CHANGE_PENDING])
def test_leave_sharing_a_day_with_open_or_approved_leave_is_refused_naming_it(state):
    approved = other(7, state, weeks(MAY, 20))
    with pytest.raises(OverlappingLeave) as refused:
        refuse_overlap((weeks(MAY + timedelta(days=139), 4),), [approved])  # its last day
    assert refused.value.other == approved
    assert (refused.value.other.start, refused.value.other.end) == (MAY, MAY + timedelta(139))


@pytest.mark.parametrize("state", [Status.DRAFT, Status.REJECTED, Status.WITHDRAWN,
                                   Status.CANCELLED])
def test_drafts_and_closed_requests_hold_no_days(state):
    assert first_overlap((weeks(MAY, 20),), [other(7, state, weeks(MAY, 20))]) is None


def test_leave_that_starts_the_day_after_the_other_ends_is_fine():
    assert first_overlap((weeks(MAY + timedelta(days=140), 4),),
                         [other(7, Status.APPROVED, weeks(MAY, 20))]) is None


def test_split_plans_that_interleave_without_sharing_a_day_are_fine():
    mine = (weeks(MAY, 4), weeks(MAY + timedelta(days=70), 4))
    theirs = other(7, Status.APPROVED, weeks(MAY + timedelta(days=28), 6))
    assert first_overlap(mine, [theirs]) is None
    assert first_overlap((weeks(MAY + timedelta(days=60), 2),), [theirs]) == theirs


def test_the_earliest_overlapping_request_is_the_one_named():
    later = other(3, Status.SUBMITTED, weeks(MAY + timedelta(days=60), 4))
    earlier = other(9, Status.APPROVED, weeks(MAY, 10))
    assert first_overlap((weeks(MAY + timedelta(days=30), 8),), [later, earlier]) == earlier
