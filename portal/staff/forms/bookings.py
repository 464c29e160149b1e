"""Booking for someone who telephoned."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from portal.accounts.models import User
from portal.events.forms import PartySize
from portal.events.services import max_places_per_session, too_many_places
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
            PartySize(1),
        ],
        widget=GovTextInput(),
    )
    children = IntegerField(
        "Children",
        validators=[
            InputRequired("Enter how many children, or 0"),
            PartySize(0),
        ],
        widget=GovTextInput(),
    )
    carer = BooleanField("A carer is coming too", widget=GovCheckboxInput())
    submit = SubmitField("Book", widget=GovSubmitButton())

    def validate_children(self, field) -> None:
        places = (self.adults.data or 0) + (field.data or 0) + (1 if self.carer.data else 0)
        if places > max_places_per_session():
            raise ValidationError(too_many_places(by_staff=True))
