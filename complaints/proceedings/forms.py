"""Forms for the Regulation 17 notice and for a subject's misconduct proceedings.

The rules about dates and what may be combined live in ``investigations.notices`` and
``proceedings.services``; these forms check only that each answer is one the page offered.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from wtforms import Field, RadioField, StringField
from wtforms.validators import InputRequired, Optional

from complaints.cases.forms.base import CaseEditForm
from complaints.forms import ChoiceField, DateTextField, MaxLength, check_choice, long_text, options
from complaints.investigations.forms import DATE_HINT
from complaints.investigations.models import Sanction
from complaints.proceedings.models import AppealResult
from complaints.proceedings.services import MAX_CHAIR, MAX_PANEL, MAX_REASON

# Whether a hearing is held in public, as the radios send it.
IN_PUBLIC = {"yes": True, "no": False, "undecided": None}


def _date(label: str, required: str | None = None, hint: str = DATE_HINT) -> DateTextField:
    first = InputRequired(required) if required else Optional()
    return DateTextField(label, widget=GovTextInput(), description=hint, validators=[first])


class NoticeForm(CaseEditForm):
    served_on = _date(
        "Date the Regulation 17 notice was served",
        "Enter the date the Regulation 17 notice was served",
    )
    response_on = _date(
        "Date the officer's response arrived (optional)",
        hint=DATE_HINT + ". The officer has 10 working days to respond; leave blank until they do.",
    )


class ArrangementForm(CaseEditForm):
    referred_on = _date(
        "Date the notice of referral was given to the officer",
        "Enter the date the notice of referral was given to the officer",
    )
    officer_response_on = _date(
        "Date the officer's response arrived (optional)",
        hint=DATE_HINT + ". The officer has 15 working days from the notice to respond.",
    )
    scheduled_on = _date("Date of the meeting or hearing (optional)")
    chair = StringField(
        "Who conducts it (optional until it has a date)",
        widget=GovTextInput(),
        description="The person conducting a meeting, or the legally qualified chair of a hearing",
        validators=[Optional(), MaxLength(MAX_CHAIR, "Who conducts it")],
    )
    panel = StringField(
        "Panel members (hearings only, optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(MAX_PANEL, "Panel members")],
    )
    publicly_notified_on = _date("Date the hearing was publicly notified (hearings only, optional)")
    in_public = RadioField(
        "Is the hearing held in public?",
        widget=GovRadioInput(),
        choices=options([("yes", "Yes"), ("no", "No, in private"), ("undecided", "Not decided")]),
        validate_choice=False,
        default="undecided",
        validators=[Optional()],
    )

    def validate_in_public(self, field: Field) -> None:
        check_choice(field, "whether the hearing is held in public")


class AdjournmentForm(CaseEditForm):
    adjourned_on = _date(
        "Date the proceedings were adjourned", "Enter the date the proceedings were adjourned"
    )
    new_date = _date("New date (optional)", hint=DATE_HINT + ". Leave blank if none is set yet.")
    reason = long_text(
        "Reason for the adjournment",
        MAX_REASON,
        required="Enter the reason for the adjournment",
    )


class AppealForm(CaseEditForm):
    lodged_on = _date("Date the appeal was made", "Enter the date the appeal was made")
    result = ChoiceField(
        "Result of the appeal",
        widget=GovSelect(),
        choices=options([("", "Not decided yet"), *AppealResult.choices()]),
        validate_choice=False,
        validators=[Optional()],
    )
    decided_on = _date("Date the appeal was decided (optional)")
    sanction = ChoiceField(
        "Outcome substituted (only if the appeal substituted a different outcome)",
        widget=GovSelect(),
        choices=options([("", "None"), *Sanction.choices()]),
        validate_choice=False,
        validators=[Optional()],
    )

    def validate_result(self, field: Field) -> None:
        check_choice(field, "the result of the appeal")

    def validate_sanction(self, field: Field) -> None:
        check_choice(field, "the outcome substituted")
