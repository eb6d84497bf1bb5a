"""考场编排's pages, on the recruitment blueprint (service: arrangement.py; docs/portal.md).

URL (under /recruitment)                          method     handler                    who
/<round>/arrangement                              GET        arrangement_page           HR: rooms, seats, 考生须知
/<round>/arrangement/rooms                        POST       arrangement_room_add       HR
/arrangement/rooms/<room>/remove                  POST       arrangement_room_remove    HR (until released)
/<round>/arrangement/arrange                      POST       arrangement_arrange        HR (again, until released)
/<round>/arrangement/rules                        POST       arrangement_rules          HR
/<round>/arrangement/release                      POST       arrangement_release        HR: 准考证 out, mails sent
/<round>/arrangement/sign-in.pdf                  GET        arrangement_sign_in_pdf    HR: 考场签到表, a page per room
/applications/<application>/admission.pdf         GET        admission_pdf              HR: anyone's 准考证
/<round>/scores/publish                           POST       scores_publish             HR: scores to the applicants

The blueprint and the loading helpers are routes.py's; hrflow/recruitment/__init__.py imports this module so
its views are on the blueprint before it is registered."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required
from hrflow.extensions import db
from hrflow.models import ExamRoom, RecruitmentRound
from hrflow.printing.documents import exam as exam_documents
from hrflow.recruitment import arrangement
from hrflow.recruitment.arrangement_forms import RoomForm, RulesForm
from hrflow.recruitment.forms import ActionForm
from hrflow.recruitment.routes import bp, load_application, load_round
from hrflow.web.handlers import Done, button, handle
from hrflow.web.responses import pdf_response


@bp.app_template_global()
def exam_plan(round_: RecruitmentRound):
    """What the scores page shows of the publication (its 公布成绩 button)."""
    return arrangement.plan_of(round_)


def _page(round_: RecruitmentRound, *, room_form: RoomForm | None = None, rules_form: RulesForm | None = None,
          error: str | None = None):
    plan = arrangement.plan_of(round_)
    rooms = arrangement.rooms_of(round_)
    released = plan is not None and plan.released
    return render_template(
        "recruitment/arrangement.html", round=round_, plan=plan, rooms=rooms, seats=arrangement.seats_of(round_),
        candidates=arrangement.candidates(round_), gaps=arrangement.gaps(round_), error=error,
        capacity=arrangement.capacity(rooms), released=released, action=ActionForm(formdata=None),
        editable=not released and round_.status in arrangement.ARRANGING,
        room_form=room_form or RoomForm(formdata=None, data={"number": max((r.number for r in rooms), default=0) + 1}),
        rules_form=rules_form or RulesForm(formdata=None, data={"rules": arrangement.rules_text(plan)}))


@bp.route("/<int:round_id>/arrangement")
@hr_required
def arrangement_page(round_id: int):
    return _page(load_round(round_id))


@bp.route("/<int:round_id>/arrangement/rooms", methods=["POST"])
@hr_required
def arrangement_room_add(round_id: int):
    round_ = load_round(round_id)
    form = RoomForm()

    def add() -> Done:
        room = arrangement.add_room(round_, form.room(), actor=current_user)
        return Done(url_for("recruitment.arrangement_page", round_id=round_id), _("已添加%(room)s。", room=room.name))

    return handle(form, add, page=lambda error: _page(round_, room_form=form, error=error))


@bp.route("/arrangement/rooms/<int:room_id>/remove", methods=["POST"])
@hr_required
def arrangement_room_remove(room_id: int):
    room = db.get_or_404(ExamRoom, room_id)
    round_id = room.round_id

    def remove() -> str:
        lost = arrangement.remove_room(room, actor=current_user)
        return _("考场已删除。") + (_("%(n)s 人须重新编排。", n=lost) if lost else "")

    return button(ActionForm(), remove, back=url_for("recruitment.arrangement_page", round_id=round_id))


@bp.route("/<int:round_id>/arrangement/arrange", methods=["POST"])
@hr_required
def arrangement_arrange(round_id: int):
    round_ = load_round(round_id)
    return button(ActionForm(), lambda: _("已编排考场：%(n)s 人。", n=arrangement.arrange(round_, actor=current_user)),
                  back=url_for("recruitment.arrangement_page", round_id=round_id))


@bp.route("/<int:round_id>/arrangement/rules", methods=["POST"])
@hr_required
def arrangement_rules(round_id: int):
    round_ = load_round(round_id)
    form = RulesForm()

    def save() -> Done:
        arrangement.set_rules(round_, form.rules.data, actor=current_user)
        return Done(url_for("recruitment.arrangement_page", round_id=round_id, _anchor="rules"), _("考生须知已保存。"))

    return handle(form, save, page=lambda error: _page(round_, rules_form=form, error=error))


@bp.route("/<int:round_id>/arrangement/release", methods=["POST"])
@hr_required
def arrangement_release(round_id: int):
    round_ = load_round(round_id)

    def release() -> str:
        seats = arrangement.release_tickets(round_, actor=current_user)
        db.session.commit()  # released before any mail says so
        arrangement.notify_released(round_)
        return _("准考证已发放：%(n)s 人；网上报名的考生已收到邮件通知。", n=len(seats))

    return button(ActionForm(), release, back=url_for("recruitment.arrangement_page", round_id=round_id))


@bp.route("/<int:round_id>/arrangement/sign-in.pdf")
@hr_required
def arrangement_sign_in_pdf(round_id: int):
    round_ = load_round(round_id)
    rooms = arrangement.rooms_of(round_)
    seated = [seat.application for room in rooms for seat in room.seats]
    if not seated:
        abort(404)
    photos = {a.id: uri for a in seated if (uri := arrangement.photo_uri(a))}
    return pdf_response(exam_documents.render_sign_in_pdf(round_, rooms, photos), f"考场签到表-{round_.name}.pdf")


@bp.route("/applications/<int:application_id>/admission.pdf")
@hr_required
def admission_pdf(application_id: int):
    application = load_application(application_id)
    seat = arrangement.seat_of(application) or abort(404)
    data = exam_documents.render_admission_pdf(seat, photo=arrangement.photo_uri(application),
                                               rules=arrangement.rules_text(arrangement.plan_of(application.round)))
    return pdf_response(data, f"准考证-{seat.ticket_number}.pdf")


@bp.route("/<int:round_id>/scores/publish", methods=["POST"])
@hr_required
def scores_publish(round_id: int):
    round_ = load_round(round_id)

    def publish() -> str:
        arrangement.publish_scores(round_, actor=current_user)
        db.session.commit()
        return _("成绩已公布，考生可在“我的报名”查看本人成绩；已邮件通知 %(n)s 人。", n=arrangement.notify_scores(round_))

    return button(ActionForm(), publish, back=url_for("recruitment.scores", round_id=round_id))

