"""Changing a person's role or disabling their account; downloading or erasing their data."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.accounts.models import Role
from portal.audit.models import AuditEntry
from portal.forms import GovSubmitButton, text_area


class RoleForm(FlaskForm):
    role = RadioField(
        "Role",
        choices=[SelectChoice(role.value, role.value.capitalize()) for role in Role],
        widget=GovRadioInput(),
    )
    disabled = BooleanField("Account disabled (they cannot sign in)", widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitButton())


REASON_HINT = (
    "For example: they asked by letter on 3 March. This is kept in the audit log, so do not "
    "write their name or contact details."
)


def _reason_field(label: str, required: str):
    # Recorded as the summary of the audit entry.
    return text_area(
        label, column=AuditEntry.summary, required=required, max_length=200, hint=REASON_HINT
    )


class SubjectAccessForm(FlaskForm):
    """An admin downloads a person's data for them, saying why."""

    reason = _reason_field(
        "Why are you downloading their data?", "Enter why you are downloading their data"
    )
    format = RadioField(
        "How do you want their data?",
        choices=[
            SelectChoice("page", "A page to print, or save as a PDF"),
            SelectChoice("file", "A file (JSON) to send to them"),
        ],
        validators=[InputRequired("Select how you want their data")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Download their data", widget=GovSubmitButton())


class EraseAccountForm(FlaskForm):
    """An admin erases a person's account for them, saying why, once they have checked."""

    reason = _reason_field(
        "Why are you erasing their account?", "Enter why you are erasing their account"
    )
    checked = BooleanField(
        "I have checked this is the person who asked, and told them it cannot be undone",
        validators=[InputRequired("Confirm you have checked this is the person who asked")],
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Erase their account", widget=GovSubmitButton())


class ResetSecondFactorForm(FlaskForm):
    """An admin resets a person's two-step sign-in, once they have checked who is asking."""

    checked = BooleanField(
        "I have checked this is the person who asked, for example by calling them back on a "
        "number we already have",
        validators=[InputRequired("Confirm you have checked this is the person who asked")],
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Reset their two-step sign-in", widget=GovSubmitButton())
