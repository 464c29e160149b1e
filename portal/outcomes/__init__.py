"""“You said, we did”: one public page gathering every published outcome.

Each domain that publishes outcomes (library suggestions, families' comments on businesses,
consultations, the board) gives a function returning `Outcome`s; `sources.py` lists them.
"""

from flask import Blueprint

bp = Blueprint("outcomes", __name__)

from portal.outcomes import routes  # noqa: E402,F401
