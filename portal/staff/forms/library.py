"""Staff forms for the library."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from portal.forms import GovSubmitButton, text_field
from portal.library.models import KIND_LABELS


class ItemForm(FlaskForm):
    kind = SelectField(
        "Kind", choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()], widget=GovSelect()
    )
    title = text_field("Title", required="Enter a title")
    summary = text_field("Summary", required="Enter a summary", max_length=400)
    body = TextAreaField(
        "Text (optional)",
        validators=[Length(max=50000)],
        description="Markdown: blank lines between paragraphs, ## for headings.",
        widget=GovTextArea(),
    )
    transcript = TextAreaField(
        "Transcript (films)", validators=[Length(max=100000)], widget=GovTextArea()
    )
    audience = StringField(
        "Who it is for (optional)", validators=[Optional(), Length(max=30)], widget=GovTextInput()
    )
    age_band = StringField(
        "Age band (optional)", validators=[Optional(), Length(max=30)], widget=GovTextInput()
    )
    topics = StringField(
        "Topics (optional)",
        validators=[Optional(), Length(max=300)],
        description="Separate topics with commas.",
        widget=GovTextInput(),
    )
    language = StringField(
        "Language",
        validators=[Optional(), Length(max=40)],
        default="English",
        widget=GovTextInput(),
    )
    credits = StringField(
        "Made by (optional)",
        validators=[Optional(), Length(max=300)],
        description="For example: written by Bromley parents.",
        widget=GovTextInput(),
    )
    submit = SubmitField("Save", widget=GovSubmitButton())


class UploadForm(FlaskForm):
    file = FileField("File", widget=GovFileInput())
    role = SelectField(
        "What is it?",
        choices=[
            SelectChoice("main", "The leaflet or film itself"),
            SelectChoice("captions", "Captions for the film (WebVTT)"),
            SelectChoice("poster", "A still image for the film"),
            SelectChoice("alternative", "Another format (easy read, large print, audio...)"),
        ],
        widget=GovSelect(),
    )
    format_label = StringField(
        "Name of the other format (optional)",
        validators=[Optional(), Length(max=60)],
        description="For example: Easy read, Large print, BSL video.",
        widget=GovTextInput(),
    )
    language = StringField(
        "Language",
        validators=[Optional(), Length(max=40)],
        default="English",
        widget=GovTextInput(),
    )
    submit = SubmitField("Upload", widget=GovSubmitButton())
