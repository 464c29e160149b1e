"""Parent-led peer support groups: public pages, what leads manage, and the account section.

Group leads are not a global role: see services.py for who may do what.
"""

from flask import Blueprint

bp = Blueprint("groups", __name__)

from portal.groups import account, manage, personal_data, routes  # noqa: E402,F401
