"""The form that links a case to another by reference, saying why they are related."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput
from wtforms import BooleanField, SubmitField

from complaints.cases.forms.base import CaseEditForm
from complaints.cases.forms.fields import text_field


class LinkCaseForm(CaseEditForm):
    reference = text_field(
        "Reference of the other case",
        20,
        required="Enter the reference of the other case",
        hint="For example, CO/2026/00042",
    )
    reason = text_field(
        "Why are they linked?",
        200,
        required="Say why the cases are linked",
        name="The reason the cases are linked",
        hint="For example, the same officers at the same arrest",
    )
    same_incident = BooleanField("They are about the same incident", widget=GovCheckboxInput())
    submit = SubmitField("Link the cases", widget=GovSubmitInput())
