"""Downloading a session's attendees."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length, ValidationError

from portal.forms import GovSubmitButton, strip_whitespace


class AttendeeExportForm(FlaskForm):
    include_needs = BooleanField(
        "Include what would help (access needs)", widget=GovCheckboxInput()
    )
    # Not text_field: its Optional() would stop validation of an empty reason before
    # validate_reason could ask for one.
    reason = StringField(
        "Why do you need access needs in the file?",
        validators=[Length(max=200, message="Keep the reason to 200 characters or fewer")],
        filters=[strip_whitespace],
        description="Needed only if you include them. This is recorded in the audit log.",
        widget=GovTextInput(),
    )
    submit = SubmitField("Download CSV", widget=GovSubmitButton())

    def validate_reason(self, field) -> None:
        if self.include_needs.data and not (field.data or "").strip():
            raise ValidationError("Say why you need access needs in the file")
