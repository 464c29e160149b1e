from flask import Blueprint

bp = Blueprint("pledges", __name__)

from portal.pledges import account, business_routes, owner_routes, routes  # noqa: E402,F401
