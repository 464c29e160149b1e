"""Forms for a person's data rights (accounts/data_routes.py)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput
from wtforms import PasswordField, SubmitField
from wtforms.validators import InputRequired

from portal.forms import GovSubmitButton


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password",
        validators=[InputRequired("Enter your password")],
        description="We ask for it again to check it is you.",
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Delete my account", widget=GovSubmitButton())
