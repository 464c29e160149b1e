"""Forms for groups: the filters, a group's page, meet-ups, updates, concerns, leads."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from wtforms import Form, IntegerField, RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, NumberRange, Optional, ValidationError

from portal.dates import LONDON, parse_time
from portal.forms import GovDateField, GovSubmitButton, text_area, text_field
from portal.groups.models import (
    AREAS,
    AUDIENCE_LABELS,
    DAYS,
    JOINING_LABELS,
    ConcernReport,
    Group,
    GroupUpdate,
    Meetup,
)


class GroupFilterForm(Form):
    """The GET form above the list of groups (no CSRF: it changes nothing)."""

    audience = SelectField(
        "Who it is for",
        choices=[SelectChoice("", "Everyone")]
        + [SelectChoice(v, label) for v, label in AUDIENCE_LABELS.items()],
        widget=GovSelect(),
        default="",
    )
    area = SelectField(
        "Area",
        choices=[SelectChoice("", "Anywhere")]
        + [SelectChoice(v, label) for v, label in AREAS.items()],
        widget=GovSelect(),
        default="",
    )
    day = SelectField(
        "Day it meets",
        choices=[SelectChoice("", "Any day")]
        + [SelectChoice(str(n), day) for n, day in enumerate(DAYS)],
        widget=GovSelect(),
        default="",
    )
    submit = SubmitField("Show groups", widget=GovSubmitButton())


class GroupForm(FlaskForm):
    name = text_field("Name of the group", column=Group.name, required="Enter the group's name")
    summary = text_field(
        "Summary",
        column=Group.summary,
        required="Enter a one-sentence summary",
        hint="One sentence, shown in the list of groups.",
    )
    description = text_area(
        "What the group is like",
        column=Group.description,
        required="Say what the group is like",
        hint="What happens, who comes, what to expect the first time.",
    )
    audience = RadioField(
        "Who it is for",
        choices=[SelectChoice(v, label) for v, label in AUDIENCE_LABELS.items()],
        validators=[InputRequired("Choose who the group is for")],
        widget=GovRadioInput(),
    )
    area = SelectField(
        "Area",
        choices=[SelectChoice(v, label) for v, label in AREAS.items()],
        widget=GovSelect(),
        validators=[InputRequired()],
    )
    usual_place = text_field(
        "Where it usually meets (optional)",
        column=Group.usual_place,
        hint="For example: the community room at Bromley Library, BR1 1EX",
    )
    usual_time = text_field(
        "When it usually meets (optional)",
        column=Group.usual_time,
        hint="For example: first Tuesday of the month, 10am to 12pm",
    )
    joining = RadioField(
        "How to join",
        choices=[SelectChoice(v, label) for v, label in JOINING_LABELS.items()],
        validators=[InputRequired("Choose how people join")],
        widget=GovRadioInput(),
    )
    joining_note = text_area("Anything else about joining (optional)", column=Group.joining_note)
    contact_email = text_field(
        "Email address for questions (optional)",
        column=Group.contact_email,
        hint="Shown on the group's page. Use a group address, not a personal one, if you can.",
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def validate_contact_email(self, field) -> None:
        if field.data:
            Email("Enter an email address like name@example.org")(self, field)


class MeetupForm(FlaskForm):
    title = text_field(
        "Name of the meet-up",
        column=Meetup.title,
        required="Enter a name for the meet-up",
        hint="For example: Coffee morning",
    )
    date = GovDateField(
        "Date of the first meet-up",
        validators=[InputRequired("Enter the date of the first meet-up")],
        description="For example, 27 3 2027",
    )
    start_time = text_field(
        "Start time", required="Enter the start time", max_length=10, hint="For example, 10am"
    )
    minutes = IntegerField(
        "How long it lasts, in minutes",
        validators=[
            InputRequired("Enter how long it lasts, in minutes"),
            NumberRange(min=15, max=600, message="Enter a number of minutes from 15 to 600"),
        ],
        default=120,
        widget=GovTextInput(),
    )
    repeat = RadioField(
        "How often",
        choices=[
            SelectChoice("once", "Just once"),
            SelectChoice("weekly", "Every week, on the same day"),
            SelectChoice(
                "monthly",
                "Every month, on the same day of the month (for example the first Tuesday)",
            ),
        ],
        validators=[InputRequired("Choose how often it happens")],
        widget=GovRadioInput(),
        default="once",
    )
    place = text_field(
        "Where",
        column=Meetup.place,
        required="Say where it happens",
        hint="The place and its postcode, for example: Bromley Library, BR1 1EX",
    )
    details = text_area("Anything people should know (optional)", column=Meetup.details)
    booking = RadioField(
        "Drop in, or book a place?",
        choices=[
            SelectChoice("drop-in", "Drop in: anyone can just come"),
            SelectChoice("places", "Limited places: people book, like a session"),
        ],
        validators=[InputRequired("Choose drop in or limited places")],
        widget=GovRadioInput(),
        default="drop-in",
    )
    places = IntegerField(
        "How many places (if limited)",
        validators=[
            Optional(),
            NumberRange(min=1, max=200, message="Enter a number of places from 1 to 200"),
        ],
        widget=GovTextInput(),
    )
    venue = SelectField(
        "Venue (if limited)",
        coerce=int,
        widget=GovSelect(),
        description="Booked meet-ups are held at a venue whose page says what it is like.",
    )
    submit = SubmitField("Add meet-up", widget=GovSubmitButton())

    def set_venues(self, venues) -> None:
        self.venue.choices = [SelectChoice(0, "Choose a venue")] + [
            SelectChoice(v.id, v.name) for v in venues
        ]

    def validate_start_time(self, field) -> None:
        if parse_time(field.data) is None:
            raise ValidationError("Enter a real start time, like 10am or 18:30")

    def validate_places(self, field) -> None:
        if self.booking.data == "places" and field.data is None:
            raise ValidationError("Enter how many places there are")

    def validate_venue(self, field) -> None:
        if self.booking.data == "places" and not field.data:
            raise ValidationError("Choose the venue, so families can see what it is like")

    def starts_at(self) -> datetime:
        local = datetime.combine(self.date.data, parse_time(self.start_time.data), tzinfo=LONDON)
        return local.astimezone(UTC)


class UpdateForm(FlaskForm):
    title = text_field("Title", column=GroupUpdate.title, required="Enter a title")
    body = text_area(
        "Your update",
        column=GroupUpdate.body,
        required="Write your update",
        hint="Followers get this by email. Do not include anyone's personal details.",
    )
    submit = SubmitField("Post update", widget=GovSubmitButton())


class ConcernForm(FlaskForm):
    message = text_area(
        "What is worrying you?",
        column=ConcernReport.message,
        required="Tell us what is worrying you",
        hint="Only staff who look after safeguarding read this. The group's leads do not.",
    )
    contact_email = text_field(
        "Your email address, if you would like a reply (optional)",
        column=ConcernReport.contact_email,
    )
    submit = SubmitField("Send to staff", widget=GovSubmitButton())

    def validate_contact_email(self, field) -> None:
        if field.data:
            Email("Enter an email address like name@example.org")(self, field)


class LeadForm(FlaskForm):
    email = text_field(
        "Email address of their account",
        required="Enter the email address of the parent's account",
        max_length=254,
        hint="They need an account on the portal first.",
    )
    submit = SubmitField("Make them a lead", widget=GovSubmitButton())


class CancelMeetupForm(FlaskForm):
    reason = text_area(
        "Why is it cancelled?",
        required="Say why, so people know",
        max_length=500,
        hint="Everyone following the group, and anyone booked, is told.",
    )
    submit = SubmitField("Cancel meet-up", widget=GovSubmitButton())


class HideForm(FlaskForm):
    reason = text_area("Why? (only staff see this)", column=Group.hidden_reason, max_length=500)
    submit = SubmitField("Hide", widget=GovSubmitButton())
