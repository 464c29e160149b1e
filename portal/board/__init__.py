"""The all-ages autism partnership board: who sits on it, its meetings, papers and minutes, the
decisions it takes, and "Ask the board" (questions people send, answered in public)."""

from flask import Blueprint

bp = Blueprint("board", __name__)

from portal.board import account, personal_data, routes  # noqa: E402,F401
