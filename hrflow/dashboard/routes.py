"""The HR home page and the unit's own calendar days.

URL                                   method     handler          who
/dashboard/                           GET        home             HR, admin
/dashboard/calendar                   GET, POST  calendar         HR, admin: ?year=; a POST adds a day
/dashboard/calendar/<id>/remove       POST       calendar_remove  HR, admin
"""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required
from hrflow.dashboard import calendar as unit_days
from hrflow.dashboard.forms import LocalDayForm, RemoveDayForm
from hrflow.dashboard.services import charts
from hrflow.extensions import db
from hrflow.models import LocalDay
from hrflow.posts.seats import stats
from hrflow.web.handlers import Done, handle

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.route("/")
@hr_required
def home():
    return render_template("dashboard/home.html", charts=charts(), totals=stats())


@bp.route("/calendar", methods=["GET", "POST"])
@hr_required
def calendar():
    year = request.args.get("year", date.today().year, type=int)
    if not 1900 <= year <= 2999:
        abort(404)
    form = LocalDayForm()

    def add() -> Done:
        local = unit_days.add_local_day(form.day.data, worked=form.worked.data == "worked", note=form.note.data,
                                        actor=current_user)
        return Done(url_for("dashboard.calendar", year=local.day.year),
                    _("已把 %(day)s 加入本单位日历。", day=local.day.isoformat()))

    return handle(form, add, page=lambda error: render_template(
        "dashboard/calendar.html", form=form, error=error, calendar=unit_days.year_calendar(year),
        remove_form=RemoveDayForm(formdata=None)))


@bp.route("/calendar/<int:day_id>/remove", methods=["POST"])
@hr_required
def calendar_remove(day_id: int):
    local = db.session.get(LocalDay, day_id) or abort(404)
    if RemoveDayForm().validate_on_submit():
        unit_days.remove_local_day(local, actor=current_user)
        flash(_("已从本单位日历删除 %(day)s。", day=local.day.isoformat()), "success")
    return redirect(url_for("dashboard.calendar", year=local.day.year))
