"""Staff forms for the library: an item's details, and a file to upload."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.forms import GovSubmitButton, text_area, text_field
from portal.library.models import KIND_LABELS, LibraryFile, LibraryItem

ITEM_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "transcript",
    "audience",
    "age_band",
    "topics",
    "language",
    "credits",
    "sensory_note",
)


def language_field(column):
    """The language an item or file is in: English unless staff say otherwise."""
    return text_field("Language", column=column, default="English")


class ItemForm(FlaskForm):
    kind = SelectField(
        "Kind", choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()], widget=GovSelect()
    )
    title = text_field("Title", column=LibraryItem.title, required="Enter a title")
    summary = text_field("Summary", column=LibraryItem.summary, required="Enter a summary")
    body = text_area(
        "Text (optional)",
        column=LibraryItem.body,
        max_length=50000,
        hint="Markdown: blank lines between paragraphs, ## for headings.",
    )
    transcript = text_area("Transcript (films)", column=LibraryItem.transcript, max_length=100000)
    audience = text_field("Who it is for (optional)", column=LibraryItem.audience)
    age_band = text_field("Age band (optional)", column=LibraryItem.age_band)
    topics = text_field(
        "Topics (optional)", column=LibraryItem.topics, hint="Separate topics with commas."
    )
    language = language_field(LibraryItem.language)
    credits = text_field(
        "Made by (optional)",
        column=LibraryItem.credits,
        hint="For example: written by Bromley parents.",
    )
    sensory_note = text_field(
        "Before you watch (films, optional)",
        column=LibraryItem.sensory_note,
        hint="Sounds, lights or scenes that may be hard for some people, and when. "
        "For example: loud beeping from 0:42; a flashing light at 1:10.",
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def item_fields(self) -> dict[str, str]:
        """The answers, as `save_item` takes them."""
        return {name: self[name].data or "" for name in ITEM_FIELDS}


class UploadForm(FlaskForm):
    file = FileField("File", widget=GovFileInput())
    role = SelectField(
        "What is it?",
        choices=[
            SelectChoice("main", "The leaflet or film itself"),
            SelectChoice("captions", "Captions for the film (WebVTT)"),
            SelectChoice("poster", "A still image for the film"),
            SelectChoice("encoding", "The same film in the other format (MP4 or WebM)"),
            SelectChoice("alternative", "Another format (easy read, large print, audio...)"),
        ],
        widget=GovSelect(),
    )
    format_label = text_field(
        "Name of the other format (optional)",
        column=LibraryFile.format_label,
        hint="For example: Easy read, Large print, BSL video.",
    )
    language = language_field(LibraryFile.language)
    submit = SubmitField("Upload", widget=GovSubmitButton())

    def file_details(self) -> dict[str, str]:
        """What the file is, as `attach` takes it (English when no language is given)."""
        return {
            "role": self.role.data,
            "format_label": self.format_label.data or "",
            "language": self.language.data or "English",
        }
