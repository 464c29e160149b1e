from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import address_routes, data_routes, routes  # noqa: E402,F401
