"""Every text answer fits the column it is saved in: PostgreSQL refuses a longer value (SQLite
does not), so a form that allows more than its column turns a long answer into an error page.

Each text question names its column (`text_field(..., column=Event.title)`, or a `FitsColumn`
validator), which sets its limit; the few answers saved nowhere as typed are listed below.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from wtforms import Form, PasswordField, StringField
from wtforms.fields.core import UnboundField

import portal
from portal.events.models import Event
from portal.forms import FitsColumn, text_area, text_field
from portal.pledges.services import MAX_QUIET_HOURS

# Text answers that are not saved as typed, so no column limits them; each says what happens
# to it instead. Keyed by the form class that declares the field.
NOT_SAVED = {
    ("DirectoryFilterForm", "q"): "a search box: only looked for",
    ("EventForm", "start_time"): "read as a time of day (dates.parse_time)",
    ("EventForm", "end_time"): "read as a time of day (dates.parse_time)",
    ("EventForm", "running_order"): "read as steps, each title cut to its column's length",
    **{
        ("DetailsForm", f"quiet_{end}_{n}"): "read as a time of day, saved as a time"
        for end in ("starts", "ends")
        for n in range(1, MAX_QUIET_HOURS + 1)
    },
    ("CodeForm", "code"): "a one-time code: checked against the app's secret, never saved",
    ("SetUpAppForm", "code"): "a one-time code: checked against the app's secret, never saved",
    ("ConfirmWithCodeForm", "code"): "a one-time or recovery code: checked, never saved",
    ("RecoveryCodeForm", "code"): "a recovery code: compared with the stored hashes",
    ("MeetupForm", "start_time"): "read as a time of day (dates.parse_time)",
    ("MeetingForm", "start_time"): "read as a time of day (dates.parse_time)",
    ("LeadForm", "email"): "only looked up: the account with that address is made a lead",
    ("TeamMemberForm", "account_email"): "only looked up: that account is linked to the team",
    ("CancelMeetupForm", "reason"): "saved as the sessions' cancel_reason (Text) and emailed",
    ("StaffTrainingForm", "names"): "split into lines, each a name checked against its column",
}
# Passwords are checked against a hash, or hashed: never saved as typed.
NOT_SAVED_KINDS = (PasswordField,)


def _all_forms() -> list[type[Form]]:
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)
    found, todo = [], [Form]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("portal."):
                found.append(subclass)
    return found


def _text_fields(form: type[Form]):
    """(declaring class name, field name, unbound field) for each text answer of `form`."""
    for name in dir(form):
        unbound = getattr(form, name)
        if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, StringField):
            owner = next(cls for cls in form.__mro__ if name in vars(cls))
            yield owner.__name__, name, unbound


def _column_limit(unbound: UnboundField) -> FitsColumn | None:
    assert len(unbound.args) <= 1, "validators must be given by name"
    validators = unbound.kwargs.get("validators", [])
    return next((v for v in validators if isinstance(v, FitsColumn)), None)


FORMS = _all_forms()


def test_the_walk_finds_the_portals_forms():
    names = {form.__name__ for form in FORMS}
    assert {"RegisterForm", "EventForm", "BusinessForm", "MessageForm", "ItemForm"} <= names
    assert len(names) > 30


def test_every_text_answer_names_its_column_and_fits_it():
    problems = []
    for form in FORMS:
        for owner, name, unbound in _text_fields(form):
            limit = _column_limit(unbound)
            if limit is None:
                if (owner, name) not in NOT_SAVED and not issubclass(
                    unbound.field_class, NOT_SAVED_KINDS
                ):
                    problems.append(f"{form.__name__}.{name} names no column")
                continue
            length = limit.column.type.length
            if length is not None and not 0 < limit.max <= length:
                problems.append(f"{form.__name__}.{name} takes {limit.max}, its column {length}")
            if length is None and limit.max <= 0:
                problems.append(f"{form.__name__}.{name} has no limit")
    assert problems == []


def test_the_list_of_answers_saved_nowhere_names_real_fields_without_a_column():
    fields = {
        (owner, name): unbound for form in FORMS for owner, name, unbound in _text_fields(form)
    }
    for key in NOT_SAVED:
        assert key in fields, f"{key} is not a text field of a form"
        assert _column_limit(fields[key]) is None, f"{key} names a column: take it off the list"


def test_a_limit_above_the_columns_length_cannot_be_declared():
    with pytest.raises(ValueError, match="holds 200 characters"):
        text_field("Title", column=Event.title, max_length=201)


def test_a_column_without_a_length_needs_a_limit_of_its_own():
    with pytest.raises(ValueError, match="no length"):
        text_field("Description", column=Event.description)
    assert _column_limit(text_area("Description", column=Event.description)).max == 4000


def test_the_limit_comes_from_the_column():
    assert _column_limit(text_field("Title", column=Event.title)).max == 200
    assert _column_limit(text_field("Title", column=Event.title, max_length=80)).max == 80
