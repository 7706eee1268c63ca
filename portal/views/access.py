"""Who may open which page, and the navigation each audience sees."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.services.accounts import Roles, roles_of


def current_roles() -> Roles | None:
    if not current_user.is_authenticated:
        return None
    if "roles" not in g:
        g.roles = roles_of(current_user)
    return g.roles


def requires(role: str) -> Callable:
    """Signed in, and a manager or HR: anyone else gets the friendly 403 page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not getattr(current_roles(), role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def navigation(roles: Roles | None) -> list[tuple[str, str]]:
    """Link texts and endpoints: every employee, then managers, then HR."""
    if roles is None:
        return []
    items = [(_("My leave"), "leave.index"), (_("Benefits"), "benefits.index")]
    if roles.manager:
        items.append((_("Team"), "team.index"))
    if roles.hr:
        items.append((_("HR"), "hr.index"))
    return items


def role_label(roles: Roles | None) -> str:
    """The badge beside the signed-in person's name, in the reader's language."""
    if roles is None:
        return ""
    return _("HR") if roles.hr else _("Manager") if roles.manager else _("Employee")


def navigation_context() -> dict:
    roles = current_roles()
    return {"nav_items": navigation(roles), "viewer_roles": roles, "role_label": role_label(roles)}


LAST_PAGE = 100_000  # past any real list; keeps OFFSET within what every database accepts


def page_argument() -> int:
    """The ?page= number, clamped to 1..LAST_PAGE (a missing or unreadable one is page 1)."""
    return min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE)
