from flask import render_template

from hrflow.access import hr_required
from hrflow.dashboard import bp
from hrflow.dashboard.services import charts
from hrflow.posts.services import stats


@bp.route("/")
@hr_required
def home():
    return render_template("dashboard/home.html", charts=charts(), totals=stats())
