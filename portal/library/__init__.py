from flask import Blueprint

bp = Blueprint("library", __name__)

from portal.library import routes  # noqa: E402,F401
