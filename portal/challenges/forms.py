"""Forms for challenges: the challenge, its team, actions, outputs, updates and report."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect
from wtforms import RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Optional

from portal.challenges.models import (
    ACTION_LABELS,
    BRINGING_LABELS,
    Action,
    Challenge,
    ChallengeUpdate,
    TeamMember,
)
from portal.forms import GovDateField, GovSubmitButton, text_area, text_field


class ChallengeForm(FlaskForm):
    title = text_field(
        "Name of the challenge",
        column=Challenge.title,
        required="Enter a name for the challenge",
        hint="For example: Autism awareness and training",
    )
    goal = text_area(
        "Goal",
        column=Challenge.goal,
        required="Say what the challenge wants to achieve in 100 days",
        max_length=2000,
        hint="What the team wants to achieve in 100 days, in one or two short sentences.",
    )
    starts_on = GovDateField(
        "Start date (day 1)",
        validators=[InputRequired("Enter the start date")],
        description="For example, 27 3 2027",
    )
    submit = SubmitField("Save", widget=GovSubmitButton())


class TeamMemberForm(FlaskForm):
    name = text_field("Name", column=TeamMember.name, required="Enter their name")
    bringing = RadioField(
        "What they bring",
        choices=[SelectChoice(v, label) for v, label in BRINGING_LABELS.items()],
        validators=[InputRequired("Choose what they bring to the team")],
        widget=GovRadioInput(),
    )
    account_email = text_field(
        "Email address of their account (optional)",
        max_length=254,
        hint="With an account linked, they can post updates and keep actions up to date.",
    )
    submit = SubmitField("Add to the team", widget=GovSubmitButton())

    def validate_account_email(self, field) -> None:
        if field.data:
            Email("Enter an email address like name@example.org")(self, field)


class ActionForm(FlaskForm):
    what = text_field("What", column=Action.what, required="Say what will be done")
    who = text_field(
        "Who", column=Action.who, required="Say who will do it", hint="A name, or a group."
    )
    due_on = GovDateField(
        "Due date (optional)", validators=[Optional()], description="For example, 27 3 2027"
    )
    status = RadioField(
        "Status",
        choices=[SelectChoice(v, label) for v, label in ACTION_LABELS.items()],
        validators=[InputRequired("Choose how far along it is")],
        default="to-do",
        widget=GovRadioInput(),
    )
    submit = SubmitField("Save action", widget=GovSubmitButton())


class OutputForm(FlaskForm):
    thing = SelectField(
        "What the challenge made",
        validators=[InputRequired("Choose what the challenge made")],
        widget=GovSelect(),
        validate_choice=False,  # checked by the service: it may have gone since the page
    )
    submit = SubmitField("Add output", widget=GovSubmitButton())

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        self.thing.choices = [SelectChoice("", "Choose one")] + [
            SelectChoice(value, label) for value, label in choices
        ]


class UpdateForm(FlaskForm):
    body = text_area(
        "This week's update",
        column=ChallengeUpdate.body,
        required="Write the update",
        max_length=3000,
        hint="What happened this week, and what comes next. Short sentences help.",
    )
    submit = SubmitField("Post update and email followers", widget=GovSubmitButton())


class ReportForm(FlaskForm):
    what_was_made = text_area(
        "What was made",
        column=Challenge.what_was_made,
        required="Say what the challenge made",
    )
    what_changed = text_area(
        "What changed", column=Challenge.what_changed, required="Say what changed"
    )
    what_comes_next = text_area(
        "What comes next", column=Challenge.what_comes_next, required="Say what comes next"
    )
    submit = SubmitField("Publish the closing report", widget=GovSubmitButton())
