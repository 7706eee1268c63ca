"""The timeline data behind the estimate page's picture."""

from datetime import date

from portal.domain.case import Case, Event, Role
from portal.domain.entitlement import compute_entitlement
from portal.domain.timeline import leave_timeline


def make_case(**overrides) -> Case:
    fields = dict(role=Role.BIRTHING, event=Event.BIRTH, event_date=date(2026, 3, 2), country="US")
    fields.update(overrides)
    return Case(**fields)


def timeline_of(case: Case):
    return leave_timeline(compute_entitlement(case), case)


def test_company_leave_then_phased_return_for_a_us_birthing_parent():
    timeline = timeline_of(make_case())
    assert [(s.kind, s.start, s.end) for s in timeline.segments] == [
        ("company", date(2026, 3, 2), date(2026, 8, 30)),
        ("phased_return", date(2026, 8, 31), date(2026, 9, 27)),
    ]
    assert timeline.return_date == date(2026, 8, 31)


def test_nicu_leave_follows_parental_leave_as_its_own_segment():
    timeline = timeline_of(make_case(role=Role.NON_BIRTHING, nicu_days=10))
    assert [s.label for s in timeline.segments] == [
        "Parental leave, full pay",
        "NICU leave, full pay",
    ]
    assert [s.days for s in timeline.segments] == [140, 14]
    assert timeline.segments[1].start == date(2026, 7, 20)


def test_statutory_days_after_company_leave_get_their_own_segment():
    case = make_case(country="GB", subdivision="ENG")
    timeline = timeline_of(case)
    kinds = [s.kind for s in timeline.segments]
    assert kinds == ["company", "statutory", "phased_return"]
    statutory = timeline.segments[1]
    assert statutory.start == date(2026, 8, 31)
    assert statutory.end == date(2027, 2, 28)


def test_segments_are_ordered_and_do_not_overlap():
    timeline = timeline_of(make_case(country="GB", subdivision="ENG", nicu_days=40))
    for before, after in zip(timeline.segments, timeline.segments[1:], strict=False):
        assert before.end < after.start


def test_holidays_within_three_weeks_of_the_return_date_are_listed():
    timeline = timeline_of(make_case())
    assert (date(2026, 9, 7), "Labor Day") in timeline.holidays
    assert all(abs((day - timeline.return_date).days) <= 21 for day, _ in timeline.holidays)


def test_a_loss_has_one_company_segment_and_no_phased_return():
    case = make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=9)
    timeline = timeline_of(case)
    assert [(s.kind, s.label, s.days) for s in timeline.segments] == [
        ("company", "Pregnancy loss leave, full pay", 28)
    ]


def test_the_timeline_serialises_to_plain_data():
    data = timeline_of(make_case()).as_dict()
    assert data["segments"][0] == {
        "kind": "company",
        "start": "2026-03-02",
        "end": "2026-08-30",
        "label": "Parental leave, full pay",
    }
    assert data["return_date"] == "2026-08-31"
