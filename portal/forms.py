"""Form pieces shared by every domain."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField


class EmptyForm(FlaskForm):
    """A form with only a button, so button-only POSTs (sign out, send again) carry CSRF."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
