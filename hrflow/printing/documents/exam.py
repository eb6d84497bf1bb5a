"""考场编排's printed forms, each a pure function of what it prints: the 准考证 of one seat and the 考场签到表
of a round's rooms (one page per room)."""

from __future__ import annotations

from hrflow.models import ExamRoom, ExamSeat, RecruitmentRound
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing.documents import document_html


def admission_html(seat: ExamSeat, *, photo: str | None, rules: str) -> str:
    """photo: a data URI (the photo uploaded online), or None for a box to paste one in."""
    application = seat.application
    return document_html("exam_admission", seat=seat, room=seat.room, application=application,
                         person=application.applicant, round=application.vacancy.round, photo=photo,
                         rules=[line.strip() for line in rules.splitlines() if line.strip()])


def render_admission_pdf(seat: ExamSeat, *, photo: str | None, rules: str) -> bytes:
    return render_html_to_pdf(admission_html(seat, photo=photo, rules=rules))


def sign_in_html(round_: RecruitmentRound, rooms: list[ExamRoom], photos: dict[int, str]) -> str:
    """photos: data URIs by application id (those who applied online)."""
    return document_html("exam_sign_in", round=round_, rooms=[room for room in rooms if room.seats], photos=photos)


def render_sign_in_pdf(round_: RecruitmentRound, rooms: list[ExamRoom], photos: dict[int, str]) -> bytes:
    return render_html_to_pdf(sign_in_html(round_, rooms, photos))
