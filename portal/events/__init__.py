from flask import Blueprint

bp = Blueprint("events", __name__)

from portal.events import booking_routes, routes  # noqa: E402,F401
