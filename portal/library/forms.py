"""Forms families use in the library."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import SubmitField

from portal.forms import GovSubmitButton, text_area
from portal.library.models import Suggestion


class SuggestionForm(FlaskForm):
    text = text_area(
        "What would you like to see, or tell us?",
        column=Suggestion.text,
        required="Tell us your suggestion or comment",
        max_length=1000,
        too_long="Keep it to 1000 characters or fewer",
        hint="For example, a leaflet about visiting the dentist, or a film in Polish.",
        widget=GovCharacterCount(),
    )
    submit = SubmitField("Send", widget=GovSubmitButton())
