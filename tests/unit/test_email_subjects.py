"""Email subjects fit the outbox's subject column, shortened at a word with an ellipsis."""

from portal.outbox.models import OutboxMessage
from portal.outbox.services import SUBJECT_LENGTH, email_subject, shorten

LONG_TITLE = " ".join(["Understanding"] * 15)[:200]  # 200 characters, in words


def test_the_limit_is_the_columns_length():
    assert SUBJECT_LENGTH == OutboxMessage.subject.type.length == 200


def test_a_short_text_is_kept_as_it_is():
    assert shorten("Through their eyes", 18) == "Through their eyes"


def test_a_long_text_is_cut_after_a_whole_word_with_an_ellipsis():
    assert shorten("Through their eyes", 17) == "Through their…"
    assert shorten("Through their eyes", 14) == "Through their…"
    assert shorten("Through their eyes", 13) == "Through…"


def test_punctuation_before_the_cut_is_dropped():
    assert shorten("Quiet hour: Tuesdays, mornings", 22) == "Quiet hour: Tuesdays…"


def test_one_long_word_is_cut_inside_it():
    assert shorten("Supercalifragilistic", 10) == "Supercali…"


def test_nothing_longer_than_the_limit_comes_back():
    text = "a bb ccc dddd eeeee " * 10
    for limit in range(0, 60):
        assert len(shorten(text, limit)) <= limit


def test_a_subject_with_a_long_title_fits_and_keeps_the_reference():
    subject = email_subject(
        "Booking confirmed: {title} ({reference})", title=LONG_TITLE, reference="BRM-ABC123"
    )
    assert len(subject) <= SUBJECT_LENGTH
    assert subject.startswith("Booking confirmed: Understanding Understanding")
    assert subject.endswith("Understanding… (BRM-ABC123)")


def test_two_long_parts_share_the_room():
    subject = email_subject(
        "{subject} ({title})", subject="Parking " * 18 + "changes", title=LONG_TITLE
    )
    assert len(subject) <= SUBJECT_LENGTH
    words, title = subject[:-1].split(" (")
    assert 80 < len(words) <= 99
    assert 80 < len(title) <= 99


def test_a_subject_that_fits_is_unchanged():
    assert email_subject("Reminder: {title}", title="Through their eyes") == (
        "Reminder: Through their eyes"
    )


def test_line_breaks_and_runs_of_spaces_in_a_part_become_one_space():
    assert email_subject("Reminder: {title}", title="Through\n their   eyes") == (
        "Reminder: Through their eyes"
    )
