from werkzeug.datastructures import MultiDict
from wtforms import Form

from portal.forms import text_area, text_field


class _Form(Form):
    name = text_field("Name", required="Enter your name", max_length=10)
    note = text_area("Note (optional)", max_length=5)


def _form(**data) -> _Form:
    return _Form(MultiDict(data))


def test_text_field_refuses_an_answer_of_spaces_only():
    form = _form(name="   ")
    assert not form.validate()
    assert form.name.errors == ["Enter your name"]


def test_text_field_keeps_the_answer_without_surrounding_spaces():
    form = _form(name="  Sam  ")
    assert form.validate()
    assert form.name.data == "Sam"


def test_text_field_too_long_names_the_question_and_the_limit():
    form = _form(name="x" * 11)
    assert not form.validate()
    assert form.name.errors == ["Name must be 10 characters or fewer"]


def test_optional_text_area_accepts_nothing_and_strips_spaces_to_empty():
    form = _form(name="Sam", note="   ")
    assert form.validate()
    assert form.note.data == ""


def test_a_too_long_answer_to_a_question_is_asked_to_be_shorter():
    class Question(Form):
        helped = text_area("What helped? (optional)", max_length=3)

    form = Question(MultiDict({"helped": "much"}))
    assert not form.validate()
    assert form.helped.errors == ["Keep this to 3 characters or fewer"]
