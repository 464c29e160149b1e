"""The staff form for a service in the help directory."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, NumberRange, Optional, ValidationError

from portal.forms import GovSubmitButton, text_area, text_field
from portal.help.models import KIND_LABELS, HelpService

SERVICE_FIELDS = (
    "kind",
    "name",
    "summary",
    "details",
    "who_for",
    "age_from",
    "age_to",
    "area",
    "phone",
    "email",
    "website",
    "opening_hours",
)


class AgeField(IntegerField):
    """A whole number of years, with a plain message when it is not one."""

    def __init__(self, label, *, words: str, **kwargs):
        self.words = words
        validators = [
            Optional(),
            NumberRange(min=0, max=120, message=f"Enter {words} from 0 to 120"),
        ]
        super().__init__(label, validators=validators, widget=GovTextInput(), **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([v.strip() for v in valuelist])
        except ValueError as error:
            raise ValueError(f"Enter {self.words} as a whole number, like 5") from error


class ServiceForm(FlaskForm):
    kind = SelectField(
        "Kind of help",
        choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()],
        widget=GovSelect(),
    )
    name = text_field("Name", column=HelpService.name, required="Enter the service's name")
    summary = text_field(
        "What they do",
        column=HelpService.summary,
        required="Say what the service does",
        hint="One or two short sentences, for example: free advice on claiming Disability "
        "Living Allowance for your child.",
    )
    details = text_area(
        "More about it (optional)",
        column=HelpService.details,
        hint="What to expect when you get in touch, and anything to know first.",
    )
    who_for = text_field(
        "Who it is for (optional)",
        column=HelpService.who_for,
        hint="For example: parents and carers of autistic children in Bromley.",
    )
    age_from = AgeField("Youngest age (optional)", words="the youngest age", default=0)
    age_to = AgeField(
        "Oldest age (optional)",
        words="the oldest age",
        description="Leave empty if there is no upper age.",
    )
    area = text_field(
        "Area (optional)",
        column=HelpService.area,
        hint="Where it helps people from: for example Bromley, South-east London or UK-wide.",
    )
    phone = text_field("Phone number (optional)", column=HelpService.phone)
    email = text_field(
        "Email address (optional)",
        column=HelpService.email,
    )
    website = text_field(
        "Website (optional)",
        column=HelpService.website,
        hint="The full address, starting https://",
    )
    opening_hours = text_field(
        "Opening hours (optional)",
        column=HelpService.opening_hours,
        hint="For example: Monday to Friday, 9am to 5pm. Or: any time, day or night.",
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def validate_email(self, field):
        if field.data:
            Email(message="Enter an email address like name@example.org")(self, field)

    def validate_website(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError("Enter the full address, starting https://")

    def validate_age_to(self, field):
        youngest = self.age_from.data or 0
        if field.data is not None and field.data < youngest:
            raise ValidationError("The oldest age must be the same as or more than the youngest")

    def service_fields(self) -> dict[str, object]:
        """The answers, as `save_service` takes them (no youngest age means from birth)."""
        fields = {name: self[name].data for name in SERVICE_FIELDS}
        fields["age_from"] = fields["age_from"] or 0
        for name in SERVICE_FIELDS:
            if fields[name] is None and name != "age_to":
                fields[name] = ""
        return fields
