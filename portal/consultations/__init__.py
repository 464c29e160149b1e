"""“Have your say”: consultations staff publish, answered one question per page by anyone (or
by people signed in), and what we heard and will do once they close.

Staff pages are in portal/staff/consultations.py.
"""

from flask import Blueprint

bp = Blueprint("consultations", __name__)

from portal.consultations import personal_data, routes  # noqa: E402,F401
