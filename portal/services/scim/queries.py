"""Reading SCIM users: one by id, and pages of them filtered in SQL (the filter parsed by
scim2-models, translated here into a WHERE clause), in a stable order by userName."""

from __future__ import annotations

from typing import Any

from scim2_models import InvalidFilterException, NotFoundException, Resource
from scim2_models.path import (
    Comparison,
    FilterNode,
    FilterVisitor,
    LogicalExpr,
    Not,
    Present,
    ValuePath,
)
from scim2_models.path.expressions import CompareOperator, LogicalOperator
from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.input_guards import database_id
from portal.models import INTEGER_MAX, Employee, PersonChange
from portal.services.scim.mapping import user_for
from portal.services.scim.schema import ENTERPRISE, User

CORE = str(User.__schema__)
PROVISIONED = Employee.scim_user_name.is_not(None)


def provisioned_person(user_id: str) -> Employee:
    """The person behind a SCIM id, or NotFoundException (never provisioned, or deleted)."""
    person_id = database_id(user_id)
    person = db.session.get(Employee, person_id, options=[joinedload(Employee.manager)]) if (
        person_id is not None
    ) else None
    if person is None or person.scim_user_name is None:
        raise NotFoundException(detail=f"No user has the id “{user_id[:100]}”.")
    return person


def _last_changes(ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return dict(
        db.session.execute(
            select(PersonChange.employee_id, func.max(PersonChange.created_at))
            .where(PersonChange.employee_id.in_(ids))
            .group_by(PersonChange.employee_id)
        ).all()
    )


def user(user_id: str) -> Resource:
    person = provisioned_person(user_id)
    return user_for(person, _last_changes([person.id]).get(person.id))


# -- Filters -----------------------------------------------------------------------------------


def _refuse(what: str) -> InvalidFilterException:
    return InvalidFilterException(
        detail=f"The portal cannot filter on “{what[:100]}”: it filters on userName, "
        "externalId, active, displayName, emails, id and the manager."
    )


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_comparison(column, op: CompareOperator, value: Any, case_exact: bool):
    if not isinstance(value, str):
        raise InvalidFilterException(detail=f"“{op.value}” compares text here: put it in quotes.")
    if "\x00" in value:  # PostgreSQL cannot even compare it
        raise InvalidFilterException(detail="A filter cannot contain the NUL character.")
    if not case_exact:
        column, value = func.lower(column), value.lower()
    match op:
        case CompareOperator.eq:
            return column == value
        case CompareOperator.ne:
            return or_(column != value, column.is_(None))
        case CompareOperator.co:
            return column.like(f"%{_escaped(value)}%", escape="\\")
        case CompareOperator.sw:
            return column.like(f"{_escaped(value)}%", escape="\\")
        case CompareOperator.ew:
            return column.like(f"%{_escaped(value)}", escape="\\")
        case CompareOperator.gt:
            return column > value
        case CompareOperator.ge:
            return column >= value
        case CompareOperator.lt:
            return column < value
        case _:
            return column <= value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.casefold() in ("true", "false"):
        return value.casefold() == "true"
    raise InvalidFilterException(detail="active compares with true or false.")


class _SqlFilter(FilterVisitor[ColumnElement[bool]]):
    """A filter's tree as a WHERE clause on Employee; `within` is the attribute a value path
    selects from (emails[value eq "…"])."""

    def __init__(self, within: str | None = None) -> None:
        self.within = within

    def _name(self, node) -> tuple[str, str | None]:
        path = node.attr_path
        uri = (path.uri or "").casefold()
        if uri and uri not in (CORE.casefold(), ENTERPRISE.casefold()):
            raise _refuse(str(path))
        attr, sub = path.attr.casefold(), (path.sub_attr or None)
        if self.within:
            attr, sub = self.within, attr
        if uri == ENTERPRISE.casefold() and attr != "manager":
            raise _refuse(str(path))
        return attr, sub.casefold() if sub else None

    def visit_comparison(self, node: Comparison) -> ColumnElement[bool]:
        attr, sub = self._name(node)
        op, value = node.op, node.value
        if attr == "username" and sub is None:
            return _text_comparison(Employee.scim_user_name, op, value, case_exact=False)
        if attr == "externalid" and sub is None:
            return _text_comparison(Employee.scim_external_id, op, value, case_exact=True)
        if attr == "displayname" and sub is None:
            return _text_comparison(Employee.name, op, value, case_exact=False)
        if attr == "emails" and sub in (None, "value"):
            return _text_comparison(Employee.email, op, value, case_exact=False)
        if attr == "emails" and sub == "type" and op == CompareOperator.eq:
            return true() if str(value).casefold() == "work" else false()
        if attr == "active" and sub is None and op in (CompareOperator.eq, CompareOperator.ne):
            wanted = _boolean(value)
            return Employee.active.is_(wanted if op == CompareOperator.eq else not wanted)
        if (attr, sub) in (("id", None), ("manager", "value"), ("manager", None)) and op in (
            CompareOperator.eq, CompareOperator.ne
        ):
            column = Employee.id if attr == "id" else Employee.manager_id
            number = database_id(value) if isinstance(value, str) else None
            if number is None:
                return false() if op == CompareOperator.eq else true()
            return column == number if op == CompareOperator.eq else column != number
        raise _refuse(str(node.attr_path))

    def visit_present(self, node: Present) -> ColumnElement[bool]:
        attr, sub = self._name(node)
        columns = {
            ("username", None): PROVISIONED,
            ("externalid", None): Employee.scim_external_id.is_not(None),
            ("displayname", None): true(),
            ("emails", None): true(),
            ("emails", "value"): true(),
            ("active", None): true(),
            ("addresses", None): Employee.scim_address.is_not(None),
            ("manager", None): Employee.manager_id.is_not(None),
            ("manager", "value"): Employee.manager_id.is_not(None),
        }
        if (attr, sub) not in columns:
            raise _refuse(str(node.attr_path))
        return columns[(attr, sub)]

    def visit_not(self, node: Not) -> ColumnElement[bool]:
        return ~self.visit(node.expr)

    def visit_logical_expr(self, node: LogicalExpr) -> ColumnElement[bool]:
        clauses = [self.visit(term) for term in node.terms]
        return and_(*clauses) if node.op == LogicalOperator.and_ else or_(*clauses)

    def visit_value_path(self, node: ValuePath) -> ColumnElement[bool]:
        attr = node.attr_path.attr.casefold()
        if self.within or attr != "emails" or node.sub_attr:
            raise _refuse(str(node.attr_path))
        return _SqlFilter(within=attr).visit(node.val_filter)


def where_clause(scim_filter: FilterNode | None) -> ColumnElement[bool]:
    """Provisioned people, and those the filter keeps."""
    if scim_filter is None:
        return PROVISIONED
    return and_(PROVISIONED, _SqlFilter().visit(scim_filter))


# -- Pages -------------------------------------------------------------------------------------


def page(scim_filter: FilterNode | None, start_index: int, count: int) -> tuple[int, list]:
    """The number of matching users and those of one page, as SCIM users."""
    total, people, changes = people_page(scim_filter, start_index, count)
    return total, [user_for(person, changes.get(person.id)) for person in people]


def people_page(
    scim_filter: FilterNode | None, start_index: int, count: int
) -> tuple[int, list[Employee], dict[int, Any]]:
    """The number of matching people, those of one page by startIndex (1 is the first), in
    userName order, and when each was last changed.

    The page's ids come from the unique index on userName alone (an index-only walk, even
    50,000 users in), then its rows by primary key.
    """
    where = where_clause(scim_filter)
    total = db.session.scalar(select(func.count()).select_from(Employee).where(where))
    offset = min(max(start_index, 1), INTEGER_MAX) - 1
    if count <= 0 or offset >= total:
        return total, [], {}
    ids = list(
        db.session.scalars(
            select(Employee.id).where(where).order_by(Employee.scim_user_name)
            .offset(offset).limit(count)
        )
    )
    people = {
        person.id: person
        for person in db.session.scalars(
            select(Employee).options(joinedload(Employee.manager)).where(Employee.id.in_(ids))
        )
    }
    return total, [people[i] for i in ids if i in people], _last_changes(ids)
