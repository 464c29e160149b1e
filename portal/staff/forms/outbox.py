"""The outbox's filter."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import Form, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.forms import GovSubmitButton
from portal.outbox.models import OutboxStatus


class OutboxFilterForm(Form):
    """A GET form (no CSRF needed: it changes nothing) to show messages in one state."""

    status = SelectField(
        "Show",
        choices=[SelectChoice("", "All messages")]
        + [SelectChoice(s.value, s.value.capitalize()) for s in OutboxStatus],
        default="",
        widget=GovSelect(),
    )
    submit = SubmitField("Show messages", widget=GovSubmitButton())
