"""Forms for a person's protected characteristics and a force's workforce profile.

The answers are the complainants' equality questions' own lists, 'Prefer not to say'
among them, so the two sides are compared group for group.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import Optional

from complaints.cases.forms.complainant import (
    AGE_BANDS,
    DISABILITY,
    ETHNIC_GROUPS,
    RELIGIONS,
    SEXES,
    SEXUAL_ORIENTATIONS,
    equality_field,
)
from complaints.intervention.forms import WholeNumber
from complaints.reports import disproportionality
from complaints.workforce.services import MOST_PEOPLE, CharacteristicsData

NOT_RECORDED = "Not recorded"
ANSWERS = {
    "age_band": AGE_BANDS,
    "sex": SEXES,
    "ethnicity": ETHNIC_GROUPS,
    "disability": DISABILITY,
    "religion": RELIGIONS,
    "sexual_orientation": SEXUAL_ORIENTATIONS,
}
# The groups a workforce profile counts: the answers, ethnic groups by broad group, as the
# analysis compares them.
PROFILE_GROUPS = {
    **ANSWERS,
    "ethnicity": disproportionality.ETHNIC_GROUPS,
}


class CharacteristicsForm(FlaskForm):
    age_band = equality_field("Age", AGE_BANDS, blank=NOT_RECORDED)
    sex = equality_field("Sex", SEXES, blank=NOT_RECORDED)
    ethnicity = equality_field("Ethnic group", ETHNIC_GROUPS, blank=NOT_RECORDED)
    disability = equality_field(
        "Disability",
        DISABILITY,
        hint="A condition or illness lasting or expected to last 12 months or more that "
        "limits day-to-day activities",
        blank=NOT_RECORDED,
    )
    religion = equality_field("Religion", RELIGIONS, blank=NOT_RECORDED)
    sexual_orientation = equality_field(
        "Sexual orientation", SEXUAL_ORIENTATIONS, blank=NOT_RECORDED
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def data_of(self) -> CharacteristicsData:
        return CharacteristicsData(
            **{key: (self[key].data or None) for key in ANSWERS},
        )

    def show(self, row) -> None:
        for key in ANSWERS:
            self[key].data = getattr(row, key) or ""


def profile_form(characteristic: str, formdata=None) -> FlaskForm:
    """One headcount field for each group of the characteristic (blank: not known)."""
    groups = PROFILE_GROUPS[characteristic]

    class ProfileForm(FlaskForm):
        submit = SubmitField("Save", widget=GovSubmitInput())

    for n, group in enumerate(groups):
        setattr(
            ProfileForm,
            f"group_{n}",
            StringField(
                group,
                widget=GovTextInput(),
                validators=[Optional(), WholeNumber(0, MOST_PEOPLE, f"The number for {group}")],
            ),
        )
    form = ProfileForm(formdata=formdata) if formdata is not None else ProfileForm()
    form.groups = [(form[f"group_{n}"], group) for n, group in enumerate(groups)]
    return form


def headcounts(form) -> dict[str, int | None]:
    return {
        group: int(field.data.strip()) if (field.data or "").strip() else None
        for field, group in form.groups
    }
