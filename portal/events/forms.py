"""Booking journey and feedback forms, one question per page where it helps."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.events.models import ADJUSTMENTS, AUDIENCE_LABELS, KIND_LABELS, Booking, Feedback
from portal.events.services import max_places_per_session, too_many_places
from portal.forms import GovSubmitButton, text_area, text_field


class EventFilterForm(Form):
    """The GET form above the list of sessions (no CSRF: it changes nothing)."""

    audience = SelectField("Who it is for", widget=GovSelect(), default="")
    kind = SelectField("Kind of session", widget=GovSelect(), default="")
    month = SelectField("Month", widget=GovSelect(), default="")
    submit = SubmitField("Show sessions", widget=GovSubmitButton())

    def set_choices(self, choices) -> None:
        """Offer only what some coming session has (`choices`: queries.FilterChoices)."""
        self.audience.choices = [SelectChoice("", "Everyone")] + [
            SelectChoice(value, label)
            for value, label in AUDIENCE_LABELS.items()
            if value in choices.audiences
        ]
        self.kind.choices = [SelectChoice("", "Any kind")] + [
            SelectChoice(value, label)
            for value, label in KIND_LABELS.items()
            if value in choices.kinds
        ]
        self.month.choices = [SelectChoice("", "Any month")] + [
            SelectChoice(month.value, month.label) for month in choices.months
        ]


class PartySize:
    """A number from `minimum` to the places one account may hold in a session: a setting,
    so it is read when the form is checked."""

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum

    def __call__(self, form, field) -> None:
        most = max_places_per_session()
        if field.data is not None and not self.minimum <= field.data <= most:
            raise ValidationError(f"Enter a number from {self.minimum} to {most}")


def _count(label: str, *, minimum: int, message: str, hint: str = "") -> IntegerField:
    return IntegerField(
        label,
        validators=[InputRequired(message), PartySize(minimum)],
        description=hint,
        widget=GovTextInput(),
    )


class WhoIsComingForm(FlaskForm):
    adults = _count(
        "How many adults are coming?",
        minimum=1,
        message="Enter how many adults are coming",
        hint="Include yourself.",
    )
    children = _count(
        "How many children or young people are coming?",
        minimum=0,
        message="Enter how many children are coming, or 0",
        hint="Enter 0 if none.",
    )
    children_ages = text_field(
        "Children's ages (optional)",
        column=Booking.children_ages,
        too_long="Ages must be %(max)d characters or fewer",
        hint="For example, 4 and 9. This helps the team plan. You do not have to say.",
    )
    carer = RadioField(
        "Is a carer or support worker coming with you?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[InputRequired("Select yes if a carer is coming with you")],
        description="A carer takes a place too.",
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())

    def validate_children(self, field) -> None:
        adults = self.adults.data or 0
        carer = 1 if self.carer.data == "yes" else 0
        if field.data is not None and adults + field.data + carer > max_places_per_session():
            raise ValidationError(too_many_places())


class NeedsForm(FlaskForm):
    adjustments = SelectMultipleField(
        "What would help you or your child? (optional)",
        choices=[SelectChoice(value, label) for value, label in ADJUSTMENTS],
        description="Select all that apply.",
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    note = text_area(
        "Anything else that would help (optional)",
        column=Booking.needs_note,
        max_length=500,
        hint="For example, sounds your child finds hard, or how they let you know they need "
        "a break.",
        widget=GovCharacterCount(),
    )
    consent = BooleanField(
        "I agree that the staff who lead this session, and the portal's administrators, may see "
        "this and use it to help us on the day",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitButton())

    def validate_consent(self, field) -> None:
        if (self.adjustments.data or (self.note.data or "").strip()) and not field.data:
            raise ValidationError(
                "Tick the box to let us keep what would help, or clear your answers to skip this"
            )


RATINGS = [
    SelectChoice("5", "Very good"),
    SelectChoice("4", "Good"),
    SelectChoice("3", "Neither good nor poor"),
    SelectChoice("2", "Poor"),
    SelectChoice("1", "Very poor"),
]
CONFIDENCE = [
    SelectChoice(str(n), label)
    for n, label in [
        (1, "1: not at all confident"),
        (2, "2"),
        (3, "3"),
        (4, "4"),
        (5, "5: very confident"),
    ]
]


class FeedbackForm(FlaskForm):
    rating = RadioField(
        "Overall, how was the session?",
        choices=RATINGS,
        validators=[InputRequired("Select how the session was")],
        widget=GovRadioInput(),
    )
    helped = text_area("What helped? (optional)", column=Feedback.helped, max_length=1000)
    could_be_better = text_area(
        "What could be better? (optional)", column=Feedback.could_be_better, max_length=1000
    )
    confidence_before = RadioField(
        "Before the session, how confident did you feel supporting autistic people? (optional)",
        choices=CONFIDENCE,
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    confidence_after = RadioField(
        "After the session, how confident do you feel supporting autistic people? (optional)",
        choices=CONFIDENCE,
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Send feedback", widget=GovSubmitButton())
