"""Month grids: months, cells, weekends and holidays per location, counts and returns."""

from datetime import date

import pytest

from portal.domain.calendar import (
    APPROVED,
    PENDING,
    LeaveBlock,
    Month,
    MonthError,
    Person,
    build_grid,
    day_counts,
    month_or_current,
    parse_month,
    upcoming_returns,
)

SAT_SUN = frozenset({5, 6})
FRI_SAT = frozenset({4, 5})


def person(pid=1, name=None, country="GB", subdivision="ENG", weekend=SAT_SUN,
           label="Parental leave") -> Person:
    return Person(pid, name or f"Person {pid}", country, subdivision, weekend, label)


def cell(grid, row, day):
    return grid.rows[row].cells[day - 1]


# -- Months -------------------------------------------------------------------------------


def test_a_month_is_read_from_year_and_month():
    assert parse_month("2026-03") == Month(2026, 3)
    assert parse_month(" 2026-12 ") == Month(2026, 12)


@pytest.mark.parametrize("text", ["", None, "2026-13", "2026-00", "2026-3", "March", "2026-03-01",
                                  "0000-01", "26-03"])
def test_a_month_that_cannot_be_read_is_refused_with_an_example(text):
    with pytest.raises(MonthError, match="like 2026-03"):
        parse_month(text)


def test_an_unreadable_month_falls_back_to_this_month_with_a_gentle_note():
    today = date(2026, 5, 14)
    assert month_or_current(None, today) == (Month(2026, 5), None)
    assert month_or_current("2026-01", today) == (Month(2026, 1), None)
    month, note = month_or_current("soon", today)
    assert month == Month(2026, 5)
    assert note and "this month" in note


def test_previous_and_next_cross_the_year():
    assert Month(2026, 1).previous == Month(2025, 12)
    assert Month(2025, 12).next == Month(2026, 1)
    assert Month(2026, 1).key == "2026-01"
    assert Month(2026, 1).label == "January 2026"


def test_the_days_of_a_month_run_from_the_first_to_the_last():
    assert len(Month(2024, 2).days) == 29
    assert len(Month(2025, 2).days) == 28
    assert Month(2026, 4).days[0] == date(2026, 4, 1)
    assert Month(2026, 4).days[-1] == Month(2026, 4).last == date(2026, 4, 30)


# -- Cells --------------------------------------------------------------------------------


def test_leave_spanning_months_fills_each_month_it_touches():
    block = LeaveBlock(1, date(2025, 11, 20), date(2026, 1, 10), approved=True)
    december = build_grid(Month(2025, 12), [person()], [block], today=date(2025, 1, 1))
    assert all(c.leave == APPROVED for c in december.rows[0].cells)
    january = build_grid(Month(2026, 1), [person()], [block], today=date(2025, 1, 1))
    assert [c.day.day for c in january.rows[0].cells if c.away] == list(range(1, 11))
    assert december.rows[0].days_away == 31


def test_pending_leave_is_marked_pending_and_approved_wins_where_they_overlap():
    blocks = [
        LeaveBlock(1, date(2026, 3, 2), date(2026, 3, 10), approved=False),
        LeaveBlock(1, date(2026, 3, 9), date(2026, 3, 12), approved=True),
    ]
    grid = build_grid(Month(2026, 3), [person(label="Out of office")], blocks, date(2026, 1, 1))
    assert cell(grid, 0, 2).leave == PENDING
    assert cell(grid, 0, 9).leave == APPROVED
    assert cell(grid, 0, 12).leave == APPROVED
    assert cell(grid, 0, 13).leave is None
    assert cell(grid, 0, 2).title == "Out of office, pending"
    assert "pending" in cell(grid, 0, 2).classes.split()
    assert "approved" in cell(grid, 0, 9).classes.split()


def test_weekends_are_each_persons_own_locations():
    london = person(1)
    tel_aviv = person(2, country="IL", subdivision=None, weekend=FRI_SAT)
    grid = build_grid(Month(2026, 3), [london, tel_aviv], [], date(2026, 1, 1))
    # 6 March 2026 is a Friday, 7 a Saturday, 8 a Sunday.
    assert [cell(grid, 0, d).weekend for d in (6, 7, 8)] == [False, True, True]
    assert [cell(grid, 1, d).weekend for d in (6, 7, 8)] == [True, True, False]
    assert cell(grid, 1, 6).title == "Weekend"
    assert "weekend" in cell(grid, 1, 6).classes


def test_public_holidays_are_each_persons_own_locations_with_their_names():
    england, scotland = person(1), person(2, subdivision="SCT")
    new_york = person(3, country="US", subdivision="NY")
    december = build_grid(Month(2025, 12), [england, scotland], [], date(2025, 1, 1))
    assert cell(december, 0, 1).holiday is None
    assert cell(december, 1, 1).holiday == "Saint Andrew's Day (observed)"
    assert cell(december, 0, 25).holiday == cell(december, 1, 25).holiday == "Christmas Day"
    assert "Christmas Day (public holiday)" in cell(december, 0, 25).title
    november = build_grid(Month(2025, 11), [england, new_york], [], date(2025, 1, 1))
    assert cell(november, 1, 27).holiday == "Thanksgiving Day"
    assert cell(november, 0, 27).holiday is None


def test_leave_on_a_holiday_says_both():
    block = LeaveBlock(1, date(2025, 12, 22), date(2026, 1, 2), approved=True)
    grid = build_grid(Month(2025, 12), [person()], [block], date(2025, 1, 1))
    christmas = cell(grid, 0, 25)
    assert christmas.title == "Parental leave, approved; Christmas Day (public holiday)"
    assert christmas.classes.split() == ["approved", "holiday"]


def test_today_is_marked_in_its_column_only():
    grid = build_grid(Month(2026, 3), [person(1), person(2)], [], today=date(2026, 3, 17))
    assert [c.day.day for row in grid.rows for c in row.cells if c.today] == [17, 17]
    assert "today" in cell(grid, 0, 17).classes
    outside = build_grid(Month(2026, 4), [person()], [], today=date(2026, 3, 17))
    assert not any(c.today for c in outside.rows[0].cells)


def test_rows_keep_the_order_given_and_ignore_blocks_of_other_people():
    blocks = [LeaveBlock(9, date(2026, 3, 1), date(2026, 3, 31), approved=True)]
    grid = build_grid(Month(2026, 3), [person(2, "Bea"), person(1, "Al")], blocks,
                      date(2026, 1, 1))
    assert [row.person.name for row in grid.rows] == ["Bea", "Al"]
    assert not any(c.away for row in grid.rows for c in row.cells)
    assert all(count.total == 0 for count in grid.counts)


# -- Counts -------------------------------------------------------------------------------


def test_each_day_counts_people_away_approved_and_pending_separately():
    blocks = [
        LeaveBlock(1, date(2026, 3, 1), date(2026, 3, 10), approved=True),
        LeaveBlock(2, date(2026, 3, 5), date(2026, 3, 20), approved=True),
        LeaveBlock(3, date(2026, 3, 8), date(2026, 4, 30), approved=False),
        # A person with two overlapping blocks is counted once, as approved.
        LeaveBlock(1, date(2026, 3, 8), date(2026, 3, 12), approved=False),
    ]
    counts = {c.day.day: c for c in day_counts(Month(2026, 3), blocks)}
    assert (counts[1].approved, counts[1].pending) == (1, 0)
    assert (counts[8].approved, counts[8].pending) == (2, 1)
    assert (counts[11].approved, counts[11].pending) == (1, 2)
    assert (counts[25].approved, counts[25].pending) == (0, 1)
    assert counts[8].total == 3
    assert len(counts) == 31


# -- Returns ------------------------------------------------------------------------------


def test_a_return_is_the_first_working_day_after_the_leave():
    # Friday 6 March 2026 is the last day; Monday 9 March the return.
    blocks = [LeaveBlock(1, date(2026, 2, 1), date(2026, 3, 6), approved=True)]
    [back] = upcoming_returns([person()], blocks, today=date(2026, 3, 2))
    assert (back.return_date, back.last_day, back.approved) == (
        date(2026, 3, 9), date(2026, 3, 6), True)


def test_a_return_skips_the_persons_own_holidays_and_weekend():
    blocks = [LeaveBlock(1, date(2025, 12, 1), date(2025, 12, 24), approved=True),
              LeaveBlock(2, date(2026, 3, 1), date(2026, 3, 5), approved=False)]
    people = [person(1), person(2, country="IL", subdivision=None, weekend=FRI_SAT)]
    returns = upcoming_returns(people, blocks, today=date(2025, 12, 20), horizon_days=100)
    assert [(r.person.id, r.return_date) for r in returns] == [
        (1, date(2025, 12, 29)),  # after Christmas, Boxing Day and the weekend
        (2, date(2026, 3, 8)),  # Thursday 5 March; Friday and Saturday off; Sunday back
    ]
    assert returns[1].approved is False


def test_only_returns_after_today_and_within_the_horizon_are_listed():
    blocks = [
        LeaveBlock(1, date(2026, 1, 1), date(2026, 3, 6), approved=True),  # back 9 March
        LeaveBlock(2, date(2026, 1, 1), date(2026, 3, 13), approved=True),  # back 16 March
        LeaveBlock(3, date(2026, 1, 1), date(2026, 6, 30), approved=True),  # far off
    ]
    people = [person(1), person(2), person(3)]
    assert [r.person.id for r in upcoming_returns(people, blocks, date(2026, 3, 9))] == [2]
    assert [r.person.id for r in upcoming_returns(people, blocks, date(2026, 3, 8))] == [1, 2]


def test_blocks_that_follow_each_other_make_one_return_and_a_gap_makes_two():
    touching = [LeaveBlock(1, date(2026, 3, 2), date(2026, 3, 6), approved=True),
                LeaveBlock(1, date(2026, 3, 9), date(2026, 3, 20), approved=True)]
    returns = upcoming_returns([person()], touching, date(2026, 3, 1))
    assert [r.return_date for r in returns] == [date(2026, 3, 23)]
    apart = [LeaveBlock(1, date(2026, 3, 2), date(2026, 3, 6), approved=True),
             LeaveBlock(1, date(2026, 3, 16), date(2026, 3, 20), approved=True)]
    returns = upcoming_returns([person()], apart, date(2026, 3, 1))
    assert [r.return_date for r in returns] == [date(2026, 3, 9), date(2026, 3, 23)]
