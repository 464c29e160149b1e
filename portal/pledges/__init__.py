from flask import Blueprint

bp = Blueprint("pledges", __name__)

from portal.pledges import (  # noqa: E402,F401
    account,
    business_routes,
    change_routes,
    owner_routes,
    routes,
    training_routes,
)
from portal.pledges.quiet_hours import next_quiet_hour, weekly_label  # noqa: E402
from portal.pledges.towns import town_of  # noqa: E402

bp.add_app_template_filter(weekly_label, "quiet_hour")
bp.add_app_template_filter(town_of, "town")
bp.add_app_template_global(next_quiet_hour)
