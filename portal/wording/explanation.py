"""Explanation items (portal/domain/explanation.py) in words, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from babel.lists import format_list
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from portal.domain import explanation as items
from portal.formatting import days, days_a_week, duration, long_date, reader_locale
from portal.wording.policy_texts import policy_text


def role_label(role: str) -> str:
    return {
        "birthing": _("birthing parent"),
        "non_birthing": _("non-birthing parent"),
        "adoptive": _("adoptive parent"),
        "intended": _("intended parent"),
    }.get(role, _("parent"))


def _counted_from(counted_from: str, event: str) -> str:
    """POLICY §4: what a statutory period was counted from, in words."""
    placement = event == "adoption"
    loss = event == "pregnancy_loss"
    if counted_from == "around_birth":
        if placement:
            return _("from before the expected date to after the placement")
        if loss:
            return _("from before the expected date to after the loss")
        return _("from before the expected date to after the birth")
    if counted_from == "follows":
        return _("after the leave before it")
    if counted_from == "event":
        if placement:
            return _("from the placement")
        if loss:
            return _("from the loss")
        return _("from the birth")
    if counted_from == "day_after_event":
        if placement:
            return _("from the day after the placement")
        if loss:
            return _("from the day after the loss")
        return _("from the day after the birth")
    if counted_from == "expected_date":
        return _("from the expected date")
    return _("from the first day of leave")


def _service(count: int, unit: str) -> str:
    if unit == "month":
        return ngettext("%(num)d month", "%(num)d months", count)
    if unit == "week":
        return ngettext("%(num)d week", "%(num)d weeks", count)
    return ngettext("%(num)d day", "%(num)d days", count)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def explain(item) -> str:
    """One explanation item (or its stored dict, or an old stored English line) in words."""
    if isinstance(item, str):
        return item  # a request stored before explanation items: English as it was written
    if isinstance(item, Mapping):
        found = items.item_from_dict(dict(item))
        if found is None:
            return ""
        item = found
    if isinstance(item, items.ParentalGrant):
        return _("%(duration)s parental leave (%(role)s)",
                 duration=duration(item.days), role=role_label(item.role))
    if isinstance(item, items.NicuGrant):
        if item.capped:
            return _("+%(duration)s NICU leave (the most the policy gives): "
                     "%(in_care)s in neonatal care",
                     duration=duration(item.days), in_care=days(item.nicu_days))
        return _("+%(duration)s NICU leave: %(in_care)s in neonatal care",
                 duration=duration(item.days), in_care=days(item.nicu_days))
    if isinstance(item, items.PregnancyLossGrant):
        return _("%(duration)s pregnancy loss leave", duration=duration(item.days))
    if isinstance(item, items.PhasedReturnGrant):
        return _("%(duration)s phased return from %(start)s: working %(at_work)s a week at "
                 "full pay", duration=duration(item.days), start=long_date(item.start),
                 at_work=days_a_week(item.work_days_per_week))
    if isinstance(item, items.NoStatutoryRules):
        return _("There are no statutory rules for %(country)s in the portal yet, so only the "
                 "company policy applies.", country=item.country)
    if isinstance(item, items.StatutoryPeriod):
        return _("%(duration)s %(title)s (%(jurisdiction)s), %(counted_from)s until %(end)s, "
                 "at the same time as company leave",
                 duration=duration(item.days), title=policy_text(item.title),
                 jurisdiction=item.jurisdiction,
                 counted_from=_counted_from(item.counted_from, item.event),
                 end=long_date(item.end))
    if isinstance(item, items.StatutoryExtension):
        return _("+%(duration)s %(title)s (%(jurisdiction)s), after the other statutory leave",
                 duration=duration(item.days), title=policy_text(item.title),
                 jurisdiction=item.jurisdiction)
    if isinstance(item, items.StatutoryOnly):
        return _("From %(start)s to %(end)s the leave goes on as statutory leave: the company "
                 "does not pay these days, and statutory pay applies where the law gives it.",
                 start=long_date(item.start), end=long_date(item.end))
    if isinstance(item, items.ReturnToWork):
        return _("Return to work on %(day)s, the first working day after the leave.",
                 day=long_date(item.day))
    if isinstance(item, items.PolicyNote):
        return policy_text(item.text)
    if isinstance(item, items.ServiceNeeded):
        title = _capitalised(policy_text(item.title))
        needed = _service(item.count, item.unit)
        if item.until == "expected_date":
            return _("%(title)s is not included: it needs %(service)s of service by the "
                     "expected date.", title=title, service=needed)
        return _("%(title)s is not included: it needs %(service)s of service by the first day "
                 "of leave.", title=title, service=needed)
    if isinstance(item, items.NothingCounted):
        names = [policy_text(name) for name in item.jurisdictions] or [""]
        return _("The portal does not count any statutory leave in %(places)s for this case, "
                 "so the company leave is what counts.",
                 places=format_list(names, style="or", locale=reader_locale()))
    return ""


def explanation_lines(explanation: Iterable) -> list[str]:
    """Every item in words, leaving out any this version cannot word."""
    return [line for line in (explain(item) for item in explanation) if line]


def english_entitlement_dict(entitlement) -> dict:
    """Entitlement.as_dict() with the explanation and the statutory notes as English lines:
    the JSON of `flask entitlement --json`, whose shape stays what scripts expect."""
    with force_locale("en"):
        data = entitlement.as_dict()
        data["explanation"] = explanation_lines(entitlement.explanation)
        if entitlement.statutory is not None:
            data["statutory"]["notes"] = explanation_lines(entitlement.statutory.notes)
    return data


def _event_word(event: str) -> str:
    return {
        "birth": _("birth"),
        "stillbirth": _("stillbirth"),
        "adoption": _("adoption"),
        "surrogacy": _("surrogacy"),
        "pregnancy_loss": _("pregnancy loss"),
    }.get(event, event)


def _listed(names: list[str]) -> str:
    names = sorted(names)
    if reader_locale().startswith("en") or len(names) < 2:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return format_list(names, locale=reader_locale())


def role_list(roles: Iterable[str]) -> str:
    """"birthing parent and non-birthing parent": a rule's roles in the reader's words."""
    return _listed([role_label(role) for role in roles]) if roles else ""


def event_list(events: Iterable[str]) -> str:
    """"adoption, birth and surrogacy": a rule's events in the reader's words."""
    return _listed([_event_word(event) for event in events]) if events else ""
