"""The administrator's forms for importing a legacy extract: the upload with its dry run,
and the confirmation that imports the very file checked (named by its SHA-256)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import BooleanField, HiddenField, SubmitField
from wtforms.validators import InputRequired, Regexp

from complaints.forms import ChoiceField, check_choice

MAX_EXTRACT_BYTES = 64 * 1024 * 1024


class ExtractForm(FlaskForm):
    file = FileField(
        "The extract (CSV)",
        widget=GovFileInput(),
        description="A CSV file of the legacy system's cases, one row per allegation, "
        f"up to {MAX_EXTRACT_BYTES // (1024 * 1024)} MB.",
        validators=[FileRequired("Select the extract to import")],
    )
    mapping = ChoiceField(
        "Mapping",
        widget=GovSelect(),
        description="Which of the extract's columns holds what (docs/import.md).",
        validate_choice=False,
        validators=[InputRequired("Choose the mapping")],
    )
    force_id = ChoiceField(
        "Force",
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired("Choose the force")],
    )
    skip_bad_rows = BooleanField(
        "Import the good rows and skip the rows refused",
        widget=GovCheckboxInput(),
        description="Otherwise one refused row stops the whole file.",
    )
    submit = SubmitField("Check the extract", widget=GovSubmitInput())

    def validate_mapping(self, field) -> None:
        check_choice(field, "a mapping")

    def validate_force_id(self, field) -> None:
        check_choice(field, "a force")


class ConfirmImportForm(FlaskForm):
    """Import the file the dry run checked: kept in the file store under its SHA-256."""

    sha256 = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField(validators=[InputRequired()])
    mapping = HiddenField(validators=[InputRequired()])
    force_id = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,9}$")])
    skip_bad_rows = HiddenField()
    submit = SubmitField("Import", widget=GovSubmitInput())
