"""People who leave, and come back: deactivation ends every way in at once and keeps the record.

A leaver's sessions end, their password and any unused email links stop working, their calendar
feed is revoked, and their reports move to the manager HR chooses. Their record, their leave
history and their requests waiting for HR stay as they are.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.domain.people import PersonError, last_hr_problem
from portal.extensions import db
from portal.models import Employee
from portal.services import account_links, person_history
from portal.services.accounts import end_all_sessions, everyone_below
from portal.services.people import active_reports, other_active_hr, person_by_email
from portal.services.person_history import Source
from portal.services.webhooks import events as webhook_events


def _successor(subject: Employee, email: str) -> Employee:
    """Who takes over the reports: somebody working here, not the leaver, and not somebody
    further down the leaver's own team (that would make a loop of managers)."""
    if not email.strip():
        raise PersonError(
            "reports_to",
            _("%(name)s manages people: please choose who they report to now.",
              name=subject.name),
        )
    successor = person_by_email(email)
    if successor is None:
        raise PersonError(
            "reports_to", _("Nobody in the portal has the email “%(email)s”.", email=email)
        )
    if successor.id == subject.id:
        raise PersonError(
            "reports_to", _("Please choose someone other than the person leaving.")
        )
    if not successor.active:
        raise PersonError(
            "reports_to",
            _("%(name)s has left too; please choose someone else.", name=successor.name),
        )
    below = set(db.session.scalars(everyone_below(subject.id)))
    if successor.id in below and successor.manager_id != subject.id:
        raise PersonError(
            "reports_to",
            _("%(successor)s works further down %(name)s's team; choose one of "
              "%(name)s's direct reports or someone outside the team.",
              successor=successor.name, name=subject.name),
        )
    return successor


def _move_reports(actor: Employee, subject: Employee, successor: Employee) -> None:
    """The reports move to the successor; a successor from among them moves up a level."""
    for report in active_reports(subject):
        before = person_history.snapshot(report)
        report.manager = subject.manager if report.id == successor.id else successor
        person_history.record(report, before, source=Source.HR, actor=actor)


def deactivate(actor: Employee, subject: Employee, reports_to: str = "") -> None:
    """End the person's access at once and keep their record (one transaction)."""
    if subject.id == actor.id:
        raise PersonError(
            "active", _("You cannot deactivate yourself; another HR person can.")
        )
    if not subject.active:
        raise PersonError("active", _("%(name)s has already left.", name=subject.name))
    if subject.is_hr:
        problem = last_hr_problem(other_active_hr(subject.id))
        if problem:
            raise PersonError("active", problem)
    if active_reports(subject):
        _move_reports(actor, subject, _successor(subject, reports_to))
    before = person_history.snapshot(subject)
    _end_access(subject)
    person_history.record(subject, before, source=Source.HR, actor=actor)
    db.session.commit()


def _end_access(subject: Employee) -> None:
    """What leaving means, whoever decides it: every way in ends, the record stays."""
    subject.active = False
    subject.password_hash = None  # coming back takes a new invitation
    subject.feed_token_digest = None
    account_links.retire_links(subject.id)
    end_all_sessions(subject.id, commit=False)
    webhook_events.person_changed(subject, "person.deactivated")


def deprovision(subject: Employee, *, source_name: str) -> None:
    """Deactivation sent by the identity provider (SCIM): as HR's, except that nobody is there
    to choose who takes over the reports, so they move up to the leaver's own manager. The
    caller commits, with the rest of the change."""
    if subject.is_hr:
        problem = last_hr_problem(other_active_hr(subject.id))
        if problem:
            raise PersonError("active", problem)
    for report in active_reports(subject):
        before = person_history.snapshot(report)
        report.manager = subject.manager
        person_history.record(
            report, before, source=Source.IDENTITY_PROVIDER, source_name=source_name
        )
    before = person_history.snapshot(subject)
    _end_access(subject)
    person_history.record(
        subject, before, source=Source.IDENTITY_PROVIDER, source_name=source_name
    )


def reactivate(actor: Employee, subject: Employee) -> None:
    """Undo a deactivation: the record is active again and a new invitation goes out, since
    the old password was cleared when they left."""
    if subject.active:
        raise PersonError("active", _("%(name)s is already active.", name=subject.name))
    before = person_history.snapshot(subject)
    subject.active = True
    person_history.record(subject, before, source=Source.HR, actor=actor)
    account_links.invite(subject)
    webhook_events.person_changed(subject, "person.reactivated")
    db.session.commit()

