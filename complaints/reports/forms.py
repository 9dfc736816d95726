"""Forms of the reports pages: choosing a month, making a report, verifying a copy."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, Field, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from complaints.cases.deadlines import add_months
from complaints.forms import VersionedForm, check_choice, options
from complaints.reports import periods
from complaints.reports.periods import last_complete_month

MONTHS_OFFERED = 36
_DIGEST = re.compile(r"[0-9a-f]{64}")


def parse_month(text: str | None, now: dt.datetime) -> dt.date | None:
    """'2026-03' as the first day of that month, if it is a complete month on record."""
    chosen = periods.parse_month(text)
    return chosen if chosen is not None and chosen <= last_complete_month(now) else None


def month_choices(now: dt.datetime, count: int = MONTHS_OFFERED) -> list:
    last = last_complete_month(now)
    months = (add_months(last, -n) for n in range(count))
    return options([(f"{month:%Y-%m}", periods.month_label(month)) for month in months])


class _MonthField(SelectField):
    widget = GovSelect()

    def pre_validate(self, form: FlaskForm) -> None:
        check_choice(self, "a month")


class MonthForm(FlaskForm):
    """The month picker of a dashboard: a GET form, so the month is in the URL."""

    class Meta:
        csrf = False

    month = _MonthField("Month", validators=[InputRequired("Choose a month")])
    submit = SubmitField("Show figures", widget=GovSubmitInput())

    def __init__(self, now: dt.datetime, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.month.choices = month_choices(now)
        self.now = now

    def chosen(self) -> dt.date:
        return parse_month(self.month.data, self.now) or last_complete_month(self.now)


class MakeReportForm(FlaskForm):
    month = _MonthField(
        "Month to report on",
        description="The report covers the whole calendar month, with its comparisons.",
        validators=[InputRequired("Choose the month to report on")],
    )
    submit = SubmitField("Make the report", widget=GovSubmitInput())

    def __init__(self, now: dt.datetime, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.month.choices = month_choices(now)
        self.now = now
        if not self.is_submitted() and not self.month.data:
            self.month.data = f"{last_complete_month(now):%Y-%m}"

    def chosen(self) -> dt.date:
        chosen = parse_month(self.month.data, self.now)
        assert chosen is not None  # validated against the choices
        return chosen


class VerifyReportForm(FlaskForm):
    """A copy of a report, or its SHA-256, to check against the reports on record."""

    file = FileField(
        "Upload the PDF",
        widget=GovFileInput(),
        description="The report as you received it, up to 20 MB.",
    )
    sha256 = StringField(
        "Or enter its SHA-256",
        widget=GovTextInput(),
        description="64 letters and numbers, as printed on the reports page.",
    )
    submit = SubmitField("Check the report", widget=GovSubmitInput())

    def validate_sha256(self, field: Field) -> None:
        text = "".join((field.data or "").split()).lower()
        field.data = text
        has_file = bool(self.file.data and getattr(self.file.data, "filename", ""))
        if not text and not has_file:
            raise ValidationError("Upload the PDF or enter its SHA-256")
        if text and has_file:
            raise ValidationError("Upload the PDF or enter its SHA-256, not both")
        if text and not _DIGEST.fullmatch(text):
            raise ValidationError("Enter the SHA-256 as 64 letters a to f and numbers 0 to 9")

    def validate_file(self, field: Field) -> None:
        upload = field.data
        if not (upload and getattr(upload, "filename", "")):
            return
        head = upload.stream.read(5)
        upload.stream.seek(0)
        if head != b"%PDF-":
            raise ValidationError("The file must be a PDF")

    def digest(self) -> str:
        """The SHA-256 to look for: the one entered, or the uploaded file's."""
        if self.sha256.data:
            return self.sha256.data
        digest, stream = hashlib.sha256(), self.file.data.stream
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
        return digest.hexdigest()


class CommentaryForm(VersionedForm):
    """One side's commentary on one section of a draft report (empty to say nothing)."""

    text = TextAreaField(
        "Commentary",
        widget=GovTextArea(),
        description="Printed after the section's figures, under your organisation's name. "
        "Leave a blank line between paragraphs. Do not name complainants or officers.",
        validators=[Length(max=5000, message="Write the commentary in 5,000 characters or fewer")],
    )
    submit = SubmitField("Save commentary", widget=GovSubmitInput())


class ApproveReportForm(FlaskForm):
    """The OPCC's approval of a draft, which publishes it to the board."""

    confirm = BooleanField(
        "I approve this report, with its commentary, for the board",
        widget=GovCheckboxInput(),
        validators=[InputRequired("Confirm that you approve the report for the board")],
    )
    submit = SubmitField("Approve and publish", widget=GovSubmitInput())
