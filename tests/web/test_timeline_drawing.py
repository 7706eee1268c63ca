"""Positions of the leave timeline's picture: one day is the same width everywhere."""

from datetime import date

from portal.domain.timeline import Segment, Timeline
from portal.views.timeline_svg import draw_timeline


def make_timeline(**overrides) -> Timeline:
    values = dict(
        segments=(
            Segment("company", date(2026, 3, 2), date(2026, 8, 30), "Parental leave"),
            Segment("phased_return", date(2026, 8, 31), date(2026, 9, 27), "Phased return"),
        ),
        return_date=date(2026, 8, 31),
        holidays=((date(2026, 9, 7), "Labor Day"),),
    )
    values.update(overrides)
    return Timeline(**values)


def test_bars_follow_one_another_without_gaps_or_overlaps():
    drawing = draw_timeline(make_timeline(), width=1000)
    first, second = drawing.bars
    assert first.x == 0
    assert abs(first.x + first.width - second.x) < 0.2


def test_the_picture_runs_three_weeks_past_the_return_when_leave_ends_there():
    timeline = make_timeline(segments=make_timeline().segments[:1], holidays=())
    drawing = draw_timeline(timeline, width=202)
    # 2 March to 21 September: 204 days; 182 of leave.
    assert drawing.bars[0].width == round(182 * 202 / 204, 1)


def test_month_ticks_start_on_the_first_of_each_month_inside_the_picture():
    drawing = draw_timeline(make_timeline())
    assert [mark.day for mark in drawing.months][:2] == [date(2026, 4, 1), date(2026, 5, 1)]
    assert [mark.label for mark in drawing.months][-1] == "Sep"


def test_holidays_and_the_return_date_are_marked():
    drawing = draw_timeline(make_timeline(), width=1000)
    assert drawing.holidays[0].label == "Labor Day"
    assert drawing.return_mark.day == date(2026, 8, 31)
    assert drawing.return_label_anchor == "end"
