"""WTForms pieces every domain's forms share: choices, text dates, checkbox groups, length
limits that name their field, long text with a character count, and the version an edit
was opened on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxesInput, GovTextInput
from wtforms import (
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from complaints.common.clock import utcnow
from complaints.common.limits import characters, too_long

# The hint under every date a form asks for, in the format people type most.
DATE_HINT = "For example, 27/3/2026"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def whole_number(text: str | None, default: int) -> int:
    """A non-negative whole number typed or sent by a user, or the default if it is not one."""
    if text and text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return default


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; values are strings, as the browser sends."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def allowed_values(field: Field) -> set[str]:
    return {choice.value for choice in field.choices or []}


class DateTextField(StringField):
    """A date typed as text, as in the MoJ filter pattern: '27/3/2026' or '2026-03-27'."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not self.raw:
            return
        for fmt in DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(self.raw, fmt).date()
            except ValueError:
                continue
            if parsed.year >= 1900:
                self.data = parsed
                return
        raise ValueError(f"{self.label.text} must be a real date, like 27/3/2026")

    def _value(self) -> str:
        return getattr(self, "raw", None) or (self.data.strftime("%d/%m/%Y") if self.data else "")


def date_field(label: str, required: str | None = None, **kwargs: Any) -> DateTextField:
    """A date typed as text under the usual hint; ``required``: the error when it is left
    blank (otherwise it may be)."""
    return DateTextField(
        label,
        **kwargs,
        widget=GovTextInput(),
        description=DATE_HINT,
        validators=[InputRequired(required)] if required else [Optional()],
    )


def field_name(field: Field) -> str:
    """The field's name for its error messages: its label without "(optional)"."""
    return field.label.text.replace("(optional)", "").strip()


class MaxLength:
    """At most ``most`` characters, refused with the GOV.UK message that names the field:
    "Summary must be 2,000 characters or fewer". ``name`` is for a field whose label is a
    question ("What is alleged"); otherwise the label is the name."""

    def __init__(self, most: int, name: str | None = None) -> None:
        self.max = most
        self.name = name

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and characters(field.data) > self.max:
            raise ValidationError(too_long(self.name or field_name(field), self.max))


def max_length(field: Field) -> int | None:
    """The field's ``MaxLength``, if it has one."""
    return next((v.max for v in field.validators if isinstance(v, MaxLength)), None)


class CharacterCount(GovCharacterCount):
    """GOV.UK's character count for a textarea, its limit read from the field's
    ``MaxLength``. Without JavaScript it says the limit under the box; with it, it counts
    down as the person types. No ``maxlength`` attribute: the browser would cut pasted
    text short without saying so."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        limit = max_length(field)
        params.setdefault("maxlength", limit)
        if limit:
            params.setdefault(
                "textareaDescriptionText", f"You can enter up to {limit:,} characters"
            )
        params["attributes"].pop("maxlength", None)
        return params


def long_text(
    label: str,
    most: int,
    *,
    name: str | None = None,
    required: str | None = None,
    hint: str | None = None,
    filters: tuple = (),
) -> TextAreaField:
    """A textarea with a character count and a limit whose error names the field."""
    first = InputRequired(required) if required else Optional()
    return TextAreaField(
        label,
        widget=CharacterCount(),
        description=hint,
        filters=filters,
        validators=[first, MaxLength(most, name)],
    )


class CheckboxesField(SelectMultipleField):
    """Multiple choices as GOV.UK checkboxes; an unknown value is an error, not a 500."""

    widget = GovCheckboxesInput()

    def pre_validate(self, form: FlaskForm) -> None:
        unknown = [v for v in self.data or [] if str(v) not in allowed_values(self)]
        if unknown:
            raise ValidationError(f"Choose {self.label.text.lower()} from the list")


class ChoiceField(SelectField):
    """A select whose answer is read trimmed: a blank answer is no answer (a hand-made
    " " for an id came through ``Optional`` as an answer, then failed as a number)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        # Trimmed for the validators too: InputRequired reads the raw answer.
        self.raw_data = [v.strip() if isinstance(v, str) else v for v in valuelist]
        super().process_formdata(self.raw_data)


def check_choice(field: Field, what: str) -> None:
    """For a select with choices filled at request time: refuse values not offered."""
    if field.data and field.data not in allowed_values(field):
        raise ValidationError(f"Choose {what} from the list")


class VersionedForm(FlaskForm):
    """A form that changes something two people may edit at once: it carries the version
    it was opened on and when, so a save over someone else's change is caught
    (``complaints.saving.save``) and the editor is shown what changed meanwhile."""

    version = HiddenField()
    opened_at = HiddenField()

    def stamp(self, record: Any) -> None:
        """Mark the form as based on the record as it is now."""
        self.version.data = str(record.version)
        self.stamp_opened()

    def stamp_opened(self) -> None:
        self.opened_at.data = utcnow().isoformat(timespec="seconds")

    def is_stale(self, record: Any) -> bool:
        """Was the record saved by someone else after this form was opened?"""
        return self.seen_version() != record.version

    def seen_version(self) -> int | None:
        text = self.version.data or ""
        return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None

    def opened(self) -> dt.datetime | None:
        try:
            moment = dt.datetime.fromisoformat(self.opened_at.data or "")
        except ValueError:
            return None
        return moment if moment.tzinfo else None

    def add_error(self, message: str, field: str | None = None) -> None:
        """An error from the domain, shown in the summary and beside the field if named."""
        add_error(self, message, field)


def add_error(form: FlaskForm, message: str, field: str | None = None) -> None:
    """An error from the domain on any form: in the summary, and beside the field if it
    names one the form has (else for the whole form)."""
    target = form[field] if field and field in form else None
    if target is not None:
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)
