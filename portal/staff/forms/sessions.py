"""Forms for creating, changing, cancelling and messaging a session."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from portal.dates import LONDON, parse_time
from portal.events.models import AUDIENCE_LABELS, KIND_LABELS, Event, RunningOrderItem
from portal.events.organising import EventDetails
from portal.forms import GovDateField, GovSubmitButton, text_area, text_field
from portal.outbox.models import OutboxMessage

# A step's title longer than its column is cut to fit: the rest of the line is its details.
STEP_TITLE_LENGTH = RunningOrderItem.title.type.length
STEP = re.compile(r"^\s*(\d{1,2}[:.]\d{2}\s*(?:am|pm)?)?\s*(.*)$", re.IGNORECASE)


def parse_running_order(text: str, starts: datetime) -> list[tuple[int, str, str, bool]]:
    """One step per line: "18:30 Scene 1: the shop - a loud beep (loud)".

    The time is optional (a step without one follows the previous step); "(loud)" marks a loud
    or intense moment; words after " - " are the details. Raises ValueError naming the line.
    """
    steps, minutes = [], 0
    local_start = starts.astimezone(LONDON)
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = STEP.match(line)
        clock, rest = match.group(1), match.group(2).strip()
        if clock:
            at = parse_time(clock)
            if at is None:
                raise ValueError(f"Line {number} of the running order has a time that is not real")
            moment = datetime.combine(local_start.date(), at, tzinfo=LONDON)
            minutes = int((moment - local_start).total_seconds() // 60)
            if minutes < 0:
                raise ValueError(f"Line {number} of the running order starts before the session")
        loud = "(loud)" in rest.lower()
        rest = re.sub(r"\(loud\)", "", rest, flags=re.IGNORECASE).strip()
        title, _, detail = rest.partition(" - ")
        if not title.strip():
            raise ValueError(f"Line {number} of the running order needs a title")
        steps.append((minutes, title.strip()[:STEP_TITLE_LENGTH], detail.strip(), loud))
    return steps


def running_order_text(event) -> str:
    """The running order written back in the form's own format, for editing."""
    lines = []
    for item in event.running_order:
        moment = (event.starts_at + timedelta(minutes=item.minutes_from_start)).astimezone(LONDON)
        line = f"{moment:%H:%M} {item.title}"
        if item.detail:
            line += f" - {item.detail}"
        if item.intense:
            line += " (loud)"
        lines.append(line)
    return "\n".join(lines)


class EventForm(FlaskForm):
    title = text_field("Title", column=Event.title, required="Enter a title")
    summary = text_field(
        "Summary",
        column=Event.summary,
        required="Enter a one-sentence summary",
        hint="One sentence, shown in the list of sessions.",
    )
    description = text_area(
        "Full description",
        column=Event.description,
        required="Enter a description",
        hint="Leave a blank line between paragraphs.",
    )
    audience = SelectField(
        "Who it is for",
        choices=[SelectChoice(value, label) for value, label in AUDIENCE_LABELS.items()],
        widget=GovSelect(),
    )
    kind = SelectField(
        "Kind of session",
        choices=[SelectChoice(value, label) for value, label in KIND_LABELS.items()],
        widget=GovSelect(),
    )
    venue = SelectField("Venue", coerce=int, widget=GovSelect())
    date = GovDateField(
        "Date", validators=[InputRequired("Enter the date")], description="For example, 27 3 2027"
    )
    start_time = text_field(
        "Start time",
        required="Enter the start time",
        max_length=10,
        hint="For example, 18:30 or 6:30pm",
    )
    end_time = text_field("End time", required="Enter the end time", max_length=10)
    capacity = IntegerField(
        "Places",
        validators=[
            InputRequired("Enter how many places there are"),
            NumberRange(min=1, max=500, message="Enter a number of places from 1 to 500"),
        ],
        description="Everyone who comes takes a place: adults, children and carers.",
        widget=GovTextInput(),
    )
    closes_hours = IntegerField(
        "Stop taking bookings this many hours before the start (optional)",
        validators=[
            Optional(),
            NumberRange(min=0, max=720, message="Enter a number of hours from 0 to 720"),
        ],
        widget=GovTextInput(),
    )
    drop_in = BooleanField(
        "Drop in: people just come, with no need to book",
        widget=GovCheckboxInput(),
    )
    low_stimulus = BooleanField(
        "Low-stimulus session: fewer people, softer lights, quieter scenes",
        widget=GovCheckboxInput(),
    )
    lighting = text_area(
        "Lighting in this session (optional)",
        column=Event.lighting,
        hint="Leave blank to use the venue's.",
    )
    noise = text_area(
        "Noise in this session (optional)",
        column=Event.noise,
        hint="Leave blank to use the venue's.",
    )
    crowd_size = text_field("How many people (optional)", column=Event.crowd_size, max_length=200)
    participation = text_area(
        "How much the audience takes part (optional)", column=Event.participation
    )
    breaks = text_area("Breaks (optional)", column=Event.breaks)
    running_order = text_area(
        "What will happen (optional)",
        hint="One step per line, starting with its time. Put (loud) after a loud or intense "
        "moment, and details after a dash. For example: 18:25 Scene 1: the shop - a loud beep "
        "for a minute (loud)",
    )
    submit = SubmitField("Save as draft", widget=GovSubmitButton())

    def validate_start_time(self, field) -> None:
        if parse_time(field.data) is None:
            raise ValidationError("Enter a real start time, like 18:30 or 6:30pm")

    def validate_end_time(self, field) -> None:
        end, start = parse_time(field.data), parse_time(self.start_time.data or "")
        if end is None:
            raise ValidationError("Enter a real end time, like 20:30 or 8:30pm")
        if start is not None and end <= start:
            raise ValidationError("The end time must be after the start time")

    def validate_date(self, field) -> None:
        this_year = datetime.now(LONDON).year
        if field.data and not this_year - 1 <= field.data.year <= this_year + 5:
            raise ValidationError(f"Enter a date between {this_year - 1} and {this_year + 5}")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid:
            starts, ends = self.starts_and_ends()
            # Two times can be in order on the clock yet not in time, the night the clocks change.
            if ends.astimezone(UTC) <= starts.astimezone(UTC):
                self.end_time.errors = ["The end time must be after the start time"]
                return False
        return valid

    def starts_and_ends(self) -> tuple[datetime, datetime]:
        starts = datetime.combine(self.date.data, parse_time(self.start_time.data), tzinfo=LONDON)
        ends = datetime.combine(self.date.data, parse_time(self.end_time.data), tzinfo=LONDON)
        return starts, ends

    def set_venues(self, venues) -> bool:
        """Offer these venues; False when there are none to offer."""
        self.venue.choices = [(venue.id, venue.name) for venue in venues]
        return bool(venues)

    def fill_from(self, event: Event) -> None:
        """Show a session's details for editing, times in London time."""
        self.process(obj=event)
        local_start = event.starts_at.astimezone(LONDON)
        local_end = event.ends_at.astimezone(LONDON)
        self.venue.data = event.venue_id
        self.date.data = local_start.date()
        self.start_time.data = f"{local_start:%H:%M}"
        self.end_time.data = f"{local_end:%H:%M}"
        self.running_order.data = running_order_text(event)
        if event.booking_closes_at:
            before = event.starts_at - event.booking_closes_at
            self.closes_hours.data = int(before.total_seconds() // 3600)

    def details(self, event: Event | None = None) -> EventDetails | None:
        """The answers as EventDetails, or None after adding the error to the form.

        When a session moves but its running order was left as it was, the running order moves
        with it: each step keeps its place relative to the start.
        """
        starts, ends = self.starts_and_ends()
        # Browsers send a textarea's lines with CRLF endings; compare the lines themselves.
        typed = [line.strip() for line in (self.running_order.data or "").splitlines()]
        unchanged = event is not None and typed == running_order_text(event).splitlines()
        try:
            if unchanged:
                steps = EventDetails.of(event).running_order
            else:
                steps = parse_running_order(self.running_order.data, starts)
        except ValueError as error:
            self.running_order.errors.append(str(error))
            return None
        hours = self.closes_hours.data
        return EventDetails(
            title=self.title.data,
            summary=self.summary.data,
            description=self.description.data,
            audience=self.audience.data,
            kind=self.kind.data,
            starts_at=starts,
            ends_at=ends,
            venue_id=self.venue.data,
            capacity=self.capacity.data,
            booking_closes_at=starts - timedelta(hours=hours) if hours is not None else None,
            low_stimulus=bool(self.low_stimulus.data),
            drop_in=bool(self.drop_in.data),
            lighting=self.lighting.data or "",
            noise=self.noise.data or "",
            crowd_size=self.crowd_size.data or "",
            participation=self.participation.data or "",
            breaks=self.breaks.data or "",
            running_order=steps,
        )


class NewEventForm(EventForm):
    """Creating a session can make a whole weekly or monthly series at once."""

    repeat = RadioField(
        "How often",
        choices=[
            SelectChoice("once", "Once"),
            SelectChoice("weekly", "Every week"),
            SelectChoice("monthly", "Every month"),
        ],
        default="once",
        widget=GovRadioInput(),
    )
    repeat_count = IntegerField(
        "How many sessions in the series",
        validators=[Optional(), NumberRange(min=2, max=52, message="Enter a number from 2 to 52")],
        widget=GovTextInput(),
    )

    def validate(self, extra_validators=None) -> bool:
        # Checked here, not in validate_repeat_count: Optional() would skip that when empty.
        valid = super().validate(extra_validators)
        series = self.repeat.data in ("weekly", "monthly")
        if series and not self.repeat_count.data and not self.repeat_count.errors:
            self.repeat_count.errors = ["Enter how many sessions there are in the series"]
            return False
        return valid


class CancelEventForm(FlaskForm):
    reason = text_area(
        "Why is it cancelled?",
        column=Event.cancel_reason,
        required="Say why the session is cancelled",
        hint="Everyone booked and waiting is emailed this.",
        max_length=500,
    )
    submit = SubmitField("Cancel the session and tell everyone", widget=GovSubmitButton())


class MessageForm(FlaskForm):
    # The subject is followed by the session's title in each email's subject line, which is
    # shortened to fit (outbox.services.email_subject).
    subject = text_field(
        "Subject", column=OutboxMessage.subject, required="Enter a subject", max_length=150
    )
    body = text_area("Message", column=OutboxMessage.body_text, required="Enter the message")
    include_waiting = BooleanField("Send it to the waiting list too", widget=GovCheckboxInput())
    # How many people the preview said it would go to: if that changed before "Send", the
    # preview is shown again with the new number rather than sending to people not counted.
    expected = IntegerField(widget=HiddenInput(), validators=[Optional()])


class LeadsForm(FlaskForm):
    """Who runs a session: ticked staff may read its access needs."""

    leads = SelectMultipleField(
        "Who runs this session?",
        coerce=int,
        description="They, and admins, can see what families told us would help.",
        widget=GovCheckboxesInput(),
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def set_people(self, people) -> None:
        self.leads.choices = [(person.id, person.full_name) for person in people]
