"""The administrator's form for a new version of a letter template, and the field a
handler writes one of a letter's paragraphs in (``fields.EDITABLE``)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from complaints.forms import long_text
from complaints.letters.engine import MAX_TEMPLATE
from complaints.letters.fields import EDITABLE, MAX_PARAGRAPH
from complaints.letters.services import MAX_NOTE


class TemplateForm(FlaskForm):
    body = TextAreaField(
        "Wording",
        widget=GovTextArea(),
        description="A line starting '# ' is the heading, '## ' a subheading; a blank line "
        "starts a new paragraph; **words** are bold. Put in a merge field with {{ name }}.",
        validators=[
            InputRequired("Enter the letter's wording"),
            Length(
                max=MAX_TEMPLATE, message=f"Wording must be {MAX_TEMPLATE:,} characters or fewer"
            ),
        ],
    )
    note = StringField(
        "What you changed and why",
        widget=GovTextInput(),
        description="Kept with the version, for whoever reads the history.",
        validators=[
            InputRequired("Say what you changed and why"),
            Length(max=MAX_NOTE, message=f"What changed must be {MAX_NOTE} characters or fewer"),
        ],
    )
    based_on = HiddenField()
    submit = SubmitField("Save as a new version", widget=GovSubmitInput())

    def based_on_version(self) -> int:
        value = self.based_on.data or ""
        return int(value) if value.isascii() and value.isdigit() else 0


_WRITTEN = {p.name: p for ps in EDITABLE.values() for p in ps}


def letter_paragraph(name: str, label: str | None = None) -> TextAreaField:
    """The field for the handler's paragraph ``name``, labelled and limited as it is."""
    paragraph = _WRITTEN[name]
    return long_text(label or paragraph.label, MAX_PARAGRAPH, hint=paragraph.hint)
