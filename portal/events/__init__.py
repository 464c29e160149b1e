"""Training sessions and their bookings: public pages, the booking journey, the account section."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from portal.events import account, booking_routes, routes  # noqa: E402,F401
