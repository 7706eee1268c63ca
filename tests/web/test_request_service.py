"""The requests service: filing, deciding and changing leave, with history and mail."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.domain.errors import IneligibleCase, StaleRequest
from portal.domain.plan import Block
from portal.domain.workflow import Action, InvalidTransition, Status
from portal.extensions import db
from portal.models import LeaveRequest, OutboxMessage, RequestEvent
from portal.services import requests
from tests.builders import make_employee, make_location

FUTURE = date.today() + timedelta(days=120)
BORN = date.today() - timedelta(days=1)  # a birth is recorded once it has happened


@pytest.fixture
def people(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=office)
    employee = make_employee(name="Erin Employee", manager=manager, location=office)
    hr = make_employee(name="Harper HR", is_hr=True, location=office)
    other_hr = make_employee(name="Hollis HR", is_hr=True, location=office)
    return {"employee": employee, "manager": manager, "hr": hr, "other_hr": other_hr}


def make_input(**fields) -> requests.RequestInput:
    values = dict(role="birthing", event="birth", event_date=FUTURE)
    values.update(fields)
    return requests.RequestInput(**values)


def file(person, key="key-1", submit=True, **fields) -> LeaveRequest:
    return requests.file_request(person, make_input(**fields), key, submit=submit)


def mail_to(person) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == person.email).order_by(OutboxMessage.id)))


def test_submitting_records_the_entitlement_the_plan_and_tells_hr(people):
    request = file(people["employee"])
    assert request.status == Status.SUBMITTED
    assert request.policy_id == "company-2022-01-01"
    assert request.details.entitlement["company_days"] == 182
    assert [(b.start, b.end) for b in request.blocks] == [(request.start, request.end)]
    assert [e.action for e in request.history] == ["submit"]
    assert request.history[0].from_status is None
    assert len(mail_to(people["hr"])) == len(mail_to(people["other_hr"])) == 1
    assert mail_to(people["employee"]) == []


def test_submitting_twice_with_the_same_key_creates_one_request(people):
    first = file(people["employee"])
    again = file(people["employee"])
    assert again.id == first.id
    assert len(requests.requests_of(people["employee"])) == 1


def test_a_draft_tells_nobody_until_it_is_submitted(people):
    draft = file(people["employee"], submit=False)
    assert draft.status == Status.DRAFT
    assert db.session.scalars(select(OutboxMessage)).all() == []
    requests.edit_draft(people["employee"], draft, draft.version, make_input(), submit=True)
    assert draft.status == Status.SUBMITTED
    assert len(mail_to(people["hr"])) == 1


def test_pregnancy_loss_leave_is_approved_on_submission_and_the_manager_gets_dates_only(people):
    loss_day = date.today() - timedelta(days=2)
    request = file(people["employee"], event="pregnancy_loss", event_date=loss_day,
                   gestation_weeks=11, note_to_hr="MARKER")
    assert request.status == Status.APPROVED
    (note,) = mail_to(people["manager"])
    assert "Erin Employee" in note.subject + note.body
    for word in ("loss", "pregnancy", "11", "MARKER", "weeks"):
        assert word not in note.body.lower().replace("erin employee", "")


def test_hr_approves_and_the_employee_and_manager_are_told(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    assert request.status == Status.APPROVED
    assert mail_to(people["employee"])[-1].subject == "Your leave request is approved"
    assert "will be away" in mail_to(people["manager"])[-1].subject


def test_rejecting_needs_a_reason(people):
    request = file(people["employee"])
    with pytest.raises(InvalidTransition, match="needs a note"):
        requests.act(people["hr"], request, request.version, Action.REJECT, "  ")
    requests.act(people["hr"], request, request.version, Action.REJECT, "Dates overlap")
    assert request.status == Status.REJECTED
    assert request.history[-1].note == "Dates overlap"


def test_nobody_decides_their_own_request(people):
    request = file(people["hr"])
    with pytest.raises(InvalidTransition):
        requests.act(people["hr"], request, request.version, Action.APPROVE)
    assert requests.allowed_actions(people["hr"], request) == [Action.WITHDRAW]
    requests.act(people["other_hr"], request, request.version, Action.APPROVE)
    assert request.status == Status.APPROVED


def test_a_decision_on_an_old_version_is_refused_and_changes_nothing(people):
    request = file(people["employee"])
    opened = request.version
    requests.act(people["hr"], request, opened, Action.APPROVE)
    with pytest.raises(StaleRequest):
        requests.act(people["other_hr"], request, opened, Action.REJECT, "No")
    db.session.expire_all()
    assert request.status == Status.APPROVED
    assert [e.action for e in request.history] == ["submit", "approve"]


def test_a_managers_colleague_cannot_act_on_someone_elses_request(people):
    request = file(people["employee"])
    assert requests.allowed_actions(people["manager"], request) == []
    with pytest.raises(InvalidTransition):
        requests.act(people["manager"], request, request.version, Action.APPROVE)


def test_the_baby_arriving_is_a_pending_change_and_the_approved_plan_stays(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    before = (request.start, request.end, request.return_date)
    requests.record_birth(people["employee"], request, request.version, BORN)
    assert requests.state(request) == "change_pending"
    assert (request.start, request.end, request.return_date) == before
    revision = requests.pending_revision(request)
    assert revision.case["event_date"] == (BORN).isoformat()
    assert revision.case["expected_date"] == FUTURE.isoformat()

    requests.act(people["hr"], request, request.version, Action.APPROVE_CHANGE)
    assert request.start == BORN
    assert request.details.event_date == BORN
    assert revision.status == "approved"


def test_a_rejected_change_keeps_the_approved_plan(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    before = (request.start, request.end)
    requests.record_birth(people["employee"], request, request.version, BORN)
    requests.act(people["hr"], request, request.version, Action.REJECT_CHANGE, "Please call me")
    assert (request.start, request.end) == before
    assert requests.state(request) == Status.APPROVED
    assert request.revisions[-1].status == "rejected"


def test_neonatal_care_is_added_at_once_and_never_waits_for_hr(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    end = request.end
    requests.record_neonatal_care(people["employee"], request, request.version, 10)
    assert requests.state(request) == Status.APPROVED
    assert request.details.nicu_days == 10
    assert request.revisions[-1].status == "applied"
    assert request.end >= end
    assert {"kind": "nicu", "days": 14, "pay": "full"} in request.details.entitlement["grants"]


def test_neonatal_care_during_a_pending_birth_change_leaves_that_change_to_hr(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    approved_start = request.start
    born = BORN
    requests.record_birth(people["employee"], request, request.version, born)
    assert requests.life_events_allowed(people["employee"], request) == ["neonatal_care"]
    requests.record_neonatal_care(people["employee"], request, request.version, 20)
    # The NICU weeks apply at once to the approved plan; the birth date still waits for HR.
    assert requests.state(request) == "change_pending"
    assert request.start == approved_start
    assert request.details.nicu_days == 20
    waiting = requests.pending_revision(request)
    assert waiting.kind == "birth"
    assert waiting.case["nicu_days"] == 20
    assert {"kind": "nicu", "days": 21, "pay": "full"} in waiting.entitlement["grants"]
    requests.act(people["hr"], request, request.version, Action.APPROVE_CHANGE)
    assert request.start == born
    assert request.details.nicu_days == 20


def test_a_loss_turns_a_pending_request_into_approved_loss_leave(people):
    request = file(people["employee"])
    loss_day = date.today() - timedelta(days=1)
    requests.record_pregnancy_loss(people["employee"], request, request.version, loss_day, 9)
    assert request.status == Status.APPROVED
    assert request.details.event == "pregnancy_loss"
    assert request.start == loss_day
    assert request.details.entitlement["company_days"] == 28
    assert request.history[-1].action == "approve_on_submission"


def test_a_stillbirth_turns_the_request_into_birth_leave_approved_at_once(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    loss_day = date.today() - timedelta(days=1)
    requests.record_pregnancy_loss(people["employee"], request, request.version, loss_day, 30)
    assert requests.state(request) == Status.APPROVED
    assert request.details.entitlement["company_days"] == 182


def test_approved_leave_can_be_cancelled_before_it_starts_but_not_after(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    requests.act(people["employee"], request, request.version, Action.CANCEL)
    assert request.status == Status.CANCELLED

    started = file(people["employee"], key="key-2", event="pregnancy_loss",
                   event_date=date.today() - timedelta(days=3), gestation_weeks=8)
    assert requests.allowed_actions(people["employee"], started) == []
    with pytest.raises(InvalidTransition, match="has started"):
        requests.act(people["employee"], started, started.version, Action.CANCEL)


def test_hr_grants_extra_days_with_a_reason_and_the_plan_grows(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    end = request.end
    requests.grant_extra_days(people["hr"], request, request.version, 10, "Twins at home")
    assert request.end == end + timedelta(days=10)
    assert request.details.extra_days == 10
    assert request.details.extra_days_by_id == people["hr"].id
    assert request.return_date > request.end
    with pytest.raises(IneligibleCase):
        requests.grant_extra_days(people["hr"], request, request.version, 0, "None")


def test_a_split_plan_is_kept_and_the_return_follows_the_last_block(people):
    start = FUTURE - timedelta(days=7)
    blocks = (Block(start, start + timedelta(days=69)),
              Block(FUTURE + timedelta(days=100), FUTURE + timedelta(days=169)))
    request = file(people["employee"], start=start, blocks=blocks)
    assert [(b.start, b.end) for b in request.blocks] == [(x.start, x.end) for x in blocks]
    assert request.end == blocks[-1].end
    assert request.return_date > request.end


def test_the_history_is_append_only(people):
    request = file(people["employee"])
    event = db.session.scalars(select(RequestEvent)).one()
    event.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(RequestEvent)).one())
    with pytest.raises(ValueError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert len(request.history) == 1


def test_hr_reading_the_details_is_recorded_without_them(people):
    request = file(people["employee"], note_to_hr="Private words")
    requests.record_details_read(people["hr"], request)
    assert request.history[-1].action == "viewed_details"
    assert request.history[-1].note == ""


def test_once_the_baby_has_arrived_only_neonatal_care_is_offered(people):
    request = file(people["employee"])
    assert requests.life_events_allowed(people["employee"], request) == [
        "birth", "neonatal_care", "pregnancy_loss",
    ]
    requests.record_birth(people["employee"], request, request.version, BORN)
    assert request.details.event_has_happened
    assert requests.life_events_allowed(people["employee"], request) == ["neonatal_care"]
    with pytest.raises(InvalidTransition):
        requests.record_pregnancy_loss(
            people["employee"], request, request.version, BORN, 30
        )


def test_a_refused_change_leaves_nothing_behind_in_the_session(people):
    draft = file(people["employee"], submit=False)
    with pytest.raises(InvalidTransition):
        requests.edit_draft(people["hr"], draft, draft.version, make_input(note_to_hr="x"),
                            submit=True)
    assert not db.session.dirty
    assert draft.details.note_to_hr == ""


def test_extra_days_survive_an_approved_change_of_plan(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    requests.grant_extra_days(people["hr"], request, request.version, 10, "Twins at home")
    born = BORN
    requests.record_birth(people["employee"], request, request.version, born)
    requests.act(people["hr"], request, request.version, Action.APPROVE_CHANGE)
    computed_end = date.fromisoformat(request.details.entitlement["end"])
    assert computed_end < date.fromisoformat(request.revisions[0].entitlement["end"]) + timedelta(1)
    assert request.blocks[-1].end == request.end == computed_end + timedelta(days=10)


def test_the_managers_email_uses_the_label_the_employee_chose(people):
    people["employee"].show_as_out_of_office = True
    db.session.commit()
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    (note,) = mail_to(people["manager"])
    assert "Out of office" in note.body
    assert "Parental leave" not in note.body


def test_emails_about_extra_days_carry_the_new_dates(people):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    requests.grant_extra_days(people["hr"], request, request.version, 10, "Twins at home")
    from portal.formatting import long_date
    assert long_date(request.end) in mail_to(people["employee"])[-1].body
    assert long_date(request.end) in mail_to(people["manager"])[-1].body


def test_a_manager_hears_nothing_of_neonatal_care_that_moves_no_dates(people):
    request = file(people["employee"], nicu_days=5)
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    told = len(mail_to(people["manager"]))
    requests.record_neonatal_care(people["employee"], request, request.version, 6)
    assert len(mail_to(people["manager"])) == told
    requests.record_neonatal_care(people["employee"], request, request.version, 9)
    assert len(mail_to(people["manager"])) == told + 1
    assert "changed" in mail_to(people["manager"])[-1].subject


def test_neonatal_care_keeps_a_split_plan_and_lengthens_its_last_block(people):
    start = FUTURE - timedelta(days=7)
    blocks = (Block(start, start + timedelta(days=69)),
              Block(FUTURE + timedelta(days=100), FUTURE + timedelta(days=169)))
    request = file(people["employee"], start=start, blocks=blocks)
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    requests.record_neonatal_care(people["employee"], request, request.version, 10)
    assert [(b.start, b.end) for b in request.blocks] == [
        (blocks[0].start, blocks[0].end), (blocks[1].start, blocks[1].end + timedelta(days=14)),
    ]


def test_a_birth_or_loss_cannot_be_recorded_for_a_day_still_to_come(people):
    request = file(people["employee"])
    tomorrow = date.today() + timedelta(days=2)
    with pytest.raises(IneligibleCase) as refused:
        requests.record_birth(people["employee"], request, request.version, tomorrow)
    assert refused.value.field == "born_on"
    with pytest.raises(IneligibleCase) as refused:
        requests.record_pregnancy_loss(people["employee"], request, request.version, tomorrow, 9)
    assert refused.value.field == "loss_date"


def test_every_hr_read_of_the_details_is_recorded_even_twice_in_a_minute(people):
    request = file(people["employee"])
    requests.record_details_read(people["hr"], request)
    requests.record_details_read(people["hr"], request)
    requests.record_details_read(people["other_hr"], request)
    reads = [e.actor_id for e in request.history if e.action == "viewed_details"]
    assert reads == [people["hr"].id, people["hr"].id, people["other_hr"].id]


def test_a_request_is_given_only_to_its_owner_or_on_hrs_pages_to_hr(people):
    from portal.domain.workflow import Actor

    sent = file(people["employee"])
    draft = file(people["employee"], key="key-2", submit=False,
                 event_date=FUTURE + timedelta(days=400))
    employee, manager, hr = people["employee"], people["manager"], people["hr"]
    assert requests.request_for(employee, sent.id) is sent
    for stranger in (manager, hr):  # HR opens someone's request on HR's pages, not theirs
        assert requests.request_for(stranger, sent.id) is None
    assert requests.request_for(hr, sent.id, audience=Actor.HR) is sent
    assert requests.request_for(manager, sent.id, audience=Actor.HR) is None
    assert requests.request_for(hr, draft.id, audience=Actor.HR) is None  # drafts are the author's
    assert requests.request_for(employee, draft.id) is draft
    assert requests.request_for(employee, 2**63) is None
