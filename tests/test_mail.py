"""The mail facility against a real SMTP server (aiosmtpd on 127.0.0.1, tests/mail_server.py): mails in the
recipient's language, recorded in the outbox, retried after a refusal, failed after MAIL_MAX_ATTEMPTS and
visible to HR, sent again by HR, delivered through RQ on the real Redis, and shown to their recipient."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.jobs.services import wait_for_all
from hrflow.mail.services import NO_SERVER, retry_intervals, send_mail
from hrflow.models import AuditLog, MailStatus, OutgoingMail
from tests.mail_server import html_of, text_of

ROOT = Path(__file__).resolve().parent.parent


def _mail(mail_id: int) -> OutgoingMail:
    db.session.expire_all()
    return db.session.get(OutgoingMail, mail_id)


def _user_with_address(make_user, role="employee", locale=None, address=None):
    user = make_user(role)
    user.email = address or f"{user.username}@Library.Example"
    user.locale = locale
    db.session.commit()
    return user


def test_mail_arrives_in_chinese_by_default_and_is_recorded_as_sent(smtp_server, mail_to, make_user):
    mail_to(smtp_server, MAIL_DEFAULT_SENDER="人事 <hr@library.example>")
    user = _user_with_address(make_user)
    assert user.email == f"{user.username}@library.example"  # kept lower-case
    mail = send_mail("test", user.email, user=user)
    wait_for_all()
    [message] = smtp_server.wait_for(1)
    assert "测试邮件" in message["Subject"]
    assert "说明邮件设置正确" in text_of(message)
    assert message["To"] == user.email and "hr@library.example" in message["From"]
    sent = _mail(mail.id)
    assert (sent.status, sent.attempts, sent.locale, sent.last_error) == ("sent", 1, "zh_CN", None)
    assert sent.sent_at is not None and sent.user_id == user.id


def test_mail_is_written_in_the_recipients_language(smtp_server, mail_to, make_user):
    from hrflow.auth.reset import request_password_reset

    mail_to(smtp_server, BASE_URL="https://hr.library.example/hrflow")
    user = _user_with_address(make_user, locale="en")
    request_password_reset(user.username)
    wait_for_all()
    [message] = smtp_server.wait_for(1)
    assert message["Subject"].strip().startswith("Reset your password")
    text = text_of(message)
    assert "within 60 minutes" in text and "重置" not in text
    assert "https://hr.library.example/hrflow/password/reset/" in text
    assert "https://hr.library.example/hrflow/password/reset/" in html_of(message)


def test_without_a_mail_server_the_mail_is_kept_unsent_and_hr_sees_why(client, login, make_user, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    user = _user_with_address(make_user)
    mail = send_mail("test", user.email, user=user)
    wait_for_all()
    kept = _mail(mail.id)
    assert (kept.status, kept.attempts, kept.last_error) == ("unsent", 0, NO_SERVER)
    login(make_user("hr"))
    page = client.get("/admin/mail?status=unsent").get_data(as_text=True)
    assert "未发送" in page and "未配置邮件服务器" in page and user.email in page


def test_a_down_server_costs_an_attempt_and_the_retry_command_delivers_later(down_smtp_server, mail_to, make_user,
                                                                              runner):
    mail_to(down_smtp_server, MAIL_RETRY_MINUTES=0.0)
    user = _user_with_address(make_user)
    mail = send_mail("test", user.email, user=user)
    wait_for_all()
    waiting = _mail(mail.id)
    assert (waiting.status, waiting.attempts) == ("queued", 1)
    assert "Connection refused" in waiting.last_error or "ConnectionRefused" in waiting.last_error
    down_smtp_server.start()
    result = runner.invoke(args=["mail", "retry", "--json"])
    assert result.exit_code == 0, result.output
    assert '"sent": 1' in result.output
    [message] = down_smtp_server.wait_for(1)
    assert "测试邮件" in message["Subject"]
    sent = _mail(mail.id)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_a_retry_waits_its_turn(down_smtp_server, mail_to, make_user, runner):
    mail_to(down_smtp_server, MAIL_RETRY_MINUTES=5.0)
    user = _user_with_address(make_user)
    mail = send_mail("test", user.email, user=user)
    wait_for_all()
    down_smtp_server.start()
    result = runner.invoke(args=["mail", "retry", "--json"])
    assert '"sent": 0' in result.output  # not due for five minutes
    assert _mail(mail.id).status == "queued" and down_smtp_server.messages == []


def test_retry_waits_double_each_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_RETRY_MINUTES", 1.0)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 4)
    assert retry_intervals() == [60, 120, 240]


def test_a_refusing_server_fails_the_mail_after_the_last_attempt_and_hr_sends_it_again(
        make_user, mail_to, client, login):
    from tests.mail_server import SmtpServer

    refusing = SmtpServer(refuse=True).start()
    try:
        mail_to(refusing, MAIL_RETRY_MINUTES=0.0, MAIL_MAX_ATTEMPTS=2)
        user = _user_with_address(make_user)
        mail = send_mail("test", user.email, user=user)
        wait_for_all()
        assert (_mail(mail.id).status, _mail(mail.id).attempts) == ("queued", 1)
        from hrflow.mail.services import retry_due

        assert retry_due() == {"sent": 0, "waiting": 0, "failed": 1, "skipped": 0}
        failed = _mail(mail.id)
        assert (failed.status, failed.attempts, failed.next_attempt_at) == ("failed", 2, None)
        assert "SMTPRecipientsRefused" in failed.last_error and "550" in failed.last_error
        assert retry_due() == {"sent": 0, "waiting": 0, "failed": 0, "skipped": 0}  # failed is final
    finally:
        refusing.stop()

    hr = login(make_user("hr"))
    page = client.get("/admin/mail?status=failed").get_data(as_text=True)
    assert "发送失败" in page and user.email in page and f"/admin/mail/{mail.id}" in page
    page = client.get(f"/admin/mail/{mail.id}").get_data(as_text=True)
    assert "重发原因" in page and "SMTPRecipientsRefused" in page

    # Without a reason nothing is sent again.
    response = client.post(f"/admin/mail/{mail.id}/resend", data={"reason": " "})
    assert response.status_code == 422 and _mail(mail.id).status == "failed"

    listening = SmtpServer().start()
    try:
        mail_to(listening)
        response = client.post(f"/admin/mail/{mail.id}/resend", data={"reason": "收件人邮箱已修好"})
        assert response.status_code == 302
        wait_for_all()
        [message] = listening.wait_for(1)
        assert message["To"] == user.email
    finally:
        listening.stop()
    resent = _mail(mail.id)
    assert (resent.status, resent.attempts) == ("sent", 1)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "mail.resend"))
    assert (entry.user_id, entry.reason, entry.object_id) == (hr.id, "收件人邮箱已修好", mail.id)
    assert entry.details["attempts_before"] == 2
    # A sent mail is not sent again.
    response = client.post(f"/admin/mail/{mail.id}/resend", data={"reason": "再发一次"})
    assert response.status_code == 422 and "只能重发" in response.get_data(as_text=True)


def test_two_deliverers_never_send_one_mail_twice(smtp_server, mail_to, make_user):
    from hrflow.mail.services import deliver

    mail_to(smtp_server)
    user = _user_with_address(make_user)
    mail = send_mail("test", user.email, user=user, dispatch=False)
    assert deliver(mail.id) == MailStatus.SENT
    assert deliver(mail.id) is None  # already sent: nothing to claim
    smtp_server.wait_for(1)
    time.sleep(0.2)
    assert len(smtp_server.messages) == 1


def test_mail_through_rq_on_the_real_redis_is_retried_by_rq(rq_queue, make_app, down_smtp_server, monkeypatch,
                                                            make_user):
    from rq import SimpleWorker

    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": down_smtp_server.port, "MAIL_MAX_ATTEMPTS": 3,
                "MAIL_RETRY_MINUTES": 1 / 60}  # one second
    for key, value in settings.items():  # the worker builds its app from the environment, as `rq worker` does
        monkeypatch.setenv(f"HRFLOW_{key}", str(value))
    monkeypatch.setenv("HRFLOW_DATABASE_URL", rq_queue.database_url)
    monkeypatch.setenv("HRFLOW_SECRET_KEY", "x")
    user = _user_with_address(make_user)
    web = make_app(REDIS_URL=rq_queue.URL, JOB_QUEUE=rq_queue.name, **settings)
    with web.app_context():
        mail_id = send_mail("test", user.email).id
        db.session.remove()
    assert rq_queue.queue.count == 1

    def work() -> None:
        SimpleWorker([rq_queue.queue], connection=rq_queue.connection).work(burst=True, with_scheduler=True)

    work()
    refused = _mail(mail_id)
    assert (refused.status, refused.attempts) == ("queued", 1) and refused.last_error
    down_smtp_server.start()
    time.sleep(1.5)  # RQ's retry waits one second in its scheduled registry
    work()
    [message] = down_smtp_server.wait_for(1)
    assert message["To"] == user.email
    sent = _mail(mail_id)
    assert (sent.status, sent.attempts) == ("sent", 2)


def test_the_test_command_sends_at_once_and_says_so(smtp_server, mail_to, runner, monkeypatch, app):
    mail_to(smtp_server)
    result = runner.invoke(args=["mail", "test", "it@library.example"])
    assert result.exit_code == 0, result.output
    assert "已发给 it@library.example" in result.output
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "it@library.example"
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    result = runner.invoke(args=["mail", "test", "it@library.example"])
    assert result.exit_code == 1 and "未配置邮件服务器" in result.output


def test_the_test_command_reports_a_down_server(down_smtp_server, mail_to, runner):
    mail_to(down_smtp_server)
    result = runner.invoke(args=["mail", "test", "it@library.example"])
    assert result.exit_code == 1 and "未能发出" in result.output


def test_each_user_sees_their_own_mails_and_no_one_elses(client, login, make_user, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    owner = _user_with_address(make_user)
    other = _user_with_address(make_user)
    mine = send_mail("test", owner.email, user=owner)
    theirs = send_mail("test", other.email, user=other)
    login(owner)
    page = client.get("/my-mail").get_data(as_text=True)
    assert f"/my-mail/{mine.id}" in page and f"/my-mail/{theirs.id}" not in page and "未发送" in page
    page = client.get(f"/my-mail/{mine.id}").get_data(as_text=True)
    assert "说明邮件设置正确" in page and owner.email in page
    assert client.get(f"/my-mail/{theirs.id}").status_code == 404


def test_hr_never_reads_a_reset_link_but_its_recipient_does(client, login, make_user, monkeypatch, app):
    from hrflow.auth.reset import request_password_reset

    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    user = _user_with_address(make_user)
    mail = request_password_reset(user.email)
    login(make_user("hr"))
    page = client.get(f"/admin/mail/{mail.id}").get_data(as_text=True)
    assert "/password/reset/" not in page and "正文不在这里显示" in page
    login(user)
    assert "/password/reset/" in client.get(f"/my-mail/{mail.id}").get_data(as_text=True)


def test_admin_sets_an_address_unique_and_lower_case(client, login, make_user):
    admin = login(make_user("admin"))
    target = make_user("employee")
    response = client.post(f"/admin/users/{target.id}/edit",
                           data={"role": "employee", "employee": 0, "email": " Zhang.Wei@Library.Example "})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.email == "zhang.wei@library.example"
    other = make_user("employee")
    response = client.post(f"/admin/users/{other.id}/edit",
                           data={"role": "employee", "employee": 0, "email": "ZHANG.WEI@library.example"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and target.username in page and "ZHANG.WEI@library.example" in page
    response = client.post("/admin/users/new", data={"username": "newbie", "password": "a-long-pass-42",
                                                     "role": "employee", "employee": 0, "email": "not-an-address"})
    assert response.status_code == 422 and "请填写有效的邮箱地址" in response.get_data(as_text=True)
    assert admin.email is None


def test_every_mail_template_text_has_an_english_translation():
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.pofile import read_po

    catalog = read_po(open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb"))
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    found = [message if isinstance(message, str) else message[0] for _, _, message, _, _ in extract_from_dir(
        ROOT / "templates" / "mail", [("**.txt", "jinja2"), ("**.html", "jinja2")], keywords=DEFAULT_KEYWORDS)]
    assert found and sorted(set(found) - translated) == []


@pytest.mark.parametrize("kind", ["password_reset", "test"])
def test_every_kind_has_its_templates(kind):
    for suffix in ("subject.txt", "txt"):
        assert (ROOT / "templates" / "mail" / f"{kind}.{suffix}").is_file()


def test_a_mail_that_redis_cannot_take_waits_for_the_retry_command(make_app, smtp_server, monkeypatch, make_user,
                                                                    runner, mail_to):
    user = _user_with_address(make_user)
    web = make_app(REDIS_URL="redis://127.0.0.1:1/0", **smtp_server.settings)  # nothing listens on port 1
    with web.app_context():
        mail_id = send_mail("test", user.email).id  # no error for the caller
        db.session.remove()
    assert (_mail(mail_id).status, _mail(mail_id).attempts) == ("queued", 0)
    mail_to(smtp_server)
    assert '"sent": 1' in runner.invoke(args=["mail", "retry", "--json"]).output
    smtp_server.wait_for(1)
