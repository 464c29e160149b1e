"""Account forms, with GOV.UK error messages."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from portal.accounts.models import User
from portal.accounts.passwords import MIN_LENGTH, password_problem
from portal.forms import FitsColumn, GovSubmitButton, text_field

EMAIL_REQUIRED = "Enter your email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def _email_field(label: str = "Email address") -> StringField:
    return StringField(
        label,
        validators=[
            InputRequired(EMAIL_REQUIRED),
            FitsColumn(User.email, message="Email address must be %(max)d characters or fewer"),
            Email(EMAIL_FORMAT),
        ],
        widget=GovTextInput(),
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[InputRequired("Enter a password")],
        description=(
            f"Use {MIN_LENGTH} characters or more. A few words you will remember works well."
        ),
        widget=GovPasswordInput(),
    )


class _NewPasswordRules:
    """Check the password rules on a form's `password` field, naming the problem."""

    def validate_password(self, field) -> None:
        email = getattr(self, "email", None)
        problem = password_problem(field.data or "", email=(email.data or "") if email else "")
        if problem:
            raise ValidationError(problem)


class RegisterForm(_NewPasswordRules, FlaskForm):
    full_name = text_field("Full name", column=User.full_name, required="Enter your full name")
    email = _email_field()
    password = _new_password_field("Create a password")
    submit = SubmitField("Create account", widget=GovSubmitButton())


class SignInForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password")], widget=GovPasswordInput()
    )
    remember = BooleanField(
        "Keep me signed in on this device for 14 days", widget=GovCheckboxInput()
    )
    submit = SubmitField("Sign in", widget=GovSubmitButton())


class ChangePasswordForm(_NewPasswordRules, FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password")],
        widget=GovPasswordInput(),
    )
    password = _new_password_field("New password")
    submit = SubmitField("Change password", widget=GovSubmitButton())


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password")], widget=GovPasswordInput()
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())


class RequestResetForm(FlaskForm):
    email = _email_field()
    submit = SubmitField("Send reset link", widget=GovSubmitButton())


class ResetPasswordForm(_NewPasswordRules, FlaskForm):
    password = _new_password_field("New password")
    submit = SubmitField("Save new password", widget=GovSubmitButton())


class CreatePasswordForm(_NewPasswordRules, FlaskForm):
    password = _new_password_field("Create a password")
    submit = SubmitField("Create password", widget=GovSubmitButton())


class ChangeNameForm(FlaskForm):
    full_name = text_field("Full name", column=User.full_name, required="Enter your full name")
    submit = SubmitField("Save name", widget=GovSubmitButton())


class ChangeEmailForm(FlaskForm):
    email = _email_field("New email address")
    password = PasswordField(
        "Your password",
        validators=[InputRequired("Enter your password")],
        description="So we know it is you.",
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Send a confirmation link", widget=GovSubmitButton())


def _code_field(label: str, *, hint: str = "", required: str) -> StringField:
    return StringField(
        label,
        validators=[
            InputRequired(required),
            Length(max=40, message="Enter the code as it is shown, without anything else"),
        ],
        description=hint,
        widget=GovTextInput(),
    )


class CodeForm(FlaskForm):
    """The code from an authenticator app, after the password."""

    code = _code_field(
        "Code from your authenticator app",
        hint="It is 6 digits, for example 123456. A new code shows every 30 seconds.",
        required="Enter the 6-digit code from your authenticator app",
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())


class RecoveryCodeForm(FlaskForm):
    """One of the recovery codes given when the app was set up, instead of the app's code."""

    code = _code_field(
        "Recovery code",
        hint="It is 10 letters and numbers, for example abcde-23456.",
        required="Enter one of your recovery codes",
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())


class SetUpAppForm(FlaskForm):
    """The first code from a newly set up authenticator app, to show it works."""

    code = _code_field(
        "Enter the 6-digit code your app shows",
        required="Enter the 6-digit code from your authenticator app",
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())


class ConfirmWithCodeForm(ConfirmPasswordForm):
    """The password and a code again, for staff and admins, before a sensitive action."""

    code = _code_field(
        "Code from your authenticator app",
        hint="The 6-digit code your app shows now. If you do not have your phone, enter one of "
        "your recovery codes.",
        required="Enter the code from your authenticator app",
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())
