"""The employee's side of leave requests: "My leave", a new request, its page and life events."""

import re
from datetime import date, timedelta
from html import unescape
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from portal.app import create_app
from portal.domain.case import ASKED_FOR
from portal.domain.workflow import Action
from portal.extensions import db
from portal.formatting import long_date
from portal.models import LeaveRequest, OutboxMessage, RequestEvent
from portal.services import requests as leave_requests
from tests.builders import PASSWORD, make_employee, sign_in
from tests.fixtures import FreshContextClient, config_for

TODAY = date.today()
DUE = TODAY + timedelta(days=60)  # an expected birth, far enough ahead that leave has not started
KEY = "a-one-time-key-0123456789"


def signed_in(client, **fields):
    person = make_employee(**fields)
    sign_in(client, person.email)
    return person


def answers(**changes) -> dict:
    values = {
        "role": "non_birthing", "event": "birth", "event_date": DUE.isoformat(),
        "submission_key": KEY, "submit": "Submit request",
    }
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


def post_new(client, **changes):
    return client.post("/leave/requests/new", data=answers(**changes))


def count_requests() -> int:
    return db.session.scalar(select(func.count()).select_from(LeaveRequest))


def only_request() -> LeaveRequest:
    return db.session.scalars(select(LeaveRequest)).one()


def page_of(client, leave_request, status=200) -> str:
    response = client.get(f"/leave/requests/{leave_request.id}")
    assert response.status_code == status
    return response.get_data(as_text=True)


def submitted_by(client, **changes) -> LeaveRequest:
    assert post_new(client, **changes).status_code == 302
    return only_request()


def decided_by(hr, leave_request, action=Action.APPROVE, note=""):
    leave_requests.act(hr, leave_request, leave_request.version, action, note)
    db.session.expire_all()


def text_of(html: str) -> str:
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r"\( ", "(", re.sub(r" ([:,.)])", r"\1", text))


# -- The form -------------------------------------------------------------------------------


def test_the_new_request_form_has_the_labelled_fields_and_two_buttons(app, client):
    signed_in(client)
    page = client.get("/leave/requests/new").get_data(as_text=True)
    for field, label in [
        ("role", "Role"), ("event", "Event"), ("event_date", "Event date"),
        ("start", "First day of leave"), ("nicu_days", "Days in neonatal care"),
        ("gestation_weeks", "Completed weeks of pregnancy"), ("note_to_hr", "Note to HR"),
    ]:
        assert f'<label class="form-label" for="{field}">{label}</label>' in page
    for option in ["Birthing parent", "Non-birthing parent", "Adoptive parent", "Intended parent",
                   "Birth", "Adoption", "Surrogacy", "Pregnancy loss"]:
        assert f">{option}</option>" in page
    assert 'value="Save draft"' in page and 'value="Submit request"' in page
    assert "Split my leave" in page and "(optional)" in page
    assert re.search(r'<textarea [^>]*id="note_to_hr"', page)
    assert re.search(r'name="submission_key" type="hidden" value="[A-Za-z0-9_-]{16,}"', page)
    assert "<script>" not in page and 'style="' not in page


def test_questions_that_do_not_apply_are_hidden_and_ignored(app, client):
    signed_in(client)
    page = client.get("/leave/requests/new").get_data(as_text=True)
    gestation = page.split('for="gestation_weeks"')[0].rsplit("<div", 1)[1]
    nicu = page.split('for="nicu_days"')[0].rsplit("<div", 1)[1]
    assert 'data-shown-for="pregnancy_loss" hidden' in gestation
    assert f'data-shown-for="{" ".join(ASKED_FOR["nicu_days"])}"' in nicu
    assert "birth" in ASKED_FOR["nicu_days"] and "hidden" not in nicu
    lost_on = (TODAY - timedelta(days=3)).isoformat()
    response = post_new(client, role="birthing", event="pregnancy_loss", event_date=lost_on,
                        nicu_days="9", gestation_weeks="10")
    assert response.status_code == 302
    details = only_request().details
    assert (details.nicu_days, details.gestation_weeks) == (0, 10)
    response = post_new(client, role="adoptive", event="adoption", gestation_weeks="30",
                        submission_key="another-one-time-key-0123")
    assert response.status_code == 302
    adoption = db.session.scalars(select(LeaveRequest).order_by(LeaveRequest.id.desc())).first()
    assert adoption.details.gestation_weeks is None


def test_the_employee_sees_the_entitlement_and_the_plan_before_sending(app, client):
    signed_in(client)
    response = post_new(client, submit=None, preview="Show my leave")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your leave, before you send it" in page
    assert "20 weeks parental leave (non-birthing parent)" in page
    assert f"{long_date(DUE)} to {long_date(DUE + timedelta(days=139))}" in page
    assert f'value="{KEY}"' in page  # the same one-time key, kept for the real submission
    assert count_requests() == 0


def test_the_live_preview_is_a_partial_that_never_saves(app, client):
    signed_in(client)
    response = client.post("/leave/requests/new?partial=1", data=answers(preview="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page and "20 weeks parental leave" in page
    assert count_requests() == 0


def test_save_draft_keeps_it_private_and_says_so(app, client):
    make_employee(is_hr=True)
    signed_in(client)
    response = post_new(client, submit=None, save_draft="Save draft", note_to_hr="Twins, maybe")
    leave_request = only_request()
    assert response.headers["Location"] == f"/leave/requests/{leave_request.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved as a draft." in page
    assert 'data-testid="status">Draft</span>' in page
    assert "Twins, maybe" in page and "Edit draft" in page
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_submitting_sends_it_to_hr_and_writes_hrs_email_to_the_outbox(app, client):
    hr = make_employee(is_hr=True)
    employee = signed_in(client, name="Sam Carter")
    response = post_new(client)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your request has been sent to HR." in page
    assert only_request().status == "submitted"
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == hr.email
    assert mail.subject == f"New leave request from {employee.name}"


def test_a_double_click_with_the_same_key_files_one_request(app, client):
    signed_in(client)
    first, second = post_new(client), post_new(client)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count_requests() == 1


def test_a_pregnancy_loss_is_approved_on_submission_with_gentle_words(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    response = post_new(client, role="birthing", event="pregnancy_loss",
                        event_date=(TODAY - timedelta(days=3)).isoformat(), gestation_weeks="10")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We&#39;re so sorry for your loss; HR has been told, and nobody needs to do anything " \
        "more." in page
    assert only_request().status == "approved"
    assert db.session.scalars(select(OutboxMessage.recipient)).all().count(hr.email) == 1


def test_an_error_is_shown_beside_its_field_and_everything_typed_stays(app, client):
    signed_in(client)
    response = post_new(client, role="adoptive", start=(DUE + timedelta(days=7)).isoformat(),
                        note_to_hr="Please call me on Tuesdays")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    role_group = page.split('for="role"')[1].split("</div>\n</div>")[0]
    assert "is-invalid" in role_group
    assert "This role does not go with the event you chose." in role_group
    assert '<option selected value="adoptive">' in page
    assert f'value="{(DUE + timedelta(days=7)).isoformat()}"' in page
    assert "Please call me on Tuesdays</textarea>" in page
    assert f'value="{KEY}"' in page
    assert count_requests() == 0


def test_a_missing_date_is_refused_beside_the_field(app, client):
    signed_in(client)
    response = post_new(client, event_date="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please give the date, or the date you expect." in page.split('for="event_date"')[1]


def split(*blocks) -> dict:
    fields = {}
    for number, (start, end) in enumerate(blocks):
        fields[f"blocks-{number}-start"] = start.isoformat() if start else ""
        fields[f"blocks-{number}-end"] = end.isoformat() if end else ""
    return fields


def test_leave_can_be_split_into_blocks(app, client):
    signed_in(client)
    later = DUE + timedelta(days=150)
    response = client.post("/leave/requests/new", data={**answers(), **split(
        (DUE, DUE + timedelta(days=69)), (later, later + timedelta(days=69)))})
    assert response.status_code == 302
    leave_request = only_request()
    assert [(b.start, b.end) for b in leave_request.blocks] == [
        (DUE, DUE + timedelta(days=69)), (later, later + timedelta(days=69))]
    assert leave_request.end == later + timedelta(days=69)
    page = page_of(client, leave_request)
    assert f"{long_date(later)} to {long_date(later + timedelta(days=69))} (10 weeks)" in page


def test_a_split_the_policy_refuses_is_explained_in_the_split_section(app, client):
    signed_in(client)
    response = client.post("/leave/requests/new", data={**answers(), **split(
        (DUE, DUE + timedelta(days=3)), (DUE + timedelta(days=30), DUE + timedelta(days=60)))})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    section = page.split('id="split"')[1].split("</fieldset>")[0]
    assert "Each block must be at least 7 days." in section
    assert f'value="{(DUE + timedelta(days=3)).isoformat()}"' in page
    assert count_requests() == 0


def test_a_block_with_only_one_date_is_refused(app, client):
    signed_in(client)
    response = client.post("/leave/requests/new", data={**answers(), **split((DUE, None))})
    assert response.status_code == 400
    assert "Block 1: please give both its first and last day, or neither." in \
        response.get_data(as_text=True)


# -- My leave and a request's page -------------------------------------------------------------


def test_my_leave_is_kind_when_there_is_nothing_yet(app, client):
    signed_in(client)
    page = client.get("/leave/").get_data(as_text=True)
    assert "You have no leave requests yet." in page
    assert '>New request</a>' in page and ">Plan my leave</a>" in page


def test_my_leave_lists_my_requests_with_status_dates_and_return(app, client):
    someone_else = make_employee()
    employee = signed_in(client)
    leave_request = submitted_by(client)
    leave_requests.file_request(
        someone_else, leave_requests.RequestInput("birthing", "birth", DUE), "theirs" * 4,
        submit=True)
    page = client.get("/leave/").get_data(as_text=True)
    table = page.split('data-testid="my-requests"')[1].split("</table>")[0]
    assert table.count("<tr>") == 2  # the heading and my one request
    assert f'href="/leave/requests/{leave_request.id}"' in table
    assert "Submitted" in table
    for day in (leave_request.start, leave_request.end, leave_request.return_date):
        assert long_date(day) in table
    assert employee.id == leave_request.employee_id


def test_my_leave_shows_a_pending_change(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    decided_by(hr, leave_request)
    client.post(f"/leave/requests/{leave_request.id}/birth", data={
        "birth-version": leave_request.version, "birth-born_on": TODAY.isoformat()})
    assert "Approved, change pending" in client.get("/leave/").get_data(as_text=True)


def test_the_request_page_shows_plan_entitlement_and_history_in_my_time_zone(app, client):
    hr = make_employee(is_hr=True, name="Harper HR")
    signed_in(client, timezone="America/New_York")
    leave_request = submitted_by(client)
    decided_by(hr, leave_request)
    leave_requests.record_details_read(hr, leave_request)
    page = page_of(client, leave_request)
    assert 'data-testid="status">Approved</span>' in page
    assert "20 weeks parental leave (non-birthing parent)" in page
    assert f"{long_date(DUE)} to {long_date(DUE + timedelta(days=139))}" in page
    history = text_of(page.split('data-testid="history"')[1].split("</ol>")[0])
    assert "You: Submitted" in history
    assert "Harper HR: Approved (Submitted → Approved)" in history
    assert "Harper HR: Viewed the details" in history
    submitted = db.session.scalars(select(RequestEvent).order_by(RequestEvent.id)).first()
    local = submitted.created_at.astimezone(ZoneInfo("America/New_York"))
    assert f"{long_date(local.date())}, {local:%H:%M} {local.tzname()}" in history
    # What can be done comes before the history: first on a phone's single column.
    assert page.index('id="documents"') < page.index('data-testid="history"')


def test_extra_days_granted_by_hr_show_who_and_why(app, client):
    hr = make_employee(is_hr=True, name="Harper HR")
    signed_in(client)
    leave_request = submitted_by(client)
    leave_requests.grant_extra_days(hr, leave_request, leave_request.version, 5, "A long recovery")
    page = page_of(client, leave_request)
    assert "HR granted 5 days more (Harper HR): A long recovery" in text_of(page)


def test_another_employee_gets_not_found_on_my_request(app, client):
    signed_in(client)
    leave_request = submitted_by(client)
    other = make_employee()
    intruder = app.test_client()
    sign_in(intruder, other.email)
    assert intruder.get(f"/leave/requests/{leave_request.id}").status_code == 404
    response = intruder.post(f"/leave/requests/{leave_request.id}/withdraw",
                             data={"withdraw-version": leave_request.version})
    assert response.status_code == 404
    assert intruder.get(f"/leave/requests/{leave_request.id}/edit").status_code == 404
    assert only_request().status == "submitted"


def test_only_the_employee_may_withdraw_their_change_not_hr_or_their_manager(app, client):
    manager, hr = make_employee(name="Morgan Manager"), make_employee(is_hr=True)
    signed_in(client, manager=manager)
    leave_request = submitted_by(client)
    decided_by(hr, leave_request)
    client.post(f"/leave/requests/{leave_request.id}/birth", data={
        "birth-version": leave_request.version,
        "birth-born_on": (TODAY - timedelta(days=1)).isoformat()})
    leave_request = only_request()
    for person in (manager, hr):
        someone_else = app.test_client()
        sign_in(someone_else, person.email)
        response = someone_else.post(
            f"/leave/requests/{leave_request.id}/withdraw-change",
            data={"withdraw-change-version": leave_request.version})
        assert response.status_code == 404
    db.session.expire_all()
    assert only_request().change_pending is True
    assert [revision.status for revision in only_request().revisions] == ["pending"]


# -- Actions ------------------------------------------------------------------------------------


def test_withdrawing_a_request_hr_has_not_decided(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    assert "Withdraw request" in page_of(client, leave_request)
    response = client.post(f"/leave/requests/{leave_request.id}/withdraw",
                           data={"withdraw-version": leave_request.version})
    assert response.status_code == 302
    page = page_of(client, leave_request)
    assert "Your request is withdrawn. HR has been told." in page
    assert only_request().status == "withdrawn"
    assert "Withdraw request" not in page
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == hr.email)) == 2


def test_answering_hrs_question(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    decided_by(hr, leave_request, Action.REQUEST_INFORMATION, "Which office will you return to?")
    page = page_of(client, leave_request)
    assert "Which office will you return to?" in page.split('data-testid="hr-question"')[1]
    empty = client.post(f"/leave/requests/{leave_request.id}/answer",
                        data={"answer-version": leave_request.version, "answer-message": ""})
    assert empty.status_code == 400
    assert "Please write your answer." in empty.get_data(as_text=True)
    response = client.post(f"/leave/requests/{leave_request.id}/answer", data={
        "answer-version": leave_request.version, "answer-message": "London, as before."})
    assert response.status_code == 302
    assert only_request().status == "submitted"
    assert "London, as before." in page_of(client, leave_request)


def test_cancelling_approved_leave_that_has_not_started(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    assert "Cancel leave" not in page_of(client, leave_request)
    decided_by(hr, leave_request)
    assert "Cancel leave" in page_of(client, leave_request)
    response = client.post(f"/leave/requests/{leave_request.id}/cancel",
                           data={"cancel-version": leave_request.version})
    assert response.status_code == 302
    assert only_request().status == "cancelled"


def test_a_step_the_workflow_does_not_allow_is_refused_with_a_message(app, client):
    signed_in(client)
    leave_request = submitted_by(client)
    response = client.post(f"/leave/requests/{leave_request.id}/cancel",
                           data={"cancel-version": leave_request.version})
    assert response.status_code == 400
    assert "This request is submitted, so it can no longer be changed that way." in \
        response.get_data(as_text=True)
    assert only_request().status == "submitted"


def test_a_stale_version_gets_409_shows_the_request_now_and_changes_nothing(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    seen = leave_request.version
    decided_by(hr, leave_request, Action.REQUEST_INFORMATION, "Which office?")
    response = client.post(f"/leave/requests/{leave_request.id}/withdraw",
                           data={"withdraw-version": seen})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This request changed since you opened it, so nothing was saved." in page
    assert "Information requested" in page and "Which office?" in page
    assert f'name="withdraw-version" type="hidden" value="{seen + 1}"' in page
    assert only_request().status == "information_requested"


def test_a_draft_can_be_edited_and_then_submitted(app, client):
    signed_in(client)
    post_new(client, submit=None, save_draft="Save draft", note_to_hr="First thoughts")
    leave_request = only_request()
    form = client.get(f"/leave/requests/{leave_request.id}/edit").get_data(as_text=True)
    assert f'value="{DUE.isoformat()}"' in form and "First thoughts</textarea>" in form
    assert "Your leave, before you send it" in form
    later = DUE + timedelta(days=14)
    response = client.post(f"/leave/requests/{leave_request.id}/edit", data={
        **answers(submission_key=None, start=later.isoformat(), note_to_hr="Settled"),
        "version": leave_request.version})
    assert response.status_code == 302
    leave_request = only_request()
    assert (leave_request.status, leave_request.start) == ("submitted", later)
    assert leave_request.details.note_to_hr == "Settled"
    assert client.get(f"/leave/requests/{leave_request.id}/edit").status_code == 302


def test_a_stale_draft_edit_keeps_what_was_typed(app, client):
    signed_in(client)
    post_new(client, submit=None, save_draft="Save draft")
    leave_request = only_request()
    response = client.post(f"/leave/requests/{leave_request.id}/edit", data={
        **answers(submission_key=None, note_to_hr="Typed with care"),
        "version": leave_request.version - 1})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Typed with care</textarea>" in page
    assert only_request().status == "draft"


# -- Life events --------------------------------------------------------------------------------


def test_the_baby_has_arrived_becomes_a_pending_change_with_the_difference(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    decided_by(hr, leave_request)
    born = TODAY - timedelta(days=1)  # a birth is recorded once it has happened
    assert "The baby has arrived" in page_of(client, leave_request)
    response = client.post(f"/leave/requests/{leave_request.id}/birth", data={
        "birth-version": leave_request.version, "birth-born_on": born.isoformat()})
    assert response.status_code == 302
    page = page_of(client, leave_request)
    assert "The new dates have gone to HR for approval; your current plan stays in place" in page
    change = text_of(page.split('data-testid="pending-change"')[1].split("</table>")[0])
    assert f"First day of leave {long_date(DUE)} {long_date(born)} (changed)" in change
    leave_request = only_request()
    assert (leave_request.start, leave_request.change_pending) == (DUE, True)


def test_a_change_sent_by_mistake_is_withdrawn_and_the_news_can_be_sent_again(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    decided_by(hr, leave_request)
    wrong, right = TODAY - timedelta(days=10), TODAY - timedelta(days=1)
    client.post(f"/leave/requests/{leave_request.id}/birth", data={
        "birth-version": leave_request.version, "birth-born_on": wrong.isoformat()})
    leave_request = only_request()
    assert "Withdraw this change" in page_of(client, leave_request)

    response = client.post(f"/leave/requests/{leave_request.id}/withdraw-change", data={
        "withdraw-change-version": leave_request.version})

    assert response.status_code == 302
    page = page_of(client, leave_request)
    assert "The change is withdrawn, and HR has been told. Your leave stays as it was" in page
    assert 'data-testid="pending-change"' not in page and "The baby has arrived" in page
    leave_request = only_request()
    assert (leave_request.status, leave_request.change_pending, leave_request.start) == (
        "approved", False, DUE)
    assert [revision.status for revision in leave_request.revisions] == ["withdrawn"]
    subjects = db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.recipient == hr.email)).all()
    assert any("withdrew a change to approved leave" in subject for subject in subjects)
    assert "Withdrew the change" in text_of(page.split('data-testid="history"')[1])

    response = client.post(f"/leave/requests/{leave_request.id}/birth", data={
        "birth-version": leave_request.version, "birth-born_on": right.isoformat()})
    assert response.status_code == 302
    assert only_request().revisions[-1].status == "pending"


def test_neonatal_care_is_applied_at_once(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client)
    decided_by(hr, leave_request)
    end_before = leave_request.end
    response = client.post(f"/leave/requests/{leave_request.id}/neonatal-care", data={
        "neonatal_care-version": leave_request.version, "neonatal_care-nicu_days": "10"})
    assert response.status_code == 302
    page = page_of(client, leave_request)
    assert "Your neonatal care leave is added and approved straight away, as the policy says; " \
        "HR has been told." in page
    assert "+2 weeks NICU leave: 10 days in neonatal care" in page
    leave_request = only_request()
    assert (leave_request.status, leave_request.change_pending) == ("approved", False)
    assert leave_request.end == end_before + timedelta(days=14)
    assert re.search(r'name="neonatal_care-nicu_days"[^>]*value="10"', page)


def test_a_pregnancy_loss_is_gentle_behind_details_and_approved_at_once(app, client):
    hr = make_employee(is_hr=True)
    signed_in(client)
    leave_request = submitted_by(client, role="birthing")
    page = page_of(client, leave_request)
    loss = page.split("<details")[1].split("</details>")[0]
    assert "<summary" in loss and "If you have lost your pregnancy" in loss
    assert "You don't need to explain anything else." in loss
    lost_on = TODAY - timedelta(days=2)
    response = client.post(f"/leave/requests/{leave_request.id}/pregnancy-loss", data={
        "pregnancy_loss-version": leave_request.version,
        "pregnancy_loss-loss_date": lost_on.isoformat(), "pregnancy_loss-gestation_weeks": "11"})
    assert response.status_code == 302
    page = page_of(client, leave_request)
    assert "We&#39;re so sorry for your loss; HR has been told" in page
    assert "4 weeks pregnancy loss leave" in page
    leave_request = only_request()
    assert (leave_request.status, leave_request.details.event) == ("approved", "pregnancy_loss")
    assert leave_request.start == lost_on
    assert hr.email in db.session.scalars(select(OutboxMessage.recipient)).all()


def test_an_intended_parent_can_record_that_the_surrogates_pregnancy_ended(app, client):
    signed_in(client)
    leave_request = submitted_by(client, role="intended", event="surrogacy")
    loss = page_of(client, leave_request).split("<details")[1].split("</details>")[0]
    assert "If the pregnancy has ended" in loss and "your pregnancy" not in loss
    response = client.post(f"/leave/requests/{leave_request.id}/pregnancy-loss", data={
        "pregnancy_loss-version": leave_request.version,
        "pregnancy_loss-loss_date": (TODAY - timedelta(days=3)).isoformat(),
        "pregnancy_loss-gestation_weeks": "14"})
    assert response.status_code == 302
    leave_request = only_request()
    assert (leave_request.status, leave_request.details.event, leave_request.details.role) == (
        "approved", "pregnancy_loss", "intended")
    assert "4 weeks pregnancy loss leave" in page_of(client, leave_request)


def test_a_life_event_error_is_shown_beside_its_field(app, client):
    signed_in(client)
    leave_request = submitted_by(client, role="birthing")
    response = client.post(f"/leave/requests/{leave_request.id}/pregnancy-loss", data={
        "pregnancy_loss-version": leave_request.version,
        "pregnancy_loss-loss_date": TODAY.isoformat(), "pregnancy_loss-gestation_weeks": "99"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<details class=\"card shadow-sm mb-4\" open>" in page
    assert 'value="99"' in page
    assert only_request().status == "submitted"


def test_a_life_event_that_no_longer_applies_is_refused(app, client):
    signed_in(client)
    leave_request = submitted_by(client, role="adoptive", event="adoption")
    response = client.post(f"/leave/requests/{leave_request.id}/birth", data={
        "birth-version": leave_request.version, "birth-born_on": TODAY.isoformat()})
    assert response.status_code == 400
    assert "That can no longer be recorded on this request." in response.get_data(as_text=True)


def test_the_page_forms_carry_csrf_tokens_and_work_with_them(app, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    person = make_employee()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token})
    form = client.get("/leave/requests/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', form).group(1)
    preview = client.post("/leave/requests/new?partial=1",
                          data={**answers(submission_key=key), "csrf_token": token})
    assert preview.status_code == 200
    assert "20 weeks parental leave" in preview.get_data(as_text=True)
    assert client.post("/leave/requests/new", data=answers(submission_key=key)).status_code == 400
    filed = client.post("/leave/requests/new", data={**answers(submission_key=key),
                                                     "csrf_token": token})
    assert filed.status_code == 302
    page = client.get(filed.headers["Location"]).get_data(as_text=True)
    token = re.search(r'name="withdraw-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    withdraw = client.post(f"{filed.headers['Location']}/withdraw", data={
        "withdraw-version": only_request().version, "withdraw-csrf_token": token})
    assert withdraw.status_code == 302
    assert only_request().status == "withdrawn"
