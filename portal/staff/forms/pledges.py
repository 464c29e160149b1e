"""Reviewing pledges and keeping the catalogue of commitments."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput
from wtforms import BooleanField, SubmitField

from portal.forms import GovSubmitButton, text_area, text_field
from portal.pledges.models import BusinessChange, Commitment, Pledge, VisitComment


class ReviewForm(FlaskForm):
    message = text_area(
        "Message to the business",
        column=Pledge.staff_message,
        max_length=2000,
        hint="Needed when you ask for changes or decline.",
    )
    submit = SubmitField("Send", widget=GovSubmitButton())


class ChangeReviewForm(FlaskForm):
    message = text_area(
        "Message to the business",
        column=BusinessChange.staff_message,
        max_length=2000,
        hint="Needed when you send the changes back: say what to change.",
    )


class CommitmentForm(FlaskForm):
    title = text_field("Title", column=Commitment.title, required="Enter a title")
    description = text_area(
        "What it means, in plain words",
        column=Commitment.description,
        required="Enter what it means",
        max_length=1000,
    )
    evidence = text_area(
        "What shows it is kept (optional)", column=Commitment.evidence, max_length=1000
    )
    active = BooleanField("Businesses can choose this", widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitButton())


class ActedOnForm(FlaskForm):
    acted_on = text_area(
        "What was done because of this comment",
        column=VisitComment.acted_on,
        required="Say what was done because of this comment",
        max_length=1000,
        hint="Shown on “You said, we did” under the family's words. "
        "For example: The shop now turns its music off during the quiet hour.",
    )
    submit = SubmitField("Publish on “You said, we did”", widget=GovSubmitButton())
