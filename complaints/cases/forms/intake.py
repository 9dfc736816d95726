"""Intake form for a new case: what arrived, its first complainant and possible duplicates.

``new_case_data`` turns the form into the ``NewCase`` its service takes, so the service
never sees a form. The complainant, subject and link forms live beside this module.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import Field, RadioField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from complaints.cases.choices import CaseType, Channel
from complaints.cases.forms.complainant import (
    COMPLAINANT_FIELDS,
    ComplainantFields,
    complainant_data,
)
from complaints.cases.forms.fields import CaseFields, MatchFields, blank_to_none
from complaints.cases.models import MANDATORY_TRIGGERS
from complaints.cases.services import NewCase
from complaints.common.clock import london_today
from complaints.forms import check_choice

TRIGGER_FIELDS = tuple(attr for attr, _ in MANDATORY_TRIGGERS)


class NewCaseForm(MatchFields, CaseFields, ComplainantFields, FlaskForm):
    """Intake: the case, and for a complaint its first complainant. Subjects and
    allegations follow on the case's own pages."""

    # Only for a person who works for more than one force (see for_one_force).
    force_id = RadioField(
        "Which force is this case for?",
        widget=GovRadioInput(),
        description="The force whose officers or staff it is about.",
        validate_choice=False,
        validators=[InputRequired("Choose the force this case is for")],
    )
    submit = SubmitField("Log the case", widget=GovSubmitInput())

    def for_one_force(self) -> None:
        """A person of one force logs cases for it: nothing to choose."""
        del self.force_id

    def chosen_force(self) -> int | None:
        if "force_id" not in self or not self.force_id.data:
            return None
        return int(self.force_id.data)

    def validate_force_id(self, field: Field) -> None:
        check_choice(field, "a force you work for")

    def is_complaint(self) -> bool:
        return self.case_type.data == CaseType.COMPLAINT.value

    def validate(self, extra_validators: Any = None) -> bool:
        """A conduct or DSI matter has no complainant: whatever was typed there is ignored."""
        valid = super().validate(extra_validators)
        if self.case_type.data in {t.value for t in CaseType} and not self.is_complaint():
            for name in COMPLAINANT_FIELDS:
                self[name].errors = []
            return not self.errors
        return valid

    def validate_received_on(self, field: Field) -> None:
        if field.data and field.data > london_today():
            raise ValidationError("The date received must be today or in the past")

    def validate_incident_on(self, field: Field) -> None:
        received = self.received_on.data
        if field.data and field.data > london_today():
            raise ValidationError("The incident date must be today or in the past")
        if field.data and received and field.data > received:
            raise ValidationError("The incident date must be on or before the date received")

    def ticked_matches(self) -> set[int]:
        return {int(v) for v in self.same_incident.data or [] if v.isascii() and v.isdigit()}

    def seen_match_ids(self) -> set[int]:
        parts = (self.seen_matches.data or "").split(",")
        return {int(p) for p in parts if p.isascii() and p.isdigit() and len(p) < 10}


def new_case_data(form: NewCaseForm) -> NewCase:
    case_type = CaseType(form.case_type.data)
    triggers = set(form.triggers.data or ())
    complaint = case_type == CaseType.COMPLAINT
    return NewCase(
        case_type=case_type,
        received_on=form.received_on.data,
        channel=Channel(form.channel.data),
        summary=form.summary.data,
        complainants=(complainant_data(form),) if complaint else (),
        incident_on=form.incident_on.data,
        incident_place=blank_to_none(form.incident_place.data),
        division_id=int(form.division_id.data) if form.division_id.data else None,
        direction_and_control=bool(form.direction_and_control.data),
        recording_requested=complaint and bool(form.recording_requested.data),
        force_id=form.chosen_force(),
        **{attr: attr in triggers for attr in TRIGGER_FIELDS},
    )
