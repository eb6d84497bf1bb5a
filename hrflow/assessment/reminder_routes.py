"""Reminders before the deadlines, on the assessment blueprint (hrflow/assessment/reminders.py).

URL (under /assessment)                       method     handler               who
/<year>/remind                                POST       cycle_remind          HR: the reminders due now, sent now

The cycle page lists who would be reminded and who cannot be (未能提醒：无邮箱)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required
from hrflow.assessment import reminders
from hrflow.assessment.forms import ActionForm
from hrflow.assessment.routes import _cycle_page, bp, load_cycle
from hrflow.web.handlers import Done, handle


@bp.route("/<int:year>/remind", methods=["POST"])
@hr_required
def cycle_remind(year: int):
    cycle = load_cycle(year)
    form = ActionForm()

    def act() -> Done:
        result = reminders.send_reminders(cycle, actor=current_user)
        unreachable = len(result.plan.unreachable)
        message = _("已发送 %(n)s 封截止日期提醒。", n=len(result.sent))
        if unreachable:
            message += " " + _("%(n)s 人没有邮箱，未能提醒。", n=unreachable)
        return Done(url_for(".cycle", year=cycle.year, _anchor="reminders"), message)

    return handle(form, act, page=lambda error: _cycle_page(cycle, error=error))
