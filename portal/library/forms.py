"""Forms families use in the library."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import GovSubmitButton


class SuggestionForm(FlaskForm):
    text = TextAreaField(
        "What would you like to see, or tell us?",
        validators=[
            DataRequired("Tell us your suggestion or comment"),
            Length(max=1000, message="Keep it to 1000 characters or fewer"),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description="For example, a leaflet about visiting the dentist, or a film in Polish.",
        widget=GovCharacterCount(),
    )
    submit = SubmitField("Send", widget=GovSubmitButton())
