"""Form pieces shared by every domain."""

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.main import wtforms_errors
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovFileInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class GovSubmitButton(GovSubmitInput):
    """A GOV.UK button that ignores a second click, so a double-click posts once."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("preventDoubleClick", True)
        return params


class EmptyForm(FlaskForm):
    """A form with only a button, so button-only POSTs (sign out, send again) carry CSRF."""

    submit = SubmitField("Continue", widget=GovSubmitButton())


class GovDateField(DateField):
    """A GOV.UK date input (day, month, year) that never fails on missing parts.

    govuk-frontend-wtf's widget expects three values; a POST that lacks some would raise a 500,
    so the raw values are padded to three and a missing or impossible date gets one message.
    """

    widget = GovDateInput()

    def process_formdata(self, valuelist):
        values = [str(value).strip() for value in valuelist][:3]
        values += [""] * (3 - len(values))
        self.raw_data = values
        if not any(values):
            self.data = None
            return
        try:
            day, month, year = (int(value) for value in values)
            self.data = date(year, month, day)
        except ValueError as error:
            self.data = None
            raise ValueError("Enter a real date, like 27 3 2027") from error


def error_summary(form) -> dict:
    """The error summary's parameters, with date fields linked to their day input."""
    params = wtforms_errors(form)
    dates = {name for name, field in form._fields.items() if isinstance(field, GovDateField)}
    for error in params["errorList"]:
        if error["href"].lstrip("#") in {form[name].id for name in dates}:
            error["href"] += "-day"
    return params


def strip_whitespace(value):
    """A field filter: the answer without spaces around it (so spaces alone are no answer)."""
    return value.strip() if isinstance(value, str) else value


def _too_long(label: str, max_length: int) -> str:
    # "Title must be ...", but a question or an optional answer reads better as a request.
    if label.endswith(("?", "(optional)")):
        return f"Keep this to {max_length} characters or fewer"
    return f"{label} must be {max_length} characters or fewer"


def text_field(
    label: str,
    *,
    required: str | None = None,
    max_length: int = 200,
    hint: str = "",
    too_long: str | None = None,
    widget=None,
    field_class=StringField,
    default: str | None = None,
):
    """A GOV.UK text question: the answer is stripped, and `required` is the message shown
    when it is missing (spaces alone count as missing); optional otherwise."""
    validators = [DataRequired(required)] if required else [Optional()]
    too_long = too_long or _too_long(label, max_length)
    validators.append(Length(max=max_length, message=too_long))
    return field_class(
        label,
        validators=validators,
        description=hint,
        widget=widget or GovTextInput(),
        filters=[strip_whitespace],
        default=default,
    )


def text_area(
    label: str,
    *,
    required: str | None = None,
    max_length: int = 4000,
    hint: str = "",
    too_long: str | None = None,
    widget=None,
):
    """A GOV.UK textarea with the same rules as `text_field`."""
    return text_field(
        label,
        required=required,
        max_length=max_length,
        hint=hint,
        too_long=too_long,
        widget=widget or GovTextArea(),
        field_class=TextAreaField,
    )


class PhotoForm(FlaskForm):
    photo = FileField("Photo (JPEG or PNG)", widget=GovFileInput())
    alt_text = text_field(
        "Describe the photo for someone who cannot see it",
        required="Describe what the photo shows",
        max_length=300,
        hint="For example: the glass front doors, with a purple sign above them.",
    )
    caption = text_field(
        "Caption (optional)",
        max_length=300,
        hint="What a family should know, for example: someone will meet you here.",
    )
    submit = SubmitField("Add photo", widget=GovSubmitButton())
