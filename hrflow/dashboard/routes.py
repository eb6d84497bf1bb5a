"""The HR home page.

URL             handler   who
/dashboard/     home      HR, admin
"""

from flask import Blueprint, render_template

from hrflow.access import hr_required
from hrflow.dashboard.services import charts
from hrflow.posts.seats import stats

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.route("/")
@hr_required
def home():
    return render_template("dashboard/home.html", charts=charts(), totals=stats())
