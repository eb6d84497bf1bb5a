"""考场编排, 准考证 and scores published to applicants (hrflow/recruitment/arrangement.py; docs/portal.md): rooms
never hold more than their seats, a refusal says how many more are needed, 准考证号 are unique and read back
to room and seat, the arrangement runs again until the 准考证 are released and never after; the 准考证 PDF
carries the Chinese text and the number; the mails reach a real SMTP server; the applicant sees their own
scores once published, and the round's public page the 公示 list once in 公示."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hrflow.extensions import db
from hrflow.models import AuditLog, ExamSeat, OutgoingMail, RecruitmentError, RoundStatus, User
from hrflow.models.base import utcnow
from hrflow.portal import services
from hrflow.portal.access import SESSION_KEY
from hrflow.printing.documents import exam as exam_documents
from hrflow.recruitment import arrangement
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from tests import portal_support as support
from tests.pdfcheck import pdf_fonts, pdf_text

START = datetime(2026, 8, 15, 9, 0)
END = datetime(2026, 8, 15, 11, 0)


@pytest.fixture
def hr(demo):
    return db.session.scalar(select(User).where(User.username == "hr"))


def _room(number: int, capacity: int, place: str = "市图书馆三楼报告厅") -> arrangement.RoomData:
    return arrangement.RoomData(number=number, place=place, capacity=capacity, starts_at=START, ends_at=END)


def _round_with(hr, names: list[str], *, portal: int = 1):
    """A round on two posts in 考试, its portal open: `portal` applicants who applied online (to the first
    post), then people HR entered (alternating posts), all eligible. Returns (round, entries, HR's applications)."""
    from datetime import timedelta

    from hrflow.posts.queries import find_post
    from hrflow.recruitment import operations

    round_ = operations.open_round("考场编排测试", date(2026, 6, 30), actor=hr,
                                   posts=[(find_post("办公室/办证咨询"), 1), (find_post("物业管理部/工作人员"), 1)])
    services.open_portal(round_, opens_at=utcnow() - timedelta(days=1), closes_at=utcnow() + timedelta(days=7),
                         notice="招聘公告正文", published=True, actor=hr)
    entries = []
    for index in range(portal):
        account = support.account(f"sit{index}@example.com")
        entry = support.filled_entry(account, round_, name=f"网报{index}",
                                     id_number=support.id_number(serial=f"{index:02d}3"))
        services.submit(entry, pledge=True, now=utcnow())
        entries.append(entry)
    entered = [add_applicant(round_, ApplicantData(name=name, gender="女", birth_date=date(1996, 5, 1), education="本科"),
                             round_.vacancies[index % 2].post, actor=hr) for index, name in enumerate(names)]
    for application in [e.application for e in entries] + entered:
        application.status = "eligible"
    round_.status = RoundStatus.EXAMINING.value
    db.session.commit()
    return round_, entries, entered


def test_rooms_are_filled_post_by_post_then_by_number_and_never_beyond_their_seats(hr):
    round_, entries, entered = _round_with(hr, ["甲", "乙", "丙", "丁"])
    arrangement.add_room(round_, _room(1, 2), actor=hr)
    arrangement.add_room(round_, _room(2, 2, "市图书馆三楼 302"), actor=hr)
    db.session.commit()

    with pytest.raises(RecruitmentError, match=r"5 人参加考试，现有 4 个座位，还需 1 个座位"):
        arrangement.arrange(round_, actor=hr)
    db.session.rollback()

    arrangement.add_room(round_, _room(3, 30, "市图书馆四楼"), actor=hr)
    assert arrangement.arrange(round_, actor=hr) == 5
    db.session.commit()
    seats = arrangement.seats_of(round_)
    people = [(s.room.number, s.seat, s.application.applicant.name) for s in seats]
    desk = sorted([e.application for e in entries] + entered[0::2], key=lambda a: a.id)
    property_ = sorted(entered[1::2], key=lambda a: a.id)
    ordered = sorted([desk, property_], key=lambda group: group[0].vacancy.post.path)
    assert [name for *_, name in people] == [a.applicant.name for group in ordered for a in group]
    assert [(room, seat) for room, seat, _ in people] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)]
    for room in arrangement.rooms_of(round_):
        assert len(room.seats) <= room.capacity
    numbers = [s.ticket_number for s in seats]
    assert len(set(numbers)) == len(numbers)
    assert numbers[0] == f"2026{round_.id % 1000:03d}0101" and numbers[-1] == f"2026{round_.id % 1000:03d}0301"
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "recruitment.exam_arrange")) == 1


def test_a_room_number_is_not_taken_twice_and_seats_stay_within_two_digits(hr):
    round_, _, _ = _round_with(hr, ["甲"])
    arrangement.add_room(round_, _room(1, 10), actor=hr)
    with pytest.raises(RecruitmentError, match="第1考场已有"):
        arrangement.add_room(round_, _room(1, 10), actor=hr)
    with pytest.raises(RecruitmentError, match="座位数应为 1–99"):
        arrangement.add_room(round_, _room(2, 100), actor=hr)
    with pytest.raises(RecruitmentError, match="结束时间应晚于开始时间"):
        arrangement.add_room(round_, arrangement.RoomData(3, "某处", 5, END, START), actor=hr)


def test_the_arrangement_runs_again_until_release_and_is_fixed_after(hr):
    round_, entries, entered = _round_with(hr, ["甲", "乙"])
    arrangement.add_room(round_, _room(1, 5), actor=hr)
    arrangement.arrange(round_, actor=hr)
    db.session.commit()
    # Someone leaves the exam before the release: releasing is refused until the arrangement runs again.
    entered[0].status = "not_eligible"
    db.session.commit()
    with pytest.raises(RecruitmentError, match="已不能参加考试但仍占座位"):
        arrangement.release_tickets(round_, actor=hr)
    db.session.rollback()
    assert arrangement.arrange(round_, actor=hr) == 2
    seats = arrangement.release_tickets(round_, actor=hr)
    db.session.commit()
    assert len(seats) == 2 and arrangement.released(round_)
    for doing in (lambda: arrangement.arrange(round_, actor=hr), lambda: arrangement.add_room(round_, _room(2, 5), actor=hr),
                  lambda: arrangement.remove_room(arrangement.rooms_of(round_)[0], actor=hr),
                  lambda: arrangement.set_rules(round_, "新须知", actor=hr)):
        with pytest.raises(RecruitmentError, match="准考证已发放"):
            doing()
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ExamSeat)) == 2


def test_removing_a_room_frees_its_seats_for_a_new_arrangement(hr):
    round_, _, _ = _round_with(hr, ["甲", "乙"])
    first = arrangement.add_room(round_, _room(1, 2), actor=hr)
    arrangement.add_room(round_, _room(2, 5), actor=hr)
    arrangement.arrange(round_, actor=hr)
    db.session.commit()
    assert [len(room.seats) for room in arrangement.rooms_of(round_)] == [2, 1]
    assert arrangement.remove_room(first, actor=hr) == 2
    db.session.commit()
    assert [s.room.number for s in arrangement.seats_of(round_)] == [2]
    assert len(arrangement.gaps(round_).unseated) == 2
    assert arrangement.arrange(round_, actor=hr) == 3
    assert [(s.room.number, s.seat) for s in arrangement.seats_of(round_)] == [(2, 1), (2, 2), (2, 3)]


def test_tickets_are_released_only_in_the_exam_step(hr):
    round_, _, _ = _round_with(hr, ["甲"])
    arrangement.add_room(round_, _room(1, 5), actor=hr)
    arrangement.arrange(round_, actor=hr)
    round_.status = RoundStatus.REVIEWING.value
    db.session.commit()
    with pytest.raises(RecruitmentError, match="发放准考证只能在“考试”阶段进行"):
        arrangement.release_tickets(round_, actor=hr)


def test_the_admission_ticket_pdf_carries_the_number_in_chinese_text(app, hr):
    round_, entries, _ = _round_with(hr, ["甲"])
    arrangement.add_room(round_, _room(3, 5, "市图书馆四楼多功能厅"), actor=hr)
    arrangement.arrange(round_, actor=hr)
    db.session.commit()
    seat = arrangement.seat_of(entries[0].application)
    html = exam_documents.admission_html(seat, photo=arrangement.photo_uri(entries[0].application),
                                         rules=arrangement.rules_text(None))
    assert 'src="data:image/jpeg;base64,' in html  # the photo uploaded online (kept as JPEG)
    text = re.sub(r"\s+", "", pdf_text(exam_documents.render_admission_pdf(seat, photo=None, rules="一、带好身份证。")))
    assert "准考证" in text and seat.ticket_number in text
    assert "网报0" in text and "第3考场" in text and "市图书馆四楼多功能厅" in text and "2026年08月15日09:00" in text
    assert entries[0].id_number in text  # checked at the door against the identity card
    assert "考生须知" in text and "一、带好身份证。" in text
    assert "CID" in pdf_fonts(exam_documents.render_sign_in_pdf(round_, arrangement.rooms_of(round_), {}))


def test_releasing_and_publishing_mail_each_online_applicant(app, hr, smtp_server, mail_to, client, login):
    mail_to(smtp_server, BASE_URL="http://hr.library.local")
    round_, entries, entered = _round_with(hr, ["甲"], portal=2)
    arrangement.add_room(round_, _room(1, 5), actor=hr)
    arrangement.arrange(round_, actor=hr)
    db.session.commit()
    login(hr)
    assert client.post(f"/recruitment/{round_.id}/arrangement/release").status_code == 302
    mails = smtp_server.wait_for(2)
    assert {m["To"] for m in mails} == {"sit0@example.com", "sit1@example.com"}
    assert all("准考证已发放" in m["Subject"] for m in mails)
    body = mails[0].get_body(("plain",)).get_content()
    assert re.search(r"准考证号：2026\d{7}", body) and "http://hr.library.local/apply/me" in body

    # Scores: HR publishes, every online applicant is told, each reads their own only.
    entries[0].application.written_score, entries[0].application.interview_score = 81.5, 88
    entries[0].application.composite = 84.75
    db.session.commit()
    page = client.get(f"/recruitment/{round_.id}/scores").get_data(as_text=True)
    assert "向考生公布成绩" in page
    assert client.post(f"/recruitment/{round_.id}/scores/publish").status_code == 302
    mails = smtp_server.wait_for(4)
    assert sum("成绩已公布" in m["Subject"] for m in mails) == 2
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail).where(OutgoingMail.kind == "portal_scores")) == 2
    assert "成绩已于" in client.get(f"/recruitment/{round_.id}/scores").get_data(as_text=True)

    with client.session_transaction() as session:
        session.clear()
        account = entries[0].account
        session[SESSION_KEY] = f"{account.id}:{account.session_token}"
    mine = client.get("/apply/me").get_data(as_text=True)
    assert "81.50" in mine and "88.00" in mine and "84.75" in mine and "打印准考证" in mine
    ticket = client.get(f"/apply/rounds/{round_.id}/admission.pdf")
    assert ticket.status_code == 200 and ticket.mimetype == "application/pdf"
    # The applicant's own data download holds the 准考证 and the scores as they were shown.
    [own] = services.own_data(account)["applications"]
    seat = arrangement.seat_of(entries[0].application)
    assert own["admission"]["ticket_number"] == seat.ticket_number and own["admission"]["seat"] == seat.seat
    assert own["scores"]["written"] == 81.5 and own["scores"]["composite"] == 84.75


def test_before_the_release_an_applicant_has_no_admission_ticket(app, hr, client):
    round_, entries, _ = _round_with(hr, [])
    arrangement.add_room(round_, _room(1, 5), actor=hr)
    arrangement.arrange(round_, actor=hr)
    db.session.commit()
    account = entries[0].account
    with client.session_transaction() as session:
        session[SESSION_KEY] = f"{account.id}:{account.session_token}"
    assert client.get(f"/apply/rounds/{round_.id}/admission.pdf").status_code == 404
    assert "打印准考证" not in client.get("/apply/me").get_data(as_text=True)
    [own] = services.own_data(account)["applications"]
    assert own["admission"] is None and own["scores"] is None


def test_the_public_page_shows_the_publicity_list_in_publicity_only(app, hr, client, monkeypatch):
    monkeypatch.setitem(app.config, "SUPERVISION_PHONE", "010-12345678")
    round_, entries, _ = _round_with(hr, [])
    application = entries[0].application
    application.composite, application.rank, application.outcome = 86.4, 1, "proposed"
    db.session.commit()
    assert "拟聘用人员公示" not in client.get(f"/apply/rounds/{round_.id}").get_data(as_text=True)
    round_.status, round_.publicity_start, round_.publicity_end = RoundStatus.PUBLICITY.value, date(2026, 9, 1), date(2026, 9, 9)
    db.session.commit()
    page = client.get(f"/apply/rounds/{round_.id}").get_data(as_text=True)
    assert "拟聘用人员公示" in page and "网报0" in page and "86.40" in page
    assert "公示期：2026-09-01 至 2026-09-09" in page and "010-12345678" in page
    assert entries[0].id_number not in page
