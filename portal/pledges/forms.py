"""Forms for businesses signing and keeping a pledge, and for families' comments."""

import re
from datetime import time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Form,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.dates import clock_label, parse_time
from portal.events.models import Booking
from portal.forms import GovSubmitButton, text_area, text_field
from portal.pledges.models import Business, BusinessInvitation, Pledge, VisitComment
from portal.pledges.services import DAYS, MAX_QUIET_HOURS
from portal.pledges.towns import towns_of


class DirectoryFilterForm(Form):
    q = StringField("Business name", widget=GovTextInput())
    commitment = SelectField("Offers", widget=GovSelect(), default="")
    town = SelectField("Town", widget=GovSelect(), default="")
    area = SelectField("Postcode district", widget=GovSelect(), default="")
    submit = SubmitField("Search", widget=GovSubmitButton())

    def set_choices(self, commitments, areas) -> None:
        """`areas`: the postcode districts with a business in the directory."""
        self.commitment.choices = [SelectChoice("", "Anything")] + [
            SelectChoice(c.slug, c.title) for c in commitments
        ]
        self.town.choices = [SelectChoice("", "All of Bromley")] + [
            SelectChoice(town, town) for town in towns_of(areas)
        ]
        self.area.choices = [SelectChoice("", "Any")] + [SelectChoice(a, a) for a in areas]


class BusinessForm(FlaskForm):
    name = text_field("Business name", column=Business.name, required="Enter the business's name")
    address = text_area(
        "Address", column=Business.address, required="Enter the address", max_length=500
    )
    postcode = text_field("Postcode", column=Business.postcode, required="Enter the postcode")
    sector = text_field(
        "What kind of business is it?",
        column=Business.sector,
        required="Say what kind of business it is",
        hint="For example: supermarket, café, hairdresser, dentist.",
    )
    website = text_field("Website (optional)", column=Business.website)
    description = text_area(
        "A short description (optional)", column=Business.description, max_length=1000
    )
    opening_hours = text_area(
        "Opening hours (optional)", column=Business.opening_hours, max_length=500
    )
    submit = SubmitField("Save and continue", widget=GovSubmitButton())

    def validate_postcode(self, field) -> None:
        if not re.fullmatch(
            r"[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}", (field.data or "").strip()
        ):
            raise ValidationError("Enter a real postcode, like BR1 3UH")


class BusinessDetailsForm(BusinessForm):
    """The details families see, changed after registering (the name and kind stay)."""

    name = None
    sector = None
    submit = SubmitField("Save changes", widget=GovSubmitButton())


class CommitmentsForm(FlaskForm):
    commitments = SelectMultipleField(
        "What will you commit to?",
        coerce=int,
        description="Choose at least 2.",
        widget=GovCheckboxesInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())

    def validate_commitments(self, field) -> None:
        if len(set(field.data or [])) < 2:
            raise ValidationError("Choose at least 2 commitments")


class DetailsForm(FlaskForm):
    """Quiet hours (as many as the business keeps, up to MAX_QUIET_HOURS: the page shows those
    saved and one more, blank) and staff numbers. A blank quiet hour is no quiet hour."""

    staff_total = IntegerField(
        "How many customer-facing staff do you have?",
        validators=[Optional(), NumberRange(min=1, max=100000)],
        widget=GovTextInput(),
    )
    staff_trained = IntegerField(
        "How many have had autism awareness training elsewhere so far?",
        description="Do not count staff who come to our training: we count them for you.",
        validators=[Optional(), NumberRange(min=0, max=100000)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())

    def slot(self, n: int) -> tuple:
        """Quiet hour `n` (from 1): its day, starts and ends fields."""
        return self[f"quiet_day_{n}"], self[f"quiet_starts_{n}"], self[f"quiet_ends_{n}"]

    def fill_quiet_hours(self, hours) -> None:
        """Show saved quiet hours (QuietHour rows) in the slots, in order."""
        for n, hour in enumerate(hours, start=1):
            day, starts, ends = self.slot(n)
            day.data = str(hour.weekday)
            starts.data, ends.data = clock_label(hour.starts_at), clock_label(hour.ends_at)

    def slots_to_show(self) -> int:
        """The slots filled in and one more for another quiet hour: 2 at least (so a new pledge
        shows that there can be more than one), MAX_QUIET_HOURS at most."""
        filled = [n for n in range(1, MAX_QUIET_HOURS + 1) if any(f.data for f in self.slot(n))]
        return min(max(max(filled, default=0) + 1, 2), MAX_QUIET_HOURS)

    def quiet_hours(self) -> list[tuple[int, time, time]]:
        """The quiet hours given, as (weekday, starts, ends); call after check_for."""
        hours = []
        for n in range(1, MAX_QUIET_HOURS + 1):
            day, starts, ends = self.slot(n)
            if day.data:
                hours.append((int(day.data), parse_time(starts.data), parse_time(ends.data)))
        return hours

    def check_for(self, quiet_hour: bool, training: bool) -> bool:
        ok = True
        if quiet_hour:
            given = 0
            for n in range(1, MAX_QUIET_HOURS + 1):
                day, starts, ends = self.slot(n)
                if not (day.data or starts.data or ends.data):
                    continue
                given += 1
                which = "the quiet hour" if n == 1 else f"quiet hour {n}"
                if not day.data:
                    day.errors = [f"Choose the day of {which}"]
                    ok = False
                for field, word in ((starts, "starts"), (ends, "ends")):
                    if parse_time(field.data or "") is None:
                        field.errors = [f"Enter a real time for when {which} {word}"]
                        ok = False
                start, end = parse_time(starts.data or ""), parse_time(ends.data or "")
                if start and end and end <= start:
                    ends.errors = [f"{which[0].upper()}{which[1:]} must end after it starts"]
                    ok = False
            if not given:
                self.quiet_day_1.errors = ["Choose the day of the quiet hour"]
                ok = False
            elif ok:
                ok = self._no_overlaps()
        if training:
            if self.staff_total.data is None:
                self.staff_total.errors = ["Enter how many customer-facing staff you have"]
                ok = False
            if self.staff_trained.data is None:
                self.staff_trained.errors = ["Enter how many are trained so far, or 0"]
                ok = False
            elif (
                self.staff_total.data is not None
                and self.staff_trained.data > self.staff_total.data
            ):
                self.staff_trained.errors = ["Trained staff cannot be more than all staff"]
                ok = False
        return ok

    def _no_overlaps(self) -> bool:
        seen: list[tuple[int, int, time, time]] = []
        for n in range(1, MAX_QUIET_HOURS + 1):
            day, starts, ends = self.slot(n)
            if not day.data:
                continue
            weekday, start, end = int(day.data), parse_time(starts.data), parse_time(ends.data)
            for other, other_day, other_start, other_end in seen:
                if other_day == weekday and start < other_end and other_start < end:
                    day.errors = [
                        f"Quiet hour {n} is at the same time as quiet hour {other}: "
                        "change one, or clear it"
                    ]
                    return False
            seen.append((n, weekday, start, end))
        return True


for _n in range(1, MAX_QUIET_HOURS + 1):
    setattr(
        DetailsForm,
        f"quiet_day_{_n}",
        SelectField(
            "Day",
            choices=[SelectChoice("", "Choose a day")]
            + [SelectChoice(str(i), day) for i, day in enumerate(DAYS)],
            default="",
            widget=GovSelect(),
        ),
    )
    setattr(
        DetailsForm,
        f"quiet_starts_{_n}",
        text_field("Starts", max_length=10, hint="For example, 9am or 9:30"),
    )
    setattr(DetailsForm, f"quiet_ends_{_n}", text_field("Ends", max_length=10))


class SignForm(FlaskForm):
    name = text_field(
        "Your full name", column=Pledge.signatory_name, required="Enter your full name"
    )
    role = text_field(
        "Your role",
        column=Pledge.signatory_role,
        required="Enter your role",
        hint="For example: store manager, owner.",
    )
    agree = BooleanField(
        "I agree, on behalf of the business, to keep these commitments and to tell the team "
        "if we cannot",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())

    def validate_agree(self, field) -> None:
        if not field.data:
            raise ValidationError("Tick the box to agree to the pledge")


class SubmitPledgeForm(FlaskForm):
    reply = text_area(
        "Your answer to the team (optional)", column=Pledge.business_reply, max_length=2000
    )
    submit = SubmitField("Send the pledge", widget=GovSubmitButton())


class ProgressForm(FlaskForm):
    staff_total = IntegerField(
        "Customer-facing staff",
        validators=[InputRequired("Enter how many staff"), NumberRange(min=1, max=100000)],
        widget=GovTextInput(),
    )
    staff_trained = IntegerField(
        "Trained elsewhere",
        description="Staff trained by someone else. Staff who come to our training are counted "
        "for you.",
        validators=[InputRequired("Enter how many are trained"), NumberRange(min=0, max=100000)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Save progress", widget=GovSubmitButton())


class InviteForm(FlaskForm):
    email = text_field(
        "Their email address",
        column=BusinessInvitation.email,
        required="Enter their email address",
        too_long="Email address must be %(max)d characters or fewer",
        hint="We will email them a link. They can accept or say no. "
        "If they do not have an account, they can make one.",
    )
    submit = SubmitField("Send invitation", widget=GovSubmitButton())


class CommentForm(FlaskForm):
    helped = text_area("What helped? (optional)", column=VisitComment.helped, max_length=1000)
    did_not_help = text_area(
        "What did not help? (optional)", column=VisitComment.did_not_help, max_length=1000
    )
    submit = SubmitField("Send", widget=GovSubmitButton())


class StaffTrainingForm(FlaskForm):
    """Book named staff onto training for businesses: names only, one a line."""

    names = text_area(
        "Names of the staff coming",
        required="Enter the name of at least one member of staff",
        max_length=2000,
        hint="One name on each line. We use them for the register on the day and to count who "
        "is trained on your pledge.",
    )
    note = text_area(
        "Anything that would help your staff on the day (optional)",
        column=Booking.needs_note,
        max_length=1000,
        hint="For example, a step-free route or a seat near the exit. Only the staff running the "
        "session see it, and we delete it after the session.",
    )
    submit = SubmitField("Book training", widget=GovSubmitButton())
