"""Booking for someone who telephoned."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from portal.accounts.models import User
from portal.forms import GovSubmitButton, text_field


class PhoneBookingForm(FlaskForm):
    full_name = text_field(
        "Full name", column=User.full_name, required="Enter the person's full name"
    )
    email = text_field(
        "Email address",
        column=User.email,
        required="Enter their email address",
        hint="Their booking is emailed here. If they have no account, one is made for them.",
    )
    adults = IntegerField(
        "Adults",
        validators=[
            InputRequired("Enter how many adults"),
            NumberRange(min=1, max=8, message="Enter 1 to 8"),
        ],
        widget=GovTextInput(),
    )
    children = IntegerField(
        "Children",
        validators=[
            InputRequired("Enter how many children, or 0"),
            NumberRange(min=0, max=8, message="Enter 0 to 8"),
        ],
        widget=GovTextInput(),
    )
    carer = BooleanField("A carer is coming too", widget=GovCheckboxInput())
    submit = SubmitField("Book", widget=GovSubmitButton())
