"""Booking for someone who telephoned, or who came to the door without booking."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from portal.accounts.models import User
from portal.accounts.phones import normalise_phone
from portal.accounts.services import AccountError
from portal.events.forms import NeedsForm, PartySize
from portal.events.services import Party, max_places_per_session, too_many_places
from portal.forms import GovSubmitButton, text_field

NO_EMAIL_NOR_PHONE = "Enter their email address, or a phone number if they have no email"


def _party_fields():
    """Who is coming, as staff count a party (adults, children, a carer): new fields each call,
    so each form lists them after its own questions."""
    adults = IntegerField(
        "Adults",
        validators=[InputRequired("Enter how many adults"), PartySize(1)],
        widget=GovTextInput(),
    )
    children = IntegerField(
        "Children",
        validators=[InputRequired("Enter how many children, or 0"), PartySize(0)],
        widget=GovTextInput(),
    )
    return adults, children, BooleanField("A carer is coming too", widget=GovCheckboxInput())


class PartyForm(FlaskForm):
    """The checks on who someone is and who is coming with them: what staff ask a caller, or
    a party at the door."""

    def who(self) -> dict:
        """The booking service's arguments for who they are and who is coming."""
        return {
            "full_name": self.full_name.data,
            "email": self.email.data,
            "phone": self.phone.data,
            "party": Party(
                adults=self.adults.data, children=self.children.data, carer=bool(self.carer.data)
            ),
        }

    def validate_phone(self, field) -> None:
        try:
            normalise_phone(field.data)
        except AccountError as error:
            raise ValidationError(str(error)) from error

    def validate_children(self, field) -> None:
        places = (self.adults.data or 0) + (field.data or 0) + (1 if self.carer.data else 0)
        if places > max_places_per_session():
            raise ValidationError(too_many_places(by_staff=True))


class WalkInForm(PartyForm):
    """A party who came to the door without booking: booked and marked arrived at once."""

    full_name = text_field(
        "Name of the lead person", column=User.full_name, required="Enter the lead person's name"
    )
    email = text_field(
        "Email address (optional)",
        column=User.email,
        hint="We email their booking here, and ask how the session went.",
    )
    phone = text_field(
        "Phone number (optional)",
        column=User.phone,
        too_long="Phone number must be 20 characters or fewer",
    )
    adults, children, carer = _party_fields()
    submit = SubmitField("Add and mark arrived", widget=GovSubmitButton())


class PhoneBookingForm(PartyForm):
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
    adults, children, carer = _party_fields()
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

    def validate_consent(self, field) -> None:
        if (self.adjustments.data or (self.note.data or "").strip()) and not field.data:
            raise ValidationError(
                "Tick the box if they agreed we keep what would help, or clear those answers"
            )
