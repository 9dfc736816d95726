"""Forms for keeping the complainant informed and for the case file: contacts, letters and
uploaded documents. Each hands its service a plain value, never itself."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import Field, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from complaints.cases.choices import ContactMethod, ContactPurpose
from complaints.cases.forms.base import CaseEditForm
from complaints.cases.letters import LetterKind
from complaints.cases.services import ContactData
from complaints.documents.models import AttachmentKind
from complaints.documents.services import MAX_DESCRIPTION, MAX_UPLOAD_BYTES, UPLOAD_KINDS, Upload
from complaints.forms import (
    ChoiceField,
    check_choice,
    date_field,
    options,
)
from complaints.letters.fields import EDITABLE
from complaints.letters.forms import letter_paragraph

MAX_NOTE = 5000


class _RoutedErrors(CaseEditForm):
    """Puts a refusal from the service beside the field it is about, as GOV.UK asks."""

    # (start of the service's message, field it belongs to); the default field takes the rest.
    error_fields: tuple[tuple[str, str], ...] = ()
    default_error_field: str | None = None

    def add_error(self, message: str, field: str | None = None) -> None:
        if field is None:
            field = next(
                (name for start, name in self.error_fields if message.startswith(start)),
                self.default_error_field,
            )
        super().add_error(message, field)


class ContactForm(_RoutedErrors):
    occurred_on = date_field("Date of the contact", "Enter the date of the contact")
    method = RadioField(
        "How was the contact made?",
        widget=GovRadioInput(),
        choices=options(ContactMethod.choices()),
        validate_choice=False,
        validators=[InputRequired("Choose how the contact was made")],
    )
    purpose = RadioField(
        "What was the contact for?",
        widget=GovRadioInput(),
        choices=options(ContactPurpose.choices()),
        validate_choice=False,
        validators=[InputRequired("Choose what the contact was for")],
    )
    summary = TextAreaField(
        "Summary (optional)",
        widget=GovTextArea(),
        description="What was said or sent. Do not copy in documents: upload them instead.",
        validators=[Optional(), Length(max=MAX_NOTE, message="Write 5,000 characters or fewer")],
    )
    complainant_wishes = TextAreaField(
        "What does the complainant want to happen?",
        widget=GovTextArea(),
        description="Needed for the first contact: for example, an explanation, an apology, "
        "or for the complaint to be recorded.",
        validators=[Length(max=MAX_NOTE, message="Write 5,000 characters or fewer")],
    )
    submit = SubmitField("Save contact", widget=GovSubmitInput())

    error_fields = (("The contact date", "occurred_on"),)

    def validate_occurred_on(self, field: Field) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError("Enter the date of the contact")

    def validate_method(self, field: Field) -> None:
        check_choice(field, "how the contact was made")

    def validate_purpose(self, field: Field) -> None:
        check_choice(field, "what the contact was for")

    def validate_complainant_wishes(self, field: Field) -> None:
        """A2: the first contact records what the complainant wants."""
        if (
            self.purpose.data == ContactPurpose.FIRST_CONTACT.value
            and not (field.data or "").strip()
        ):
            raise ValidationError("Enter what the complainant wants to happen")

    def contact(self) -> ContactData:
        return ContactData(
            occurred_on=self.occurred_on.data,
            method=ContactMethod(self.method.data),
            purpose=ContactPurpose(self.purpose.data),
            summary=(self.summary.data or "").strip() or None,
            complainant_wishes=(self.complainant_wishes.data or "").strip() or None,
        )


class ContactNotPossibleForm(_RoutedErrors):
    reason = TextAreaField(
        "What was tried to reach the complainant?",
        widget=GovTextArea(),
        description="For example, called twice and wrote to the address given; no reply.",
        validators=[
            InputRequired("Say what was tried to reach the complainant"),
            Length(max=300, message="Say what was tried in 300 characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    default_error_field = "reason"


class LetterForm(_RoutedErrors):
    """Which letter, to whom, and the paragraphs the handler writes: previewed as it will
    be sent, then issued. The rest of the letter is its template's."""

    kind = RadioField(
        "Which letter?",
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired("Choose which letter to create")],
    )
    complainant = ChoiceField(
        "Who is it to?", widget=GovSelect(), validate_choice=False, validators=[Optional()]
    )
    body_text = letter_paragraph(
        "progress", "Progress to tell the complainant about (update letters)"
    )
    next_steps = letter_paragraph("next_steps")
    explanation = letter_paragraph("explanation")
    apology = letter_paragraph("apology")
    preview = SubmitField("Preview the letter", widget=GovSubmitInput())
    submit = SubmitField("Issue the letter", widget=GovSubmitInput())

    error_fields = (
        ("Enter the progress", "body_text"),
        ("Progress", "body_text"),
        ("What happens next", "next_steps"),
        ("Explanation", "explanation"),
        ("Apology", "apology"),
    )
    default_error_field = "kind"

    # Each written paragraph's field on this form (the progress field keeps its old name).
    FIELD_OF = {
        "progress": "body_text",
        "next_steps": "next_steps",
        "explanation": "explanation",
        "apology": "apology",
    }

    def fill(self, kinds: list[LetterKind], complainants: list[tuple[int, str]]) -> None:
        """Offer only the letters that fit the case now, and its complainants."""
        self.kind.choices = options((k.value, k.label) for k in kinds)
        self.complainant.choices = options(complainants)

    def validate_kind(self, field: Field) -> None:
        check_choice(field, "a letter")

    def validate_complainant(self, field: Field) -> None:
        check_choice(field, "a complainant")

    def validate_body_text(self, field: Field) -> None:
        if self.kind.data == LetterKind.UPDATE.value and not (field.data or "").strip():
            raise ValidationError("Enter the progress to tell the complainant about")

    def letter_kind(self) -> LetterKind:
        return LetterKind(self.kind.data)

    def complainant_id(self) -> int | None:
        value = self.complainant.data or ""
        return int(value) if value.isascii() and value.isdigit() else None

    def previewing(self) -> bool:
        return bool(self.preview.data)

    def written(self) -> dict[str, str]:
        """The paragraphs the handler wrote for the chosen kind, by their template names."""
        kind = self.letter_kind()
        return {
            p.name: self[self.FIELD_OF[p.name]].data or "" for p in EDITABLE[kind.template_kind]
        }

    def paragraph_fields(self, kind: LetterKind) -> list[Field]:
        """The fields of this kind's written paragraphs, in the template's order."""
        return [self[self.FIELD_OF[p.name]] for p in EDITABLE[kind.template_kind]]

    def fill_defaults(self, defaults: dict[str, str]) -> None:
        """Put the template's default words in any paragraph the handler left empty."""
        for name, text in defaults.items():
            field = self[self.FIELD_OF[name]]
            if not (field.data or "").strip():
                field.data = text


class PostInsteadForm(_RoutedErrors):
    """Send by post a letter whose email could not be sent: one button for each letter."""

    letter = HiddenField()
    submit = SubmitField("Send this letter by post", widget=GovSubmitInput())

    def contact_id(self) -> int | None:
        value = self.letter.data or ""
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class MarkPostedForm(FlaskForm):
    """A letter on the list to post was printed and posted: a button, nothing to fill in."""

    submit = SubmitField("Mark as posted", widget=GovSubmitInput())


class UploadForm(_RoutedErrors):
    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A PDF, Word or Excel file, email, text or CSV file, image or recording, "
        f"up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        validators=[FileRequired("Select a file")],
    )
    kind = RadioField(
        "What is it?",
        widget=GovRadioInput(),
        choices=options((k.value, k.label) for k in AttachmentKind if k in UPLOAD_KINDS),
        validate_choice=False,
        validators=[InputRequired("Choose whether the file is evidence or correspondence")],
    )
    description = TextAreaField(
        "Description (optional)",
        widget=GovTextArea(),
        description="What the file is, so others can find it without opening it.",
        validators=[
            Optional(),
            Length(
                max=MAX_DESCRIPTION,
                message=f"Enter a description of {MAX_DESCRIPTION} characters or fewer",
            ),
        ],
    )
    submit = SubmitField("Upload", widget=GovSubmitInput())

    error_fields = (("Enter a description", "description"), ("Choose whether", "kind"))
    default_error_field = "file"

    def validate_kind(self, field: Field) -> None:
        check_choice(field, "evidence or correspondence")

    def upload(self) -> Upload:
        """The file as sent, read to one byte past the limit so an oversize one is refused."""
        storage = self.file.data
        return Upload(
            filename=storage.filename or "",
            data=storage.stream.read(MAX_UPLOAD_BYTES + 1),
            kind=AttachmentKind(self.kind.data),
            description=self.description.data,
        )


class SendLetterHtmlForm(FlaskForm):
    """Email a letter's HTML version to the person it was written to: a button."""

    submit = SubmitField("Email the HTML version", widget=GovSubmitInput())
