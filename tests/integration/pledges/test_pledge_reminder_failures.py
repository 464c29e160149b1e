"""`flask pledges remind` carries on past a pledge whose email fails: the other businesses are
told, the failure is logged by the pledge's id and counted, and the command exits non-zero."""

from datetime import timedelta

from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.pledges.models import Pledge
from tests.factories import make_business, make_pledge, make_user
from tests.refusals import database_refuses

BROKEN = "broken@example.org"


def _pledge(email: str, name: str, *, days_ago: int) -> Pledge:
    business = make_business(make_user(email=email, role="business"), name=name)
    return make_pledge(business, now=utcnow() - timedelta(days=days_ago))


def test_one_failing_pledge_notice_does_not_stop_the_others(app, caplog):
    first = _pledge("first@example.org", "First Café", days_ago=340)
    broken = _pledge(BROKEN, "Broken Café", days_ago=340)
    last = _pledge("last@example.org", "Last Café", days_ago=340)
    ended = _pledge("ended@example.org", "Ended Café", days_ago=370)

    with database_refuses("outbox_messages", on="INSERT", when=f"NEW.recipient = '{BROKEN}'"):
        result = app.test_cli_runner().invoke(args=["pledges", "remind"])

    assert result.exit_code == 1
    assert "Queued 2 reminders and 1 expiry notices" in result.output
    assert "1 failed: see the log" in result.output
    sent = db.session.scalars(db.select(OutboxMessage.subject)).all()
    assert "Your pledge ends soon: First Café" in sent
    assert "Your pledge ends soon: Last Café" in sent
    assert "Your pledge has ended: Ended Café" in sent
    assert "Your pledge ends soon: Broken Café" not in sent
    assert db.session.get(Pledge, first.id).reminder_sent_at is not None
    assert db.session.get(Pledge, last.id).reminder_sent_at is not None
    assert db.session.get(Pledge, ended.id).expiry_notice_sent_at is not None
    assert db.session.get(Pledge, broken.id).reminder_sent_at is None  # tried again next run
    [logged] = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged.startswith(f"Reminder for pledge {broken.id} failed: ")
    assert BROKEN not in logged
