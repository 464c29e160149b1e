"""Forms for consultations: staff write one and its questions and publish what they heard;
people answer one question per page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
)
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.consultations.models import (
    AUDIENCE_LABELS,
    CHOICE_KINDS,
    KIND_LABELS,
    Answer,
    Consultation,
    Question,
    QuestionKind,
)
from portal.consultations.services import Details, QuestionDetails
from portal.forms import GovDateField, GovSubmitButton, text_area, text_field
from portal.outcomes.entries import THEME_CHOICES

# The longest answers a person may type. Answers wait in the session cookie until "check your
# answers", so they are kept short enough to fit (routes.py checks the cookie's size too).
SHORT_ANSWER = 150
LONG_ANSWER = 1000
MAX_OPTIONS = 12


class ConsultationForm(FlaskForm):
    title = text_field(
        "Title",
        column=Consultation.title,
        required="Enter a title",
        hint="What you are asking about, for example: Training sessions next year",
    )
    why = text_area(
        "Why we are asking",
        column=Consultation.why,
        max_length=2000,
        required="Say why you are asking",
        hint="Short sentences. Parents read this on a phone.",
    )
    what_will_change = text_area(
        "What will change because of it",
        column=Consultation.what_will_change,
        max_length=2000,
        required="Say what will change because of the answers",
    )
    closes_on = GovDateField(
        "Closing date",
        validators=[InputRequired("Enter the closing date")],
        description="It closes at the end of this day, Bromley time. For example, 27 3 2027",
    )
    audience = RadioField(
        "Who may answer",
        choices=[SelectChoice(v, label) for v, label in AUDIENCE_LABELS.items()],
        validators=[InputRequired("Choose who may answer")],
        widget=GovRadioInput(),
        default="anyone",
    )
    theme = SelectField(
        "Theme on “You said, we did”",
        choices=[SelectChoice(v, label) for v, label in THEME_CHOICES],
        validators=[InputRequired("Choose a theme")],
        widget=GovSelect(),
    )
    submit = SubmitField("Save", widget=GovSubmitButton())

    def details(self) -> Details:
        return Details(
            title=self.title.data,
            why=self.why.data,
            what_will_change=self.what_will_change.data,
            closes_on=self.closes_on.data,
            audience=self.audience.data,
            theme=self.theme.data,
        )


class QuestionForm(FlaskForm):
    kind = RadioField(
        "Kind of question",
        choices=[SelectChoice(v, label) for v, label in KIND_LABELS.items()],
        validators=[InputRequired("Choose the kind of question")],
        widget=GovRadioInput(),
    )
    text = text_field("Question", column=Question.text, required="Enter the question")
    hint = text_field(
        "Hint (optional)",
        column=Question.hint,
        hint="Shown under the question, for example: Choose all that apply.",
    )
    options = text_area(
        "Options, one per line",
        column=Question.options,
        max_length=2000,
        hint=f"For choice questions only: from 2 to {MAX_OPTIONS} options.",
    )
    required = RadioField(
        "Must people answer it?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No, it is optional")],
        validators=[InputRequired("Choose whether people must answer it")],
        widget=GovRadioInput(),
        default="yes",
    )
    submit = SubmitField("Save question", widget=GovSubmitButton())

    def option_lines(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    def validate_options(self, field) -> None:
        if self.kind.data not in CHOICE_KINDS:
            return
        lines = self.option_lines()
        if not 2 <= len(lines) <= MAX_OPTIONS:
            raise ValidationError(f"Give from 2 to {MAX_OPTIONS} options, one per line")
        if len(set(lines)) != len(lines):
            raise ValidationError("Give each option once")

    def details(self) -> QuestionDetails:
        return QuestionDetails(
            kind=self.kind.data,
            text=self.text.data,
            hint=self.hint.data or "",
            options=self.option_lines(),
            required=self.required.data == "yes",
        )

    def fill_from(self, question: Question) -> None:
        self.kind.data = question.kind
        self.text.data = question.text
        self.hint.data = question.hint
        self.options.data = question.options
        self.required.data = "yes" if question.required else "no"


class OutcomeForm(FlaskForm):
    heard = text_area(
        "What we heard",
        column=Consultation.heard,
        max_length=2000,
        required="Say what you heard",
        hint="In plain words: what most people told us, and what surprised us.",
    )
    will_do = text_area(
        "What we will do",
        column=Consultation.will_do,
        max_length=2000,
        required="Say what you will do",
        hint="What will change, and when.",
    )
    submit = SubmitField("Publish", widget=GovSubmitButton())


def answer_form(question: Question, *, data=None) -> FlaskForm:
    """The form of one question page: one field, `answer`, of the question's kind, filled
    with `data` (what the person answered before) unless they have just posted. An optional
    question says so in its heading, and a text question says its limit in its hint, before
    anyone runs into it."""
    label = question.text if question.required else f"{question.text} (optional)"
    validators = [InputRequired(_required_message(question))] if question.required else [Optional()]
    choices = [SelectChoice(str(n), label) for n, label in enumerate(question.option_list)]
    if question.kind == QuestionKind.ONE:
        field = RadioField(
            label,
            choices=choices,
            validators=validators,
            widget=GovRadioInput(),
            description=question.hint,
        )
    elif question.kind == QuestionKind.SEVERAL:
        field = SelectMultipleField(
            label,
            choices=choices,
            validators=validators,
            widget=GovCheckboxesInput(),
            description=question.hint,
        )
    else:
        long = question.kind == QuestionKind.LONG
        limit = LONG_ANSWER if long else SHORT_ANSWER
        field = (text_area if long else text_field)(
            label,
            column=Answer.text,
            max_length=limit,
            required=_required_message(question) if question.required else None,
            hint=" ".join(part for part in (question.hint, limit_hint(limit)) if part),
            **({"widget": GovCharacterCount()} if long else {}),
        )

    class AnswerForm(FlaskForm):
        answer = field
        submit = SubmitField("Continue", widget=GovSubmitButton())

    return AnswerForm(data={"answer": data} if data is not None else {})


def limit_hint(limit: int) -> str:
    """ "Up to 1,000 characters." """
    return f"Up to {limit:,} characters."


def _required_message(question: Question) -> str:
    if question.kind == QuestionKind.ONE:
        return "Choose an answer"
    if question.kind == QuestionKind.SEVERAL:
        return "Choose at least one answer"
    return "Enter your answer"
