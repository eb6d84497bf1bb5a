"""网上报名's services: accounts and codes, the 身份证号 binding, uploads, submission against the deadline,
改报, HR's return for correction and 初审 result (docs/portal.md)."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from hrflow.extensions import db
from hrflow.models import (
    Applicant,
    Application,
    AuditLog,
    ExamRoom,
    ExamSeat,
    OutgoingMail,
    PortalFile,
    RoundStatus,
    User,
)
from hrflow.models.base import utcnow
from hrflow.portal import files, services
from hrflow.portal.services import PortalError
from hrflow.recruitment import applicants as people
from hrflow.recruitment.operations import decide_rule
from tests import portal_support as support


@pytest.fixture
def hr(demo):
    return db.session.scalar(select(User).where(User.username == "hr"))


@pytest.fixture
def round_(hr):
    return support.open_round(hr)


# ---------------------------------------------------------------- 身份证号 (GB 11643)

@pytest.mark.parametrize(("number", "ok"), [
    ("11010519491231002X", True),  # the standard's own example
    ("110105194912310021", False),  # wrong check digit
    ("11010519491331002X", False),  # no 13th month
    ("1101051949123100", False),  # too short
    ("11010519491231002Y", False),  # not a digit nor X
])
def test_id_number_checksum_table(round_, number, ok):
    acct = support.account()
    data = support.entry_data(round_, id_number=number, birth_date=None, gender=None)
    if ok:
        assert services.save_entry(acct, round_, data, now=utcnow()).id_number == number
    else:
        with pytest.raises(PortalError) as refused:
            services.save_entry(acct, round_, data, now=utcnow())
        assert refused.value.field == "id_number"


def test_birth_date_and_gender_must_agree_with_the_id_number(round_):
    acct = support.account()
    with pytest.raises(PortalError, match="出生日期") as refused:
        services.save_entry(acct, round_, support.entry_data(round_, birth_date=date(1995, 3, 2)), now=utcnow())
    assert refused.value.field == "birth_date"
    with pytest.raises(PortalError, match="性别"):
        services.save_entry(acct, round_, support.entry_data(round_, gender="女"), now=utcnow())


def test_one_account_per_id_number_per_round(round_):
    services.save_entry(support.account("a@example.com"), round_, support.entry_data(round_), now=utcnow())
    with pytest.raises(PortalError, match="另一个账号"):
        services.save_entry(support.account("b@example.com"), round_, support.entry_data(round_), now=utcnow())


# ---------------------------------------------------------------- accounts and codes

def test_registration_records_consent_and_refuses_without_it(app):
    with pytest.raises(PortalError) as refused:
        services.register("x@example.com", support.PASSWORD, consent=False, locale="zh_CN")
    assert refused.value.field == "consent"
    acct = services.register("X@Example.com ", support.PASSWORD, consent=True, locale="zh_CN")
    assert acct.email == "x@example.com" and acct.consent_version == services.CONSENT_VERSION and not acct.confirmed
    with pytest.raises(PortalError, match="已注册"):
        services.register("x@example.com", support.PASSWORD, consent=True, locale="zh_CN")


def test_code_confirms_once_expires_and_has_limited_tries(app):
    acct = support.account(confirmed=False)
    code = services.send_code(acct)
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.kind == "portal_code"))
    assert code in mail.body_text and mail.to_address == acct.email
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(app.config["PORTAL_CODE_TRIES"]):
        with pytest.raises(PortalError, match="不正确"):
            services.confirm_code(acct, wrong)
    with pytest.raises(PortalError, match="次数过多"):
        services.confirm_code(acct, code)  # even the right code: a new one must be asked for
    code = services.send_code(acct)
    acct.code_sent_at = utcnow() - timedelta(minutes=app.config["PORTAL_CODE_MINUTES"] + 1)
    with pytest.raises(PortalError, match="过期"):
        services.confirm_code(acct, code)
    code = services.send_code(acct)
    services.confirm_code(acct, code)
    assert acct.confirmed


def test_password_reset_link_works_once(app):
    acct = support.account()
    token = services.reset_token(acct)
    assert services.account_for_token(token) is acct
    services.finish_reset(acct, "another-password-2")
    assert acct.check_password("another-password-2")
    with pytest.raises(PortalError, match="已使用"):
        services.account_for_token(token)


# ---------------------------------------------------------------- uploads

def test_jpeg_comes_back_without_exif_or_comment(round_):
    entry = services.save_entry(support.account(), round_, support.entry_data(round_), now=utcnow())
    original = support.jpeg_with_exif()
    assert b"SecretCameraMaker" in original and b"hidden comment" in original
    stored = services.add_file(entry, "education", "diploma.jpg", original, now=utcnow())
    kept = services.file_bytes(stored)
    assert b"Where I Live" not in kept and b"SecretCameraMaker" not in kept and b"hidden comment" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and not image.getexif() and image.size == (60, 80)
    assert files.path_of(stored.stored_name).stat().st_mode & 0o777 == 0o600


def test_fake_pdf_and_unknown_content_are_refused(round_):
    entry = services.save_entry(support.account(), round_, support.entry_data(round_), now=utcnow())
    for name, data in (("proof.pdf", b"<html><script>alert(1)</script></html>"), ("x.png", b"GIF89a....")):
        with pytest.raises(PortalError, match="按文件内容识别"):
            services.add_file(entry, "education", name, data, now=utcnow())
    with pytest.raises(PortalError, match="照片"):
        services.add_file(entry, "photo", "me.pdf", b"%PDF-1.4\n%%EOF", now=utcnow())
    pdf = services.add_file(entry, "education", "real.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF", now=utcnow())
    assert services.file_bytes(pdf) == b"%PDF-1.4\n1 0 obj\n%%EOF"  # kept as it is


def test_a_path_in_the_file_name_touches_nothing(app, round_, tmp_path):
    entry = services.save_entry(support.account(), round_, support.entry_data(round_), now=utcnow())
    stored = services.add_file(entry, "other", "../../../../etc/passwd\x00.png", support.png(), now=utcnow())
    assert stored.label == "passwd.png"
    assert (files.folder() / stored.stored_name).exists() and "/" not in stored.stored_name
    with pytest.raises(files.UploadError):
        files.path_of("../secret_key")


def test_size_and_count_limits(app, round_):
    entry = services.save_entry(support.account(), round_, support.entry_data(round_), now=utcnow())
    big = b"%PDF-" + b"0" * app.config["PORTAL_UPLOAD_MAX_BYTES"]
    with pytest.raises(PortalError, match="超过"):
        services.add_file(entry, "other", "big.pdf", big, now=utcnow())
    for _ in range(app.config["PORTAL_UPLOAD_MAX_FILES"]):
        services.add_file(entry, "other", "a.png", support.png(), now=utcnow())
    with pytest.raises(PortalError, match="最多"):
        services.add_file(entry, "other", "a.png", support.png(), now=utcnow())


# ---------------------------------------------------------------- submission, deadline, 改报

def test_submission_joins_the_rounds_one_list_with_the_rules_facts(round_):
    entry = support.filled_entry(support.account(), round_)
    verdicts = services.precheck(entry)
    application = services.submit(entry, pledge=True, now=utcnow())
    db.session.commit()
    person = application.applicant
    assert (person.education, person.degree, person.major, person.study_mode) == ("本科", "学士", "图书馆学", "全日制")
    assert person.work_start == date(2017, 8, 1) and person.years_experience == pytest.approx(8.83, abs=0.01)
    assert application.verdicts == verdicts  # the pre-check is the review's own evaluation
    assert entry.state == "submitted" and entry.application_id == application.id


def test_submission_needs_the_pledge_and_a_photo(round_):
    entry = services.save_entry(support.account(), round_, support.entry_data(round_), now=utcnow())
    with pytest.raises(PortalError, match="照片"):
        services.submit(entry, pledge=True, now=utcnow())
    services.add_file(entry, "photo", "me.png", support.png(), now=utcnow())
    with pytest.raises(PortalError) as refused:
        services.submit(entry, pledge=False, now=utcnow())
    assert refused.value.field == "pledge"


def test_nothing_is_taken_at_or_after_the_deadline(round_):
    entry = support.filled_entry(support.account(), round_)
    deadline = services.opening_of(round_.id).closes_at
    with pytest.raises(PortalError, match="已截止"):
        services.submit(entry, pledge=True, now=deadline)
    assert services.submit(entry, pledge=True, now=deadline - timedelta(seconds=1)).id


def test_a_round_moved_on_to_its_exam_takes_no_one_while_the_dates_still_run(round_):
    entry = support.filled_entry(support.account(), round_)
    opening = services.opening_of(round_.id)
    assert opening.taking(utcnow())
    round_.status = RoundStatus.EXAMINING.value
    assert not opening.taking(utcnow())
    with pytest.raises(PortalError, match="已截止"):
        services.submit(entry, pledge=True, now=utcnow())


def test_deadline_is_asia_shanghai_wall_clock(app):
    assert services.to_utc(datetime(2026, 7, 1, 17, 0)) == datetime(2026, 7, 1, 9, 0)
    assert services.to_local(datetime(2026, 7, 1, 16, 0)) == datetime(2026, 7, 2, 0, 0)


def test_a_person_entered_by_hr_cannot_apply_again_online(round_, hr):
    from hrflow.recruitment.applicants import ApplicantData, add_applicant

    add_applicant(round_, ApplicantData(name="张三", gender="男", birth_date=date(1995, 3, 1),
                                        id_number=support.id_number()), round_.vacancies[0].post, actor=hr)
    entry = support.filled_entry(support.account(), round_)
    with pytest.raises(Exception, match="重复报名"):
        services.submit(entry, pledge=True, now=utcnow())


def test_withdraw_and_apply_again_leaves_one_application(round_):
    entry = support.filled_entry(support.account(), round_)
    services.submit(entry, pledge=True, now=utcnow())
    db.session.commit()
    services.withdraw(entry, now=utcnow())
    db.session.commit()
    assert entry.state == "draft" and db.session.scalar(select(func.count(Application.id))) == 0
    assert db.session.scalar(select(func.count(Applicant.id))) == 0
    services.save_entry(entry.account, round_, support.entry_data(round_, name="张三丰"), now=utcnow())
    services.submit(entry, pledge=True, now=utcnow())
    db.session.commit()
    assert db.session.scalars(select(Applicant.name)).all() == ["张三丰"]


def test_no_withdrawal_once_hr_gave_a_seat(round_):
    entry = support.filled_entry(support.account(), round_)
    application = services.submit(entry, pledge=True, now=utcnow())
    room = ExamRoom(round_id=round_.id, number=1, place="一号考场", capacity=30,
                    starts_at=datetime(2026, 8, 15, 9), ends_at=datetime(2026, 8, 15, 11))
    db.session.add(room)
    db.session.flush()
    db.session.add(ExamSeat(round_id=round_.id, room_id=room.id, seat=1, ticket_number="20260000101",
                            application_id=application.id))
    db.session.commit()
    with pytest.raises(PortalError, match="考场座位"):
        services.withdraw(entry, now=utcnow())
    assert entry.state == "submitted" and db.session.get(Application, application.id) is not None


def test_no_withdrawal_once_hr_started_reviewing(round_, hr):
    entry = support.filled_entry(support.account(), round_)
    application = services.submit(entry, pledge=True, now=utcnow())
    decide_rule(application, 0, "met", "材料齐全", actor=hr)
    with pytest.raises(PortalError, match="开始审核"):
        services.withdraw(entry, now=utcnow())


def test_a_submitted_entry_is_not_edited_until_withdrawn(round_):
    entry = support.filled_entry(support.account(), round_)
    services.submit(entry, pledge=True, now=utcnow())
    with pytest.raises(PortalError, match="撤回"):
        services.save_entry(entry.account, round_, support.entry_data(round_), now=utcnow())


# ---------------------------------------------------------------- HR

def test_return_for_correction_then_resubmit_and_decide(round_, hr):
    entry = support.filled_entry(support.account(), round_)
    application = services.submit(entry, pledge=True, now=utcnow())
    decide_rule(application, 0, "met", "看过", actor=hr)
    with pytest.raises(PortalError, match="原因"):
        services.return_for_correction(entry, " ", actor=hr)
    services.return_for_correction(entry, "学历证书照片不清晰", actor=hr)
    db.session.commit()
    assert entry.state == "returned" and application.decisions == []
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "portal.return"))
    assert log.reason == "学历证书照片不清晰" and log.details["withdrawn_decisions"]
    # The applicant corrects it, after the deadline too: HR asked for it.
    services.save_entry(entry.account, round_, support.entry_data(round_, title="馆员"), now=utcnow() + timedelta(days=30))
    services.submit(entry, pledge=True, now=utcnow() + timedelta(days=30))
    assert entry.state == "submitted" and application.applicant.title == "馆员"
    assert db.session.scalar(select(func.count(Application.id))) == 1
    for index, verdict in enumerate(application.verdicts):
        if verdict["verdict"] == "needs_review":
            decide_rule(application, index, "not_met", "工作经历证明缺失", actor=hr)
    if application.status == "not_eligible":
        with pytest.raises(PortalError, match="原因"):
            services.decide_entry(entry, "", actor=hr)
    services.decide_entry(entry, "工作经历证明缺失", actor=hr)
    assert entry.state == "decided" and entry.result == application.status and entry.result_reason


def test_own_data_holds_the_entry_and_files(round_):
    entry = support.filled_entry(support.account(), round_)
    data = services.own_data(entry.account)
    assert data["account"]["consent"]["version"] == services.CONSENT_VERSION
    assert data["applications"][0]["id_number"] == support.id_number()
    assert data["applications"][0]["files"][0]["kind"] == "photo"
    assert db.session.scalar(select(func.count(PortalFile.id))) == 1


def test_hr_does_not_edit_a_portal_application_but_returns_it(round_, hr):
    """The applicant's own 报名表 is the record: HR's 修改 is refused (the page says to return it instead),
    while the applicant's resubmission after a return goes through."""
    entry = support.filled_entry(support.account(), round_)
    application = services.submit(entry, pledge=True, now=utcnow())
    db.session.commit()
    assert people.edit_refusal(application) == "这份报名来自网上报名，请退回申请人修改"
    assert people.edit_refusal(application, by_applicant=True) is None
    services.return_for_correction(entry, "请补充工作经历", actor=hr)
    services.save_entry(entry.account, round_, support.entry_data(round_, title="馆员"), now=utcnow())
    services.submit(entry, pledge=True, now=utcnow())
    assert application.applicant.title == "馆员"
