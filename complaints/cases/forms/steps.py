"""One form per lifecycle step (domain.md A2), asking only for what that step needs.

``STEP_FORMS`` maps a step to its form; ``step_data`` turns a validated form into the
plain data ``workflow.apply`` takes.
"""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional

from complaints.cases.choices import CaseState, RecordingReason, ReferralType
from complaints.cases.deadlines import OUTCOME_LETTER_WORKING_DAYS, REVIEW_WINDOW_DAYS
from complaints.cases.forms.base import CaseEditForm
from complaints.forms import DATE_HINT, ChoiceField, DateTextField, check_choice, long_text, options
from complaints.investigations.models import InvestigationMode
from complaints.letters.forms import letter_paragraph
from complaints.reviews.models import ReviewBody, ReviewOutcome


def _reason(
    label: str, required: bool, hint: str | None = None, name: str | None = None
) -> TextAreaField:
    return long_text(
        label, 2000, name=name, required=f"Enter {label.lower()}" if required else None, hint=hint
    )


def _date(label: str, required: bool = False) -> DateTextField:
    """A date typed as text, with its label, hint and inline error; blank is today unless
    it is required."""
    return DateTextField(
        label,
        widget=GovTextInput(),
        description=DATE_HINT + ("" if required else ". Leave blank for today."),
        validators=[InputRequired(f"Enter {label.lower()}")] if required else [Optional()],
    )


class StepForm(CaseEditForm):
    """A step that needs nothing but, optionally, a note of why."""

    reason = _reason("Note for the case record (optional)", required=False)


class ReasonedStepForm(CaseEditForm):
    reason = _reason("Reason for this decision", required=True)


class RecordForm(CaseEditForm):
    recording_reason = RadioField(
        "Why is the complaint being recorded?",
        widget=GovRadioInput(),
        choices=options(RecordingReason.choices()),
        validators=[InputRequired("Choose why the complaint is being recorded")],
    )
    reason = _reason("Reason for this decision", required=True)


class WithdrawForm(CaseEditForm):
    withdrawal_notice_on = _date("Date of the complainant's signed withdrawal notice", True)
    reason = _reason("Note for the case record (optional)", required=False)


class ReferForm(CaseEditForm):
    referral_type = RadioField(
        "Type of referral",
        widget=GovRadioInput(),
        choices=options(ReferralType.choices()),
        validators=[InputRequired("Choose the type of referral")],
    )
    reason = _reason(
        "Reason for referring", required=True, hint="For a mandatory referral, say which limb"
    )


class InvestigationForm(CaseEditForm):
    investigator_id = ChoiceField(
        "Investigator", widget=GovSelect(), validate_choice=False, validators=[Optional()]
    )
    terms_of_reference = long_text("Terms of reference", 5000)
    special_procedures = BooleanField(
        "Special procedures apply (an indication of crime or misconduct by a person serving)",
        widget=GovCheckboxInput(),
    )
    reason = _reason("Note for the case record (optional)", required=False)

    def validate_investigator_id(self, field) -> None:
        check_choice(field, "an investigator")


class IopcInvestigationForm(InvestigationForm):
    mode = RadioField(
        "How the IOPC decided it will be investigated",
        widget=GovRadioInput(),
        choices=options(InvestigationMode.choices()),
        validators=[InputRequired("Choose how it will be investigated")],
    )


class SuspendForm(CaseEditForm):
    on = _date("Date suspended")
    reason = _reason(
        "Why the investigation is suspended",
        required=True,
        hint="e.g. sub judice",
        name="The reason for suspending it",
    )


class ResumeForm(CaseEditForm):
    on = _date("Date resumed")
    reason = _reason("Note for the case record (optional)", required=False)


class ReportForm(CaseEditForm):
    on = _date("Date the report was submitted")
    summary = long_text(
        "Summary of the report and the investigator's opinion",
        5000,
        name="The summary of the report",
        required="Enter a summary of the report",
    )


class NotifyForm(CaseEditForm):
    review_body = RadioField(
        "Who reviews the outcome if the complainant applies for a review?",
        widget=GovRadioInput(),
        choices=options(ReviewBody.choices()),
        validators=[InputRequired("Choose the review body")],
    )
    review_body_reason = long_text(
        "Why this review body",
        300,
        name="The reason for this review body",
        required="Enter why this body reviews the outcome",
    )
    explanation = letter_paragraph("explanation")
    apology = letter_paragraph("apology")
    preview = SubmitField("Preview the outcome letter", widget=GovSubmitInput())

    def previewing(self) -> bool:
        return bool(self.preview.data)


class ReviewApplicationForm(CaseEditForm):
    received_on = _date("Date the application was received")
    received_by = RadioField(
        "Who received the application?",
        widget=GovRadioInput(),
        description="Leave unanswered if the review body received it",
        choices=options(ReviewBody.choices()),
        validators=[Optional()],
    )
    body = RadioField(
        "Review body",
        widget=GovRadioInput(),
        description="The body named in the outcome letter (A7)",
        choices=options(ReviewBody.choices()),
        validators=[InputRequired("Choose the review body")],
    )
    late_special_reason = _reason(
        "Special reason for accepting a late application",
        required=False,
        hint=f"Only if the application arrived after the {REVIEW_WINDOW_DAYS}-day window closed",
    )


class DecideReviewForm(CaseEditForm):
    outcome = RadioField(
        "Was the outcome reasonable and proportionate?",
        widget=GovRadioInput(),
        choices=options(ReviewOutcome.choices()),
        validators=[InputRequired("Choose the decision")],
    )
    sent_back_to = RadioField(
        "If upheld, the case goes back to",
        widget=GovRadioInput(),
        choices=options(
            (s.value, s.label)
            for s in (CaseState.RECORDED, CaseState.HANDLING, CaseState.INVESTIGATION)
        ),
        validators=[Optional()],
    )
    on = _date("Date of the decision")
    rationale = _reason("Rationale", required=True)
    recommendations = long_text(
        "Recommendations to the force (optional)",
        5000,
        hint="One recommendation per line; the force responds to each",
    )


STEP_FORMS: dict[str, type[CaseEditForm]] = {
    "record": RecordForm,
    "withdraw": WithdrawForm,
    "refer_to_iopc": ReferForm,
    "iopc_investigation": IopcInvestigationForm,
    "start_investigation": InvestigationForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "submit_report": ReportForm,
    "notify_outcome": NotifyForm,
    "apply_for_review": ReviewApplicationForm,
    "decide_review": DecideReviewForm,
    "reopen": ReasonedStepForm,
}

# What each step will do, said on its page before the user confirms it.
NEXT = {
    "record": "The complaint will be recorded under Schedule 3 and wait for a handling decision.",
    "handle_outside_schedule_3": (
        "The complaint will be handled outside Schedule 3, aiming to resolve it to the "
        "complainant's satisfaction. The first update is due within 4 weeks."
    ),
    "resolve": "The complaint will be finalised. There is no right of review.",
    "withdraw": "The case will close. Tell the IOPC or review body if it was with them.",
    "refer_to_iopc": "The case will wait for the IOPC's decision on how it is handled.",
    "iopc_returned": "The case goes back to recorded, for the appropriate authority to decide.",
    "iopc_investigation": "The investigation starts in the mode the IOPC decided.",
    "handle_without_investigation": "Record a result for each allegation, then the outcome.",
    "start_investigation": "A local investigation starts with the investigator you choose.",
    "suspend": "The suspension is kept so timeliness can be reported with and without it.",
    "resume": "The investigation continues.",
    "submit_report": "The appropriate authority will decide the outcome.",
    "determine_outcome": (
        "The complainant must be told the outcome within "
        f"{OUTCOME_LETTER_WORKING_DAYS} working days."
    ),
    "notify_outcome": (
        "The outcome letter is made and kept with the case, and the "
        f"{REVIEW_WINDOW_DAYS}-day review window "
        "opens the day after today."
    ),
    "apply_for_review": (
        "The case goes under review. An application received by the body that does not "
        "review it is recorded as forwarded, and the applicant is told by letter."
    ),
    "finalise": "The case closes.",
    "close_matter": "The matter closes.",
    "decide_review": (
        "Not upheld closes the case; upheld sends it back as you choose. The OPCC's "
        "decision letter goes to the complainant and is kept with the case."
    ),
    "reopen": "The case goes back to recorded and its results are cleared.",
}


def step_form(name: str) -> type[CaseEditForm]:
    return STEP_FORMS.get(name, StepForm)


def step_data(form: CaseEditForm) -> dict[str, Any]:
    """The validated answers as ``workflow.apply`` data; blank answers are left out."""
    skip = {"version", "opened_at", "submit", "preview", "csrf_token"}
    data: dict[str, Any] = {}
    for name, field in form._fields.items():
        if name in skip or field.data in (None, ""):
            continue
        data[name] = field.data
    if data.get("investigator_id"):
        data["investigator_id"] = int(data["investigator_id"])
    return data
