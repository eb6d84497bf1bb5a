"""The home pages (what is waiting for me) and the unit's own calendar days.

URL                                   method     handler          who
/home                                 GET        my_home          heads and employees (HR: sent to /dashboard/)
/dashboard/                           GET        home             HR, admin: the to-do list, totals and charts
/dashboard/calendar                   GET, POST  calendar         HR, admin: ?year=; a POST adds a day
/dashboard/calendar/<id>/remove       POST       calendar_remove  HR, admin
"""


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hrflow.access import hr_required
from hrflow.clock import unit_today
from hrflow.dashboard import calendar as unit_days
from hrflow.dashboard import todo
from hrflow.dashboard.forms import LocalDayForm, RemoveDayForm
from hrflow.dashboard.services import charts
from hrflow.extensions import db
from hrflow.models import LocalDay
from hrflow.posts.seats import stats
from hrflow.web.handlers import Done, handle

bp = Blueprint("dashboard", __name__)


@bp.route("/home")
@login_required
def my_home():
    if current_user.is_hr:
        return redirect(url_for("dashboard.home"))
    return render_template("dashboard/my_home.html", home=todo.home(current_user, unit_today()))


@bp.route("/dashboard/")
@hr_required
def home():
    batch = todo.latest_import()
    return render_template("dashboard/home.html", todo=todo.hr_todo(unit_today()), charts=charts(url_for),
                           totals=stats(), latest_import=batch, import_warnings=todo.import_warnings(batch))


@bp.route("/dashboard/calendar", methods=["GET", "POST"])
@hr_required
def calendar():
    year = request.args.get("year", unit_today().year, type=int)
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


@bp.route("/dashboard/calendar/<int:day_id>/remove", methods=["POST"])
@hr_required
def calendar_remove(day_id: int):
    local = db.session.get(LocalDay, day_id) or abort(404)
    if RemoveDayForm().validate_on_submit():
        unit_days.remove_local_day(local, actor=current_user)
        flash(_("已从本单位日历删除 %(day)s。", day=local.day.isoformat()), "success")
    return redirect(url_for("dashboard.calendar", year=local.day.year))
