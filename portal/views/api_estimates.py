"""POST /api/v1/estimates (scope estimate): the same inputs and answer as
`flask entitlement --json`, through the same code path."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from portal.case_options import case_from_text
from portal.domain.entitlement import compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.views.api import ApiProblem, api_blueprint, body_of, json_answer, operation
from portal.wording import english_entitlement_dict

bp = api_blueprint("api_estimates")
Count = Field(None, ge=0, le=1000)


class EstimateIn(BaseModel):
    """The case, as `flask entitlement` takes it (its options, with underscores)."""

    model_config = ConfigDict(extra="forbid")

    role: str = Field(max_length=20, description="birthing, non_birthing, adoptive or intended")
    event: str = Field(max_length=20,
                       description="birth, adoption, surrogacy or pregnancy_loss")
    event_date: date = Field(description="The birth, placement or loss (or the expected date).")
    expected_date: date | None = None
    start: date | None = Field(None, description="First day of leave; the event date if absent.")
    country: str = Field("US", min_length=2, max_length=2, description="ISO 3166-1 alpha-2.")
    subdivision: str | None = Field(None, max_length=10)
    nicu_days: int | None = Count
    gestation_weeks: int | None = Field(None, ge=0, le=45)
    babies: int | None = Field(None, ge=1, le=10)
    child_number: int | None = Field(None, ge=1, le=30)
    hire_date: date | None = None


class GrantOut(BaseModel):
    kind: str
    days: int
    pay: str


class RuleOut(BaseModel):
    id: str
    days: int
    source: str


class StatutoryOut(BaseModel):
    jurisdiction: str
    end: date | None
    rules: list[RuleOut]
    notes: list[str]


class PhasedReturnOut(BaseModel):
    start: date
    end: date
    work_days_per_week: int


class EstimateOut(BaseModel):
    """The entitlement, as `flask entitlement --json` prints it."""

    policy: str
    grants: list[GrantOut]
    company_days: int
    statutory: StatutoryOut | None
    leave_days: int
    start: date
    end: date
    return_date: date
    phased_return: PhasedReturnOut | None
    explanation: list[str]


def _as_options(case: EstimateIn) -> dict[str, str | None]:
    """The command's option text, so that the command's reader checks it the same way."""
    return {name: None if value is None else str(value)
            for name, value in case.model_dump().items()}


@bp.post("/estimates")
@operation("estimate", ok=EstimateOut, body=EstimateIn, tag="estimates")
def create_estimate():
    """Estimate an entitlement

    The company grants, the statutory leave alongside them, the dates and the return, for a
    case described as `flask entitlement --json` takes it. Nothing is stored.
    """
    case = body_of(EstimateIn)
    try:
        entitlement = compute_entitlement(case_from_text(_as_options(case)))
    except IneligibleCase as error:
        raise ApiProblem(422, invalid=[(error.field, error.message)]) from None
    except (ValueError, OverflowError):  # dates at the far ends of the calendar
        raise ApiProblem(422, invalid=[("body", "these dates are outside what the policy "
                                                 "covers")]) from None
    # The same JSON as `flask entitlement --json`: its explanation in English sentences.
    response = json_answer(english_entitlement_dict(entitlement))
    response.headers.pop("ETag", None)  # an answer to a POST, not a representation to cache
    return response
