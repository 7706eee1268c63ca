"""The employee's leave-request forms: the request, and the actions and life events on its page.

Field syntax only; the rules live in portal.domain. Every form that changes a request carries
the version the person saw, so two tabs or two people never overwrite each other unnoticed.
"""

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from portal.forms.case_questions import CaseQuestions
from portal.forms.words import lazy_gettext as _l

MAX_SPLIT_BLOCKS = 3


class BlockForm(Form):
    """One block of a split plan; both dates or neither (the request form checks)."""

    start = DateField(_l("First day"), validators=[Optional()])
    end = DateField(_l("Last day"), validators=[Optional()])


class LeaveRequestForm(CaseQuestions):
    """A new request. The one-time submission key makes a double click file one request."""

    note_to_hr = TextAreaField(
        _l("Note to HR"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Optional. Anything HR should know; only HR reads it."),
    )
    blocks = FieldList(
        FormField(BlockForm), min_entries=MAX_SPLIT_BLOCKS, max_entries=MAX_SPLIT_BLOCKS
    )
    submission_key = HiddenField(
        validators=[InputRequired(), Length(min=16, max=64), Regexp(r"^[A-Za-z0-9_-]+$")]
    )
    preview = SubmitField(_l("Show my leave"))
    save_draft = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit request"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.block_errors: list[str] = []

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        for number, block in enumerate(self.blocks, start=1):
            if bool(block.start.data) != bool(block.end.data) and not block.errors:
                self.block_errors.append(
                    _("Block %(number)d: please give both its first and last day, or neither.",
                      number=number)
                )
        if self.end.data and self.date_pairs() and not self.end.errors:
            # A split plan ends on its last block's last day; the field is for one block.
            self.end.errors = [*self.end.errors, _(
                "When you split your leave, it ends on the last day of your last block. "
                "Please leave this empty, or leave the blocks empty to take your leave in one go."
            )]
            fields_ok = False
        return fields_ok and not self.block_errors

    def date_pairs(self) -> list[tuple]:
        """The blocks the employee filled in, as (first day, last day) pairs."""
        return [
            (block.start.data, block.end.data)
            for block in self.blocks
            if block.start.data and block.end.data
        ]


class EditDraftForm(LeaveRequestForm):
    """The same questions for a saved draft, with the version instead of a submission key."""

    submission_key = None
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class VersionedForm(FlaskForm):
    """A small action form on a request's page: the version the person saw."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class WithdrawForm(VersionedForm):
    submit = SubmitField(_l("Withdraw request"))


class WithdrawChangeForm(VersionedForm):
    submit = SubmitField(_l("Withdraw this change"))


class CancelForm(VersionedForm):
    submit = SubmitField(_l("Cancel leave"))


class AnswerForm(VersionedForm):
    message = TextAreaField(
        _l("Your answer"),
        validators=[InputRequired(_l("Please write your answer.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Send answer"))


class LifeEventForm(VersionedForm):
    """A life event on the request's page. When the employee's split no longer fits, the same
    form comes back with their blocks to choose again (`replan` set); empty blocks then mean
    one block from the first day of leave."""

    replan = HiddenField()
    blocks = FieldList(
        FormField(BlockForm), min_entries=MAX_SPLIT_BLOCKS, max_entries=MAX_SPLIT_BLOCKS
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.block_errors: list[str] = []

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        if self.replanning:
            for number, block in enumerate(self.blocks, start=1):
                if bool(block.start.data) != bool(block.end.data) and not block.errors:
                    self.block_errors.append(
                        _("Block %(number)d: please give both its first and last day, or neither.",
                      number=number)
                    )
        return fields_ok and not self.block_errors

    @property
    def replanning(self) -> bool:
        return self.replan.data == "1"

    def chosen_blocks(self) -> list[tuple] | None:
        """The (first day, last day) pairs chosen when re-planning; None otherwise."""
        if not self.replanning:
            return None
        return [
            (block.start.data, block.end.data)
            for block in self.blocks
            if block.start.data and block.end.data
        ]


class BirthForm(LifeEventForm):
    born_on = DateField(
        _l("Date of birth"), validators=[InputRequired(_l("Please give the date of birth."))]
    )
    submit = SubmitField(_l("Send the date of birth"))


class NeonatalCareForm(LifeEventForm):
    nicu_days = IntegerField(
        _l("Days in neonatal care so far"),
        validators=[
            InputRequired(_l("Please give the number of days.")),
            NumberRange(min=0, max=3650),
        ],
    )
    submit = SubmitField(_l("Update neonatal care"))


class PregnancyLossForm(LifeEventForm):
    loss_date = DateField(_l("Date"), validators=[InputRequired(_l("Please give the date."))])
    gestation_weeks = IntegerField(
        _l("Completed weeks of pregnancy"),
        validators=[
            InputRequired(_l("Please give the completed weeks; an estimate is fine.")),
            NumberRange(min=0, max=45),
        ],
        description=_l("An estimate is fine."),
    )
    # Asked only of someone with a manager. HR telling them is the default: it asks nothing more
    # of the employee at a hard time.
    tell_manager = RadioField(
        _l("Your manager"),
        choices=[SelectChoice("hr", _l("HR will tell my manager")),
                 SelectChoice("now", _l("Tell my manager the new dates now"))],
        default="hr",
        validators=[Optional()],
        description=_l(
            "Either way, your manager only ever sees that you are away and when; never why."
        ),
    )
    submit = SubmitField(_l("Update my leave"))


class DocumentsForm(FlaskForm):
    """Documents added to a request on its page; the documents service checks the files."""

    documents = MultipleFileField(
        _l("Add a document"),
        description=_l(
            "PDF files, or JPEG or PNG pictures (a photo or scan is fine), up to 10 MB "
            "each; up to 5 at once."
        ),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"},
    )
    submit = SubmitField(_l("Add documents"))
