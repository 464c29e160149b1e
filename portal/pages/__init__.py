from flask import Blueprint

bp = Blueprint("pages", __name__)

from portal.pages import routes  # noqa: E402,F401
