"""Plans are never changed behind the employee's back: a life event keeps their blocks where they
still fit; where they don't, the employee chooses again and nothing changes until they do; the
history says exactly what changed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.domain.plan import Block, SplitNoLongerFits
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.formatting import long_date
from portal.models import OutboxMessage, RequestEvent
from portal.services import requests
from portal.wording.life_event_notes import life_event_note
from tests.builders import make_employee, make_location, sign_in

TODAY = date.today()
DUE = TODAY + timedelta(days=120)
LAST_DAY = DUE.replace(year=DUE.year + 1) - timedelta(days=1)  # 12 months after the birth


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    return {
        "employee": make_employee(name="Erin Employee", manager=manager, location=london),
        "hr": make_employee(name="Harper HR", is_hr=True, location=london),
    }


def days(start: date, count: int) -> Block:
    return Block(start, start + timedelta(days=count - 1))


def approved_split(people, *blocks: Block, role="non_birthing"):
    employee = people["employee"]
    request = requests.file_request(employee, requests.RequestInput(
        role, "birth", DUE, start=blocks[0].start, blocks=blocks), "split", submit=True)
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    return request


def plan_of(request) -> list[Block]:
    return [Block(block.start, block.end) for block in request.blocks]


def counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(OutboxMessage)),
            db.session.scalar(select(func.count()).select_from(RequestEvent)))


def test_neonatal_care_keeps_the_blocks_and_the_history_says_exactly_what_changed(people):
    first, second = days(DUE, 70), days(DUE + timedelta(days=100), 70)
    request = approved_split(people, first, second)
    returning = request.return_date

    requests.record_neonatal_care(people["employee"], request, request.version, 10)

    longer = Block(second.start, second.end + timedelta(days=14))
    assert plan_of(request) == [first, longer]
    note = life_event_note(request.history[-1].note_data)
    assert note.startswith("Neonatal care: 10 days so far.")
    assert f"Block 2 now runs from {long_date(longer.start)} to {long_date(longer.end)} " \
        f"(it was {long_date(second.start)} to {long_date(second.end)})." in note
    assert f"(it was {long_date(returning)})" in note
    assert "Block 1" not in note


def test_a_split_that_no_longer_fits_is_not_changed_and_the_employee_is_asked_to_choose(people):
    first, last = days(DUE, 70), Block(LAST_DAY - timedelta(days=69), LAST_DAY)
    request = approved_split(people, first, last)
    version, mail_and_history = request.version, counts()

    with pytest.raises(SplitNoLongerFits) as asked:
        requests.record_neonatal_care(people["employee"], request, request.version, 10)

    assert "within 12 months of the event" in asked.value.reason
    assert asked.value.suggested == (first, Block(last.start, last.end + timedelta(days=14)))
    db.session.expire_all()
    assert plan_of(request) == [first, last]
    assert (request.version, request.details.nicu_days, request.revisions) == (version, 0, [])
    assert counts() == mail_and_history  # nobody told, nothing written

    chosen = (days(DUE, 70), Block(LAST_DAY - timedelta(days=83), LAST_DAY))
    requests.record_neonatal_care(people["employee"], request, request.version, 10,
                                  blocks=chosen)
    assert plan_of(request) == list(chosen)
    assert request.details.nicu_days == 10 and requests.state(request) == Status.APPROVED


def test_a_pregnancy_loss_makes_one_block_and_says_what_the_blocks_were(people):
    first, second = days(DUE - timedelta(days=7), 70), days(DUE + timedelta(days=100), 70)
    request = approved_split(people, first, second, role="birthing")
    lost_on = TODAY - timedelta(days=1)

    requests.record_pregnancy_loss(people["employee"], request, request.version, lost_on, 10)

    assert plan_of(request) == [days(lost_on, 28)]
    note = life_event_note(request.history[-1].note_data)
    assert f"Leave is now one block, {long_date(lost_on)} to " in note
    assert f"(it was 2 blocks: {long_date(first.start)} to {long_date(first.end)}; " in note


def test_on_the_page_an_early_birth_asks_for_new_blocks_then_sends_them_to_hr(
    app, client, people
):
    first, second = days(DUE - timedelta(days=7), 70), days(DUE + timedelta(days=100), 70)
    request = approved_split(people, first, second, role="birthing")
    born = TODAY - timedelta(days=1)  # months early: the first block no longer starts by then
    sign_in(client, people["employee"].email)
    before = counts()

    response = client.post(f"/leave/requests/{request.id}/birth", data={
        "birth-version": request.version, "birth-born_on": born.isoformat()})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    card = page.split('data-testid="replan"')[1].split("</form>")[0]
    assert "Your leave needs a new plan" in card
    assert "A birthing parent&#39;s first block starts no later than the birth." in card
    assert "Nothing has changed yet, and nobody has been told" in card
    assert f'name="birth-blocks-0-start" type="date" value="{first.start.isoformat()}"' in card
    assert 'name="birth-replan" type="hidden" value="1"' in card
    assert f'value="{born.isoformat()}"' in card  # the date they gave stays
    db.session.expire_all()
    assert requests.state(request) == Status.APPROVED and counts() == before

    chosen = (days(born, 70), days(born + timedelta(days=150), 70))
    response = client.post(f"/leave/requests/{request.id}/birth", data={
        "birth-version": request.version, "birth-born_on": born.isoformat(),
        "birth-replan": "1",
        **{f"birth-blocks-{n}-{end}": getattr(block, end).isoformat()
           for n, block in enumerate(chosen) for end in ("start", "end")}})

    assert response.status_code == 302
    db.session.expire_all()
    assert requests.state(request) == "change_pending"
    assert plan_of(request) == [first, second]  # in force until HR approves
    hr_mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == people["hr"].email).order_by(OutboxMessage.id)).all()[-1]
    assert f"Leave from {long_date(first.start)} to {long_date(second.end)}" in hr_mail.body
    assert (f"The change would make it from {long_date(born)} to "
            f"{long_date(chosen[1].end)}, back at work on") in hr_mail.body
    requests.act(people["hr"], request, request.version, Action.APPROVE_CHANGE)
    assert plan_of(request) == list(chosen)


def test_blocks_chosen_again_that_still_do_not_fit_are_explained_beside_them(
    app, client, people
):
    first, second = days(DUE - timedelta(days=7), 70), days(DUE + timedelta(days=100), 70)
    request = approved_split(people, first, second, role="birthing")
    born = TODAY - timedelta(days=1)
    sign_in(client, people["employee"].email)

    response = client.post(f"/leave/requests/{request.id}/birth", data={
        "birth-version": request.version, "birth-born_on": born.isoformat(),
        "birth-replan": "1", "birth-blocks-0-start": born.isoformat(),
        "birth-blocks-0-end": (born + timedelta(days=3)).isoformat(),
        "birth-blocks-1-start": (born + timedelta(days=50)).isoformat(),
        "birth-blocks-1-end": (born + timedelta(days=90)).isoformat()})

    assert response.status_code == 400
    card = response.get_data(as_text=True).split('data-testid="replan"')[1].split("</form>")[0]
    assert "Each block must be at least 7 days." in card
    db.session.expire_all()
    assert requests.state(request) == Status.APPROVED and plan_of(request) == [first, second]


def test_the_history_tells_a_life_event_in_the_readers_language(app, client, people):
    first, second = days(DUE, 70), days(DUE + timedelta(days=100), 70)
    request = approved_split(people, first, second)
    requests.record_neonatal_care(people["employee"], request, request.version, 10)
    people["employee"].language = "de"
    db.session.commit()
    sign_in(client, people["employee"].email)

    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)

    assert "Neugeborenen-Intensivstation: bisher 10 Tage." in page
    assert "Abschnitt 2 dauert jetzt von" in page
    assert "Neonatal care" not in page and "so far" not in page


def test_a_note_written_before_notes_were_values_is_shown_as_it_was_written(app, client,
                                                                           people):
    first = days(DUE, 70)
    request = approved_split(people, first)
    request.history.append(RequestEvent(actor_id=people["employee"].id, action="apply_change",
                                        note="Neonatal care: 3 days so far."))
    db.session.commit()
    sign_in(client, people["employee"].email)

    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)

    assert "Neonatal care: 3 days so far." in page
