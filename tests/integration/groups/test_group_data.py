"""What groups hold about a person is in "Download your data", and goes when they erase."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.data_rights import erase_account
from portal.accounts.registry import data_parts
from portal.dates import utcnow
from portal.extensions import db
from portal.groups.models import ConcernReport, GroupFollower, GroupLead, GroupUpdate
from portal.groups.services import follow, post_update, report_concern
from tests.factories import make_user
from tests.integration.groups.factories import make_group


def _footprint():
    person = make_user(email="marker@example.org", full_name="Marker Person")
    group = make_group(lead=person)
    follow(group, person, now=utcnow())
    post_update(group, title="Marker news", body="Marker body", actor=person, now=utcnow())
    report_concern(group, message="Marker worry", reporter=person, now=utcnow())
    db.session.commit()
    return person


def test_download_your_data_holds_follows_leads_updates_and_concerns(app):
    person = _footprint()

    held = {part.key: part.records(person) for part in data_parts()}

    assert held["groups_followed"][0]["Group"] == "Bromley Parents Together"
    assert held["groups_led"][0]["Group"] == "Bromley Parents Together"
    assert held["group_updates"][0]["Title"] == "Marker news"
    assert held["group_concerns"][0]["What you told us"] == "Marker worry"


def test_erasing_an_account_stops_following_and_leading_and_unlinks_what_they_wrote(app):
    person = _footprint()

    erase_account(person, actor=person, reason="asked", now=utcnow())
    db.session.commit()

    assert db.session.scalar(select(GroupFollower.id)) is None
    assert db.session.scalar(select(GroupLead.id)) is None
    assert db.session.scalar(select(GroupUpdate.author_id)) is None
    assert db.session.scalar(select(ConcernReport.reporter_id)) is None
