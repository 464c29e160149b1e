"""A venue and what it is like."""

from __future__ import annotations

from dataclasses import fields

from flask_wtf import FlaskForm
from wtforms import SubmitField

from portal.events.models import Venue
from portal.events.venues import VenueDetails
from portal.forms import GovSubmitButton, text_area, text_field


class VenueForm(FlaskForm):
    name = text_field("Name", column=Venue.name, required="Enter the venue's name")
    address = text_area(
        "Address", column=Venue.address, required="Enter the address", max_length=500
    )
    postcode = text_field("Postcode", column=Venue.postcode, required="Enter the postcode")
    lighting = text_area(
        "Lighting", column=Venue.lighting, hint="For example: soft lights, never fully dark."
    )
    noise = text_area(
        "Noise", column=Venue.noise, hint="For example: quiet, you may hear the lift."
    )
    quiet_space = text_area("Quiet space", column=Venue.quiet_space)
    step_free_access = text_area("Step-free access", column=Venue.step_free_access)
    toilets = text_area("Toilets", column=Venue.toilets)
    parking = text_area("Parking", column=Venue.parking)
    public_transport = text_area("Buses and trains", column=Venue.public_transport)
    submit = SubmitField("Save venue", widget=GovSubmitButton())

    def details(self) -> VenueDetails:
        """The venue as typed, for the venue services."""
        return VenueDetails(**{f.name: self[f.name].data for f in fields(VenueDetails)})
