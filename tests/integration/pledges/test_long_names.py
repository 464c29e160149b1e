"""A business whose name is as long as the form allows can send its pledge and hear back about
it: every email's subject is shortened to fit (PostgreSQL refuses a longer one)."""

from datetime import timedelta

from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import SUBJECT_LENGTH
from portal.pledges.models import Business, Pledge
from portal.pledges.owners import invite_colleague
from portal.pledges.services import request_changes
from tests.factories import make_business, make_pledge, make_user

NAME = ("The Glades Shopping Centre Customer Services " * 5)[: Business.name.type.length - 1] + "s"


def _subjects() -> list[str]:
    return db.session.scalars(db.select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()


def _fits(subject: str, start: str) -> bool:
    return subject.startswith(start) and len(subject) <= SUBJECT_LENGTH and "\u2026" in subject


def test_a_business_with_the_longest_name_can_send_its_pledge_and_have_it_approved(app, staff_user):
    business = make_business(name=NAME)
    assert business.name == NAME

    make_pledge(business, staff=staff_user)

    sent, approved = _subjects()
    assert _fits(sent, "Pledge sent for review: The Glades")
    assert _fits(approved, "Pledge approved: The Glades")


def test_it_can_be_asked_for_changes(app, staff_user):
    pledge = make_pledge(make_business(name=NAME), status="submitted")

    request_changes(pledge, message="Add the day.", actor=staff_user, now=utcnow())
    db.session.commit()

    assert db.session.get(Pledge, pledge.id).status == "changes-requested"
    assert _fits(_subjects()[-1], "Please change your pledge: The Glades")


def test_it_is_reminded_before_its_pledge_ends(app):
    make_pledge(make_business(name=NAME), now=utcnow() - timedelta(days=340))

    result = app.test_cli_runner().invoke(args=["pledges", "remind"])

    assert result.exit_code == 0, result.output
    assert "Queued 1 reminders" in result.output
    assert _fits(_subjects()[-1], "Your pledge ends soon: The Glades")


def test_an_owner_with_the_longest_name_can_invite_a_colleague(app):
    owner = make_user(full_name=("Alexandra " * 30)[:200].strip())
    business = make_business(owner, name=NAME)

    invite_colleague(
        business,
        email="colleague@example.org",
        invited_by=owner,
        now=utcnow(),
        lifetime=timedelta(days=7),
    )
    db.session.commit()

    subject = _subjects()[-1]
    assert _fits(subject, "Alexandra Alexandra")
    assert " invited you to help manage The Glades" in subject
