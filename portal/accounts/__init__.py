from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import (  # noqa: E402,F401
    address_routes,
    data_routes,
    routes,
    second_factor_data,
    two_step_routes,
)
