"""Form pieces shared by every domain."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField


class GovSubmitButton(GovSubmitInput):
    """A GOV.UK button that ignores a second click, so a double-click posts once."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("preventDoubleClick", True)
        return params


class EmptyForm(FlaskForm):
    """A form with only a button, so button-only POSTs (sign out, send again) carry CSRF."""

    submit = SubmitField("Continue", widget=GovSubmitButton())
