"""The bring-forward form and the digest setting."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from complaints.cases.forms.fields import DateField
from complaints.forms import options
from complaints.tray.models import NOTE_LENGTH


class BringForwardForm(FlaskForm):
    due_on = DateField(
        "Bring forward on",
        "The date",
        description="For example, 12/1/2027",
        validators=[InputRequired("Enter the date to bring the case forward")],
    )
    note = StringField(
        "What to do then",
        widget=GovTextInput(),
        description="A short reminder for yourself, for example: chase CCTV. Only you see it.",
        validators=[
            InputRequired("Say what to do on the day"),
            Length(max=NOTE_LENGTH, message=f"Say it in {NOTE_LENGTH} characters or fewer"),
        ],
    )
    submit = SubmitField("Add bring-forward date", widget=GovSubmitInput())


class DigestForm(FlaskForm):
    wanted = RadioField(
        "Daily digest email",
        widget=GovRadioInput(),
        choices=options(
            [
                ("yes", "Yes, email me each morning when something is due or overdue"),
                ("no", "No, I will look at my work tray"),
            ]
        ),
        validators=[InputRequired("Choose whether to get the daily digest")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
