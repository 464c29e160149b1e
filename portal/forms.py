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

from portal.photos import PhotoColumns


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


class FitsColumn(Length):
    """A length limit taken from the model column the answer is saved in.

    `FitsColumn(Event.title)` allows as many characters as the column holds; `max_length` may
    only lower that, and must be given for a column without a length (Text). Naming the column makes
    the mapping from question to column explicit, and a test checks every form against it:
    PostgreSQL refuses a value longer than its column, SQLite does not.
    """

    def __init__(self, column, *, max_length: int | None = None, message: str | None = None):
        length = column.type.length
        if max_length is None:
            if length is None:
                raise ValueError(f"{column} has no length, so give max_length")
            max_length = length
        elif length is not None and max_length > length:
            raise ValueError(f"{column} holds {length} characters, fewer than {max_length}")
        super().__init__(max=max_length, message=message)
        self.column = column


def text_field(
    label: str,
    *,
    column=None,
    required: str | None = None,
    max_length: int | None = None,
    hint: str = "",
    too_long: str | None = None,
    widget=None,
    field_class=StringField,
    default: str | None = None,
):
    """A GOV.UK text question: the answer is stripped, and `required` is the message shown
    when it is missing (spaces alone count as missing); optional otherwise.

    `column` is the model column the answer is saved in: the limit is its length, or
    `max_length` if that is lower (a Text column needs `max_length`). Without a column,
    `max_length` is required, and the answer must be on the allow-list in
    tests/unit/test_form_lengths.py, saying why it is saved nowhere as typed.
    """
    validators = [DataRequired(required)] if required else [Optional()]
    if column is not None:
        limit = FitsColumn(column, max_length=max_length)
    elif max_length is not None:
        limit = Length(max=max_length)
    else:
        raise TypeError("text_field needs the column the answer is saved in, or max_length")
    limit.message = too_long or _too_long(label, limit.max)
    validators.append(limit)
    return field_class(
        label,
        validators=validators,
        description=hint,
        widget=widget or GovTextInput(),
        filters=[strip_whitespace],
        default=default,
    )


# What a textarea takes when its column has no length and it names no other limit: a few
# paragraphs.
PARAGRAPHS = 4000


def text_area(
    label: str,
    *,
    column=None,
    required: str | None = None,
    max_length: int | None = None,
    hint: str = "",
    too_long: str | None = None,
    widget=None,
):
    """A GOV.UK textarea with the same rules as `text_field`, taking up to PARAGRAPHS
    characters unless its column holds fewer or `max_length` says otherwise."""
    if max_length is None and (column is None or column.type.length is None):
        max_length = PARAGRAPHS
    return text_field(
        label,
        column=column,
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
        column=PhotoColumns.alt_text.column,
        required="Describe what the photo shows",
        hint="For example: the glass front doors, with a purple sign above them.",
    )
    caption = text_field(
        "Caption (optional)",
        column=PhotoColumns.caption.column,
        hint="What a family should know, for example: someone will meet you here.",
    )
    submit = SubmitField("Add photo", widget=GovSubmitButton())
