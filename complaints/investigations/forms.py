"""Forms for the appropriate authority's investigation decisions (domain.md A3).

The rules about what may be combined live in ``complaints.investigations.services``;
these forms check only that each answer is one the page offered.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import BooleanField, Field, HiddenField, RadioField
from wtforms.validators import InputRequired, Optional

from complaints.cases.forms.base import CaseEditForm
from complaints.forms import (
    DATE_HINT,
    CheckboxesField,
    ChoiceField,
    DateTextField,
    check_choice,
    date_field,
    long_text,
    options,
)
from complaints.investigations.models import Finding, Proceedings, Sanction, Severity

# The three answers to "is there a case to answer?", as the radios send them.
CASE_TO_ANSWER = {"yes": True, "no": False, "undecided": None}
# The flags beside an outcome, as the checkboxes send them.
OTHER_OUTCOMES = (
    ("rprp", "Referred to reflective practice (RPRP)"),
    ("practice_requiring_improvement", "Practice requiring improvement (PRI)"),
    ("cps_referral", "Referred to the Crown Prosecution Service (CPS)"),
)


class InvestigationDetailsForm(CaseEditForm):
    """Also carries the investigation's own version, so that an edit crossing another
    change to the investigation is caught even if the case itself did not change."""

    investigation_version = HiddenField()
    investigator_id = ChoiceField(
        "Investigator",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )
    terms_of_reference = long_text(
        "Terms of reference",
        5000,
        hint="What the investigation will look into, as agreed with the investigator.",
    )
    special_procedures = BooleanField(
        "Special procedures apply (an indication of crime or misconduct by a person serving)",
        widget=GovCheckboxInput(),
    )

    def validate_investigator_id(self, field: Field) -> None:
        check_choice(field, "an investigator")

    def seen_investigation_version(self) -> int:
        """The investigation's version the editor opened; 0, which never matches, if the
        page did not send one."""
        text = self.investigation_version.data or ""
        return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


class SeverityForm(CaseEditForm):
    severity = RadioField(
        "Severity",
        widget=GovRadioInput(),
        choices=options(Severity.choices()),
        validate_choice=False,
        description="Would the conduct, if proved, be misconduct, gross misconduct or neither?",
        validators=[InputRequired("Choose the severity: neither, misconduct or gross misconduct")],
    )
    assessed_on = date_field("Date of the assessment", "Enter the date of the severity assessment")
    by_iopc = BooleanField(
        "This is the IOPC's assessment (directed and independent investigations)",
        widget=GovCheckboxInput(),
    )
    rationale = long_text(
        "Rationale",
        5000,
        required="Enter the rationale for the severity assessment",
        hint="The evidence and reasoning behind the assessment, and the likely form "
        "of any proceedings.",
    )

    def validate_severity(self, field: Field) -> None:
        check_choice(field, "the severity")


class ConductOutcomeForm(CaseEditForm):
    case_to_answer = RadioField(
        "Is there a case to answer?",
        widget=GovRadioInput(),
        choices=options(
            [("yes", "Yes"), ("no", "No"), ("undecided", "Not decided yet")],
        ),
        validate_choice=False,
        validators=[InputRequired("Choose whether there is a case to answer")],
    )
    proceedings = ChoiceField(
        "Misconduct proceedings",
        widget=GovSelect(),
        choices=options([("", "No proceedings"), *Proceedings.choices()]),
        validate_choice=False,
        validators=[Optional()],
    )
    finding = ChoiceField(
        "Finding of the proceedings",
        widget=GovSelect(),
        choices=options([("", "No finding yet"), *Finding.choices()]),
        validate_choice=False,
        validators=[Optional()],
    )
    sanction = ChoiceField(
        "Sanction",
        widget=GovSelect(),
        choices=options([("", "No sanction"), *Sanction.choices()]),
        validate_choice=False,
        validators=[Optional()],
    )
    final_warning_or_several_incidents = BooleanField(
        "A final written warning was in force, or the findings cover several unconnected incidents",
        widget=GovCheckboxInput(),
        description="At a hearing that finds misconduct, this allows reduction in rank or "
        "dismissal with notice (reg 42).",
    )
    other = CheckboxesField(
        "Other outcomes and referrals",
        choices=options(OTHER_OUTCOMES),
        description="Choose all that apply.",
    )
    decided_on = DateTextField(
        "Date the outcome was decided (optional)",
        widget=GovTextInput(),
        description=DATE_HINT + ". Leave blank until the outcome for this person is final.",
        validators=[Optional()],
    )

    def validate_case_to_answer(self, field: Field) -> None:
        check_choice(field, "whether there is a case to answer")

    def validate_proceedings(self, field: Field) -> None:
        check_choice(field, "the kind of misconduct proceedings")

    def validate_finding(self, field: Field) -> None:
        check_choice(field, "the finding")

    def validate_sanction(self, field: Field) -> None:
        check_choice(field, "the sanction")
