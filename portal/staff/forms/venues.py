"""A venue and what it is like."""

from __future__ import annotations

from dataclasses import fields

from flask_wtf import FlaskForm
from wtforms import SubmitField

from portal.events.venues import VenueDetails
from portal.forms import GovSubmitButton, text_area, text_field


class VenueForm(FlaskForm):
    name = text_field("Name", required="Enter the venue's name")
    address = text_area("Address", required="Enter the address", max_length=500)
    postcode = text_field("Postcode", required="Enter the postcode", max_length=10)
    lighting = text_area("Lighting", hint="For example: soft lights, never fully dark.")
    noise = text_area("Noise", hint="For example: quiet, you may hear the lift.")
    quiet_space = text_area("Quiet space")
    step_free_access = text_area("Step-free access")
    toilets = text_area("Toilets")
    parking = text_area("Parking")
    public_transport = text_area("Buses and trains")
    submit = SubmitField("Save venue", widget=GovSubmitButton())

    def details(self) -> VenueDetails:
        """The venue as typed, for the venue services."""
        return VenueDetails(**{f.name: self[f.name].data for f in fields(VenueDetails)})
