"""Downloading a session's attendees."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import ValidationError

from portal.audit.models import AuditEntry
from portal.forms import FitsColumn, GovSubmitButton, strip_whitespace


class AttendeeExportForm(FlaskForm):
    include_needs = BooleanField(
        "Include what would help (access needs)", widget=GovCheckboxInput()
    )
    # Not text_field: its Optional() would stop validation of an empty reason before
    # validate_reason could ask for one. The reason is recorded in the audit entry's summary.
    reason = StringField(
        "Why do you need access needs in the file?",
        validators=[
            FitsColumn(
                AuditEntry.summary,
                max_length=200,
                message="Keep the reason to %(max)d characters or fewer",
            )
        ],
        filters=[strip_whitespace],
        description="Needed only if you include them. This is recorded in the audit log.",
        widget=GovTextInput(),
    )
    submit = SubmitField("Download CSV", widget=GovSubmitButton())

    def validate_reason(self, field) -> None:
        if self.include_needs.data and not (field.data or "").strip():
            raise ValidationError("Say why you need access needs in the file")
