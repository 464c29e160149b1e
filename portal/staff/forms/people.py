"""Changing a person's role or disabling their account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.accounts.models import Role
from portal.forms import GovSubmitButton


class RoleForm(FlaskForm):
    role = RadioField(
        "Role",
        choices=[SelectChoice(role.value, role.value.capitalize()) for role in Role],
        widget=GovRadioInput(),
    )
    disabled = BooleanField("Account disabled (they cannot sign in)", widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitButton())
