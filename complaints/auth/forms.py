"""Log-in and account forms, rendered with GOV.UK widgets."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from complaints.auth.passwords import MIN_PASSWORD_LENGTH
from complaints.auth.roles import ROLE_LABELS, Role
from complaints.forms import CheckboxesField, ChoiceField, VersionedForm, check_choice, options


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.org"),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password"), Length(max=200)],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


def _role_choices() -> list[SelectChoice]:
    return options([("", "Choose a role")]) + options(
        (role.value, label) for role, label in ROLE_LABELS.items()
    )


class UserForm(FlaskForm):
    full_name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the person's full name"), Length(max=120)],
    )
    role = ChoiceField(
        "Role",
        widget=GovSelect(),
        choices=_role_choices,
        validators=[InputRequired("Choose a role")],
    )
    division_id = ChoiceField(
        "Division or department", widget=GovSelect(), validate_choice=False, validators=[Optional()]
    )
    active = BooleanField("Account is active", widget=GovCheckboxInput(), default=True)
    external = BooleanField(
        "From outside the force (investigators)",
        widget=GovCheckboxInput(),
        description="Only an investigator from outside the force may investigate a "
        "complaint about the chief constable.",
    )
    # Only while the installation serves more than one force (see without_forces).
    force_ids = CheckboxesField(
        "Forces this person works for",
        description="PSD staff may work for several forces. An OPCC reviewer, OPCC oversight "
        "and a board member work for exactly one.",
    )
    decides_for = CheckboxesField(
        "Forces that delegate their decisions to this person",
        description="Only for an appropriate authority: they take the appropriate "
        "authority's decisions for these forces. Ignored for other roles.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_division_id(self, field: Field) -> None:
        check_choice(field, "a division or department")

    def without_forces(self) -> None:
        """An installation serving one force shows no force anywhere."""
        del self.force_ids
        del self.decides_for

    def has_forces(self) -> bool:
        return "force_ids" in self

    def chosen_forces(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.force_ids.data or [] if v.isascii() and v.isdigit())

    def chosen_deciding(self) -> tuple[int, ...]:
        """The delegating forces; only an appropriate authority decides for any."""
        if self.role.data != Role.APPROPRIATE_AUTHORITY.value:
            return ()
        return tuple(int(v) for v in self.decides_for.data or [] if v.isascii() and v.isdigit())


class NewUserForm(UserForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's email address"),
            Email("Enter an email address in the correct format, like name@example.org"),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Initial password",
        widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters and hard to guess. Give it "
        "to the person in a separate message: they must choose their own when they first "
        "sign in.",
        validators=[
            InputRequired("Enter an initial password"),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Password must be {MIN_PASSWORD_LENGTH} characters or more",
            ),
        ],
    )


class EditUserForm(VersionedForm, UserForm):
    new_password = PasswordField(
        "New password (optional)",
        widget=GovPasswordInput(),
        description="Leave blank to keep the current password. Setting one signs the person "
        "out everywhere, and they must choose their own at their next sign-in.",
        validators=[
            Optional(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Password must be {MIN_PASSWORD_LENGTH} characters or more",
            ),
        ],
    )


class CodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description="The 6-digit code the app shows for this service now.",
        validators=[InputRequired("Enter the code from your authenticator app"), Length(max=20)],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        "Recovery code",
        widget=GovTextInput(),
        description="One of the ten codes you saved when you set up two-factor sign-in, "
        "like abcde-fghjk. Each works once.",
        validators=[InputRequired("Enter a recovery code"), Length(max=40)],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


def _new_password(label: str) -> PasswordField:
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters. Three or four unrelated words "
        "make a password that is easy to remember and hard to guess.",
        validators=[InputRequired("Enter a new password"), Length(max=200)],
    )


def _confirmation() -> PasswordField:
    return PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter the new password again"),
            EqualTo("password", "The passwords do not match"),
        ],
    )


class NewPasswordForm(FlaskForm):
    """At first sign-in, after an administrator set the password."""

    password = _new_password("New password")
    confirm = _confirmation()
    submit = SubmitField("Save password and continue", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password"), Length(max=200)],
    )
    password = _new_password("New password")
    confirm = _confirmation()
    submit = SubmitField("Change password", widget=GovSubmitInput())
