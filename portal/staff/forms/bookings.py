"""Booking for someone who telephoned."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from portal.accounts.models import User
from portal.accounts.phones import normalise_phone
from portal.accounts.services import AccountError
from portal.events.forms import NeedsForm, PartySize
from portal.events.services import max_places_per_session, too_many_places
from portal.forms import GovSubmitButton, text_field

NO_EMAIL_NOR_PHONE = "Enter their email address, or a phone number if they have no email"


class PhoneBookingForm(FlaskForm):
    full_name = text_field(
        "Full name", column=User.full_name, required="Enter the person's full name"
    )
    email = text_field(
        "Email address (if they have one)",
        column=User.email,
        hint="Their booking is emailed here. If they have no account, one is made for them, "
        "and the email has a link to create a password.",
    )
    phone = text_field(
        "Phone number",
        column=User.phone,
        too_long="Phone number must be 20 characters or fewer",
        hint="Needed if they have no email address: we tell them about their booking by phone.",
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
    # The family's own questions, so the choices (and any rewording of them) are the same.
    adjustments = NeedsForm.adjustments
    note = NeedsForm.note
    consent = BooleanField(
        "They agreed we keep this until after the session",
        description="Read them this: the staff who lead the session and the portal's "
        "administrators will see it and use it to help on the day. We delete it after the "
        "session.",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Book", widget=GovSubmitButton())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # An empty optional field stops its own validators, so the pair is checked here.
        if not self.email.data and not self.phone.data and not self.phone.errors:
            self.phone.errors = [*self.phone.errors, NO_EMAIL_NOR_PHONE]
            return False
        return valid

    def validate_phone(self, field) -> None:
        try:
            normalise_phone(field.data)
        except AccountError as error:
            raise ValidationError(str(error)) from error

    def validate_children(self, field) -> None:
        places = (self.adults.data or 0) + (field.data or 0) + (1 if self.carer.data else 0)
        if places > max_places_per_session():
            raise ValidationError(too_many_places(by_staff=True))

    def validate_consent(self, field) -> None:
        if (self.adjustments.data or (self.note.data or "").strip()) and not field.data:
            raise ValidationError(
                "Tick the box if they agreed we keep what would help, or clear those answers"
            )
