"""What the pledges domain adds to accounts: the person's comments, businesses, signed pledges
and the staff they booked onto training in "Download your data", and erasing them with the
account (pledges/personal_data.py)."""

from __future__ import annotations

from portal.accounts.registry import data_held_about, when_account_erased
from portal.pledges import personal_data

data_held_about("visit_comments", "Your comments on businesses", order=20)(
    personal_data.comments_held
)
data_held_about("businesses", "Businesses you run", order=21)(personal_data.businesses_held)
data_held_about("pledges_signed", "Pledges you signed", order=22)(personal_data.pledges_signed_held)
data_held_about("staff_training", "Staff you booked onto training", order=23)(
    personal_data.trainees_held
)
when_account_erased(personal_data.erase_from_pledges)
when_account_erased(personal_data.erase_trainees_booked_by)
