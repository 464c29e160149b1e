"""Forms for the board: asking it a question, and the staff forms for members, meetings,
decisions and moderation."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
)
from wtforms import BooleanField, Form, RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.board.models import (
    DECISION_STATUS_LABELS,
    MEMBER_KIND_LABELS,
    QUESTION_KIND_LABELS,
    BoardDecision,
    BoardMeeting,
    BoardMember,
    BoardQuestion,
    DecisionChange,
)
from portal.dates import LONDON, parse_time
from portal.forms import GovDateField, GovSubmitButton, text_area, text_field
from portal.outcomes.entries import THEME_CHOICES

NO_HINT = {"hint": None}  # radios and single checkboxes without a hint (UI.md, gotcha 3)


def _theme_field(label: str, hint: str = "") -> SelectField:
    return SelectField(
        label,
        choices=[SelectChoice(k, v) for k, v in THEME_CHOICES],
        validators=[InputRequired("Choose what it is about")],
        widget=GovSelect(),
        description=hint,
        default="other",
    )


class AskForm(FlaskForm):
    kind = RadioField(
        "Are you asking a question or raising an issue?",
        choices=[SelectChoice(k, v) for k, v in QUESTION_KIND_LABELS.items()],
        validators=[InputRequired("Choose a question or an issue")],
        widget=GovRadioInput(),
        default="question",
    )
    theme = _theme_field("What is it about?")
    text = text_area(
        "Your question or issue",
        column=BoardQuestion.text,
        max_length=2000,
        required="Write your question or issue",
        hint="Do not write anyone's name or personal details. If the board publishes it, "
        "other people will read it.",
    )
    show_name = BooleanField(
        "Show my name with it if it is published", widget=GovCheckboxInput(), default=False
    )
    submit = SubmitField("Send to the board", widget=GovSubmitButton())


class DecisionFilterForm(Form):
    """The GET filter above the decisions log (no CSRF: it changes nothing)."""

    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(k, v) for k, v in DECISION_STATUS_LABELS.items()],
        widget=GovSelect(),
        default="",
    )
    # No submit field: its name would add "&submit=y" to the address (the template has the
    # button, without a name).


# --- Staff ------------------------------------------------------------------------------------


class MemberForm(FlaskForm):
    name = text_field("Name", column=BoardMember.name, required="Enter the member's name")
    role = text_field(
        "Role",
        column=BoardMember.role,
        required="Enter their role",
        hint="For example: Head of SEND, Bromley Council. Or: parent of two autistic children.",
    )
    kind = RadioField(
        "What they bring to the board",
        choices=[SelectChoice(k, v) for k, v in MEMBER_KIND_LABELS.items()],
        validators=[InputRequired("Choose what they bring")],
        widget=GovRadioInput(),
    )
    about = text_area("About them (optional)", column=BoardMember.about, max_length=1000)
    is_chair = BooleanField("They chair the board", widget=GovCheckboxInput())
    left_on = GovDateField(
        "Date they left (optional)",
        validators=[Optional()],
        description="Former members leave the public page.",
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def member_fields(self) -> dict[str, object]:
        return {
            name: self[name].data
            for name in ("name", "role", "kind", "about", "is_chair", "left_on")
        }


class MeetingForm(FlaskForm):
    date = GovDateField("Date", validators=[InputRequired("Enter the date of the meeting")])
    start_time = text_field(
        "Start time",
        max_length=10,
        required="Enter the start time",
        hint="For example: 6pm or 18:30",
    )
    place = text_field(
        "Place (optional if online)",
        column=BoardMeeting.place,
        hint="The place and its postcode, for example: Bromley Civic Centre, BR1 3UH",
    )
    online = BooleanField("People can join online", widget=GovCheckboxInput())
    how_to_join = text_area(
        "How to join (optional)",
        column=BoardMeeting.how_to_join,
        max_length=1000,
        hint="Shown on the meeting's page. For example: the link to join online, or which "
        "door and room to come to.",
    )
    agenda = text_area(
        "Agenda (optional)",
        column=BoardMeeting.agenda,
        max_length=4000,
        hint="One item a line.",
    )
    items = SelectMultipleField(
        "Papers and minutes from the library (optional)",
        coerce=int,
        widget=GovCheckboxesInput(),
        description="Add them to the library first, as a board paper or minutes.",
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def set_items(self, items) -> None:
        self.items.choices = [
            SelectChoice(item.id, f"{item.title} ({item.kind_label}, {item.status})")
            for item in items
        ]

    def validate_start_time(self, field) -> None:
        if field.data and parse_time(field.data) is None:
            raise ValidationError("Enter a real start time, like 6pm or 18:30")

    def validate(self, extra_validators=None) -> bool:
        # Not validate_place: an empty optional answer skips its own validators.
        valid = super().validate(extra_validators)
        if not self.place.data and not self.online.data:
            self.place.errors = [
                *self.place.errors,
                "Enter the place, or say people can join online",
            ]
            return False
        return valid

    def starts_at(self) -> datetime:
        local = datetime.combine(self.date.data, parse_time(self.start_time.data), tzinfo=LONDON)
        return local.astimezone(UTC)


class DecisionForm(FlaskForm):
    decided_on = GovDateField(
        "Date of the decision", validators=[InputRequired("Enter the date of the decision")]
    )
    decision = text_area(
        "What the board decided",
        column=BoardDecision.decision,
        max_length=1000,
        required="Say what the board decided",
    )
    why = text_area(
        "Why: the issue it answers",
        column=BoardDecision.why,
        max_length=1000,
        required="Say why the board decided it",
        hint="Shown as “You said” on the “You said, we did” page.",
    )
    who_acts = text_field(
        "Who acts on it", column=BoardDecision.who_acts, required="Say who acts on it"
    )
    theme = _theme_field("Theme", hint="Used to filter “You said, we did”.")
    meeting = SelectField("Meeting (optional)", coerce=int, widget=GovSelect(), default=0)
    submit = SubmitField("Add to the log", widget=GovSubmitButton())

    def set_meetings(self, meetings) -> None:
        self.meeting.choices = [SelectChoice(0, "Not at a meeting")] + [
            SelectChoice(m.id, m.starts_at.astimezone(LONDON).strftime("%-d %B %Y"))
            for m in meetings
        ]


class DecisionStatusForm(FlaskForm):
    status = RadioField(
        "Status",
        choices=[SelectChoice(k, v) for k, v in DECISION_STATUS_LABELS.items()],
        validators=[InputRequired("Choose a status")],
        widget=GovRadioInput(),
    )
    note = text_field("Note (optional)", column=DecisionChange.note, hint="What happened.")
    submit = SubmitField("Change status", widget=GovSubmitButton())


class AnswerForm(FlaskForm):
    text = text_area(
        "The question, as it will be published",
        column=BoardQuestion.text,
        max_length=2000,
        required="Keep the question's words: they are published with the answer",
        hint="Take out any name or detail that should not be public.",
    )
    answer = text_area(
        "The board's answer",
        column=BoardQuestion.answer,
        max_length=4000,
        required="Write the board's answer before publishing",
    )
    theme = _theme_field("Theme", hint="Used to filter “You said, we did”.")
    submit = SubmitField("Publish with the answer", widget=GovSubmitButton())


class TurnDownForm(FlaskForm):
    reason = text_field(
        "Why the board cannot take it",
        column=BoardQuestion.reject_reason,
        required="Say briefly why the board cannot take this question",
        hint="We email this to the person. The question is never shown.",
    )
    submit = SubmitField("Turn down", widget=GovSubmitButton())
