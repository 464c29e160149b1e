"""100-day challenges: a team of parents and professionals works on one problem for 100 days,
in public. Public pages, what the team (and staff) manage, following, the closing report.

Who may do what is in services.py; day counting is in days.py.
"""

from flask import Blueprint

bp = Blueprint("challenges", __name__)

from portal.challenges import manage, personal_data, routes  # noqa: E402,F401
