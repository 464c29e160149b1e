"""Which pledge a business may change, at the service level."""

import pytest

from portal.dates import utcnow
from portal.pledges.models import PledgeStatus
from portal.pledges.services import NotEditable, pledge_to_edit
from tests.factories import make_business, make_pledge


def test_a_business_without_a_pledge_gets_a_new_draft_to_edit(app):
    business = make_business()

    pledge = pledge_to_edit(business, now=utcnow())

    assert pledge.status == PledgeStatus.DRAFT and pledge.business == business


def test_a_pledge_sent_back_for_changes_can_be_edited(app):
    business = make_business()
    sent_back = make_pledge(business, status="changes-requested")

    assert pledge_to_edit(business, now=utcnow()) == sent_back


def test_a_pledge_with_the_team_cannot_be_edited(app):
    business = make_business()
    make_pledge(business, status="submitted")

    with pytest.raises(NotEditable, match="with the team"):
        pledge_to_edit(business, now=utcnow())
