"""Forms for businesses signing and keeping a pledge, and for families' comments."""

import re

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

from portal.dates import parse_time
from portal.forms import GovSubmitButton, text_area, text_field
from portal.pledges.models import Business, BusinessInvitation, Pledge, VisitComment
from portal.pledges.services import DAYS


class DirectoryFilterForm(Form):
    q = StringField("Business name", widget=GovTextInput())
    commitment = SelectField("Offers", widget=GovSelect(), default="")
    area = SelectField("Area", widget=GovSelect(), default="")
    submit = SubmitField("Search", widget=GovSubmitButton())

    def set_choices(self, commitments, areas) -> None:
        self.commitment.choices = [SelectChoice("", "Anything")] + [
            SelectChoice(c.slug, c.title) for c in commitments
        ]
        self.area.choices = [SelectChoice("", "All of Bromley")] + [
            SelectChoice(a, a) for a in areas
        ]


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
    quiet_hour_day = SelectField(
        "Quiet hour: which day?",
        choices=[SelectChoice("", "Choose a day")] + [SelectChoice(d, d) for d in DAYS],
        widget=GovSelect(),
    )
    quiet_hour_start = text_field(
        "Quiet hour starts", max_length=10, hint="For example, 9:00 or 9am"
    )
    quiet_hour_end = text_field("Quiet hour ends", max_length=10)
    staff_total = IntegerField(
        "How many customer-facing staff do you have?",
        validators=[Optional(), NumberRange(min=1, max=100000)],
        widget=GovTextInput(),
    )
    staff_trained = IntegerField(
        "How many have had autism awareness training so far?",
        validators=[Optional(), NumberRange(min=0, max=100000)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())

    def check_for(self, quiet_hour: bool, training: bool) -> bool:
        ok = True
        if quiet_hour:
            if not self.quiet_hour_day.data:
                self.quiet_hour_day.errors = ["Choose the day of the quiet hour"]
                ok = False
            for field, word in ((self.quiet_hour_start, "starts"), (self.quiet_hour_end, "ends")):
                if parse_time(field.data or "") is None:
                    field.errors = [f"Enter a real time for when the quiet hour {word}"]
                    ok = False
            start = parse_time(self.quiet_hour_start.data or "")
            end = parse_time(self.quiet_hour_end.data or "")
            if start and end and end <= start:
                self.quiet_hour_end.errors = ["The quiet hour must end after it starts"]
                ok = False
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
        "Trained so far",
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
