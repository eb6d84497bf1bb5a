"""Writing, recording and delivering mails.

send_mail(kind, to, user=…, **context) renders templates/mail/<kind>.subject.txt, <kind>.txt and, when
there is one, <kind>.html in the recipient's language (their User.locale, else zh_CN), stores the mail in
the outbox (OutgoingMail), commits, and hands it to a deliverer:
- RQ, when REDIS_URL is set: the same queue and workers as the background jobs (JOB_QUEUE), by the name
  WORKER_ENTRY; a refused attempt is retried by RQ (its Retry with this module's intervals; the worker
  runs with --with-scheduler);
- otherwise a worker thread of this process (hrflow.jobs.services.run_in_background); a refused attempt
  waits for `hrflow mail retry` (cron) or HR's 重发.

Every attempt is counted on the row with its error; after MAIL_MAX_ATTEMPTS the mail is 发送失败, which HR
sees on 邮件记录. Without MAIL_SERVER nothing is sent: the mail is kept as 未发送 (未配置邮件服务器).
A deliverer first claims the row (status sending, for CLAIM_MINUTES), so two of them never send one mail
twice; a claim left by a process that died runs out and `hrflow mail retry` takes the mail up again."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_mailman import EmailMultiAlternatives
from jinja2 import TemplateNotFound
from sqlalchemy import and_, or_, select, update

from hrflow import audit
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.extensions import mail as mailman
from hrflow.models import Actor, MailStatus, OutgoingMail, User
from hrflow.models.base import SOURCE_LOCALE, chinese, utcnow

# What RQ runs, by name: hrflow.mail.worker builds the app, so the app never imports it.
WORKER_ENTRY = "hrflow.mail.worker.deliver_in_worker"
CLAIM_MINUTES = 10  # longer than any SMTP conversation (MAIL_TIMEOUT per answer)
ERROR_LENGTH = OutgoingMail.__table__.c.last_error.type.length

# Stored as the mail's last_error (in Chinese, the catalogue's ids) and put into the reader's language on pages.
NO_SERVER = "未配置邮件服务器"
ERROR_LABELS = {NO_SERVER: _l("未配置邮件服务器")}


@dataclass(frozen=True)
class MailKind:
    """A kind of mail: its name on pages, and whether its body is for the recipient's eyes only (a
    password reset link is: HR sees that it was sent, not the link)."""

    label: LazyString
    private: bool = False


KINDS = {
    "password_reset": MailKind(_l("重置密码"), private=True),
    "test": MailKind(_l("测试邮件")),
    "examiner_invitation": MailKind(_l("面试考官邀请"), private=True),
    "portal_code": MailKind(_l("网上报名验证码"), private=True),
    "portal_reset": MailKind(_l("网上报名重置密码"), private=True),
    # 考场编排 and scores published to the applicants (hrflow/recruitment/arrangement.py).
    "portal_admission": MailKind(_l("网上报名：准考证发放通知")),
    "portal_scores": MailKind(_l("网上报名：成绩公布通知")),
    # The annual assessment's reminders before each deadline (hrflow/assessment/reminders.py).
    "assessment_self_summary": MailKind(_l("年度考核：个人总结提醒")),
    "assessment_head_review": MailKind(_l("年度考核：主管评价提醒")),
    "assessment_decision": MailKind(_l("年度考核：等次评定提醒")),
    "assessment_acknowledgement": MailKind(_l("年度考核：签署结果提醒")),
}


class MailError(DomainError):
    """A mail that cannot be sent again as asked."""


def kind_label(kind: str) -> str:
    known = KINDS.get(kind)
    return str(known.label) if known else kind


def error_text(mail: OutgoingMail) -> str:
    """Why the last attempt failed, in the reader's language where hrflow wrote the reason itself."""
    if not mail.last_error:
        return ""
    label = ERROR_LABELS.get(mail.last_error)
    return str(label) if label is not None else mail.last_error


def server_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def absolute_url(endpoint: str, **values) -> str:
    """A link for a mail: BASE_URL and the endpoint's path. Never the Host header of a request, which a
    client chooses (a forged one would send a reset link to the client's own host)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def recipient_locale(user: User | None, locale: str | None = None) -> str:
    """The language a mail is written in: the one asked for, else the user's, else the unit's default."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (locale, user.locale if user is not None else None):
        if candidate in languages:
            return candidate
    return current_app.config.get("BABEL_DEFAULT_LOCALE", SOURCE_LOCALE)


def render_mail(kind: str, locale: str, **context) -> tuple[str, str, str | None]:
    """(subject, text, html or None) of a mail of `kind`, written in `locale`."""
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind}")
    context.setdefault("unit_name", current_app.config["UNIT_NAME"])
    with force_locale(locale):
        context["locale"] = locale
        subject = " ".join(render_template(f"mail/{kind}.subject.txt", **context).split())
        text = render_template(f"mail/{kind}.txt", **context).strip() + "\n"
        try:
            html = render_template(f"mail/{kind}.html", **context)
        except TemplateNotFound:
            html = None
    return subject, text, html


def send_mail(kind: str, to: str, *, user: User | None = None, locale: str | None = None, dispatch: bool = True,
              **context) -> OutgoingMail:
    """Write the mail, record it, commit, and (with `dispatch`) hand it to a deliverer. The caller's
    transaction is committed with it: the deliverer (another thread or process) must see the row."""
    language = recipient_locale(user, locale)
    subject, text, html = render_mail(kind, language, user=user, **context)
    mail = OutgoingMail(to_address=to.strip(), user_id=user.id if user is not None else None, kind=kind,
                        subject=subject[:255], body_text=text, body_html=html, locale=language, next_attempt_at=utcnow())
    if not server_configured():
        mail.status, mail.last_error, mail.next_attempt_at = MailStatus.UNSENT.value, NO_SERVER, None
    db.session.add(mail)
    db.session.commit()
    if dispatch and mail.status == MailStatus.QUEUED:
        hand_over(mail.id)
    return mail


def hand_over(mail_id: int) -> None:
    """Queue the mail on RQ when Redis is configured, else deliver it in a thread of this process."""
    config = current_app.config
    if config.get("REDIS_URL"):
        from redis import Redis, RedisError
        from rq import Queue, Retry

        intervals = retry_intervals()
        retry = Retry(max=len(intervals), interval=intervals) if intervals else None
        queue = Queue(config["JOB_QUEUE"], connection=Redis.from_url(config["REDIS_URL"]))
        try:
            queue.enqueue(WORKER_ENTRY, mail_id, retry=retry, job_timeout=CLAIM_MINUTES * 60)
        except RedisError as error:  # the mail is recorded as waiting: `hrflow mail retry` sends it
            current_app.logger.error("mail %s not queued, Redis is unreachable (%s)", mail_id, error)
    else:
        # Here, not at the top: the jobs package loads its pages, which load the sign-in pages, which load this.
        from hrflow.jobs.services import run_in_background

        run_in_background(deliver_with_app, current_app._get_current_object(), mail_id)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th refused attempt: MAIL_RETRY_MINUTES, doubled each time."""
    minutes = float(current_app.config["MAIL_RETRY_MINUTES"])
    return timedelta(minutes=minutes * 2 ** (attempts - 1))


def retry_intervals() -> list[int]:
    """RQ's waits (seconds) before each retry: the same as retry_delay's, one fewer than the attempts."""
    return [max(0, round(retry_delay(n).total_seconds())) for n in range(1, max_attempts())]


def max_attempts() -> int:
    return max(1, int(current_app.config["MAIL_MAX_ATTEMPTS"]))


def deliver_with_app(app: Flask, mail_id: int) -> None:
    with app.app_context():
        try:
            deliver(mail_id)
        finally:
            db.session.remove()


def _claim(mail_id: int, now: datetime) -> bool:
    """Take the mail for one delivery attempt; False when it is sent, failed, or another deliverer has it."""
    claimable = or_(OutgoingMail.status == MailStatus.QUEUED.value,
                    and_(OutgoingMail.status == MailStatus.SENDING.value, OutgoingMail.next_attempt_at <= now))
    claimed = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, claimable)
        .values(status=MailStatus.SENDING.value, next_attempt_at=now + timedelta(minutes=CLAIM_MINUTES))
        .execution_options(synchronize_session=False))
    db.session.commit()
    return claimed.rowcount == 1


def deliver(mail_id: int) -> MailStatus | None:
    """One delivery attempt, recorded on the row and committed. Returns the mail's status after it (QUEUED:
    refused, to be tried again), or None when this deliverer could not claim it."""
    if not server_configured():
        mail = db.session.get(OutgoingMail, mail_id)
        if mail is not None and mail.status == MailStatus.QUEUED:
            mail.status, mail.last_error, mail.next_attempt_at = MailStatus.UNSENT.value, NO_SERVER, None
            db.session.commit()
        return MailStatus(mail.status) if mail is not None else None
    if not _claim(mail_id, utcnow()):
        return None
    mail = db.session.get(OutgoingMail, mail_id)
    db.session.refresh(mail)
    try:
        _smtp_send(mail)
    except (smtplib.SMTPException, OSError, UnicodeError) as error:
        _refused(mail, error)
    else:
        mail.status, mail.sent_at, mail.last_error, mail.next_attempt_at = MailStatus.SENT.value, utcnow(), None, None
        mail.attempts += 1
    db.session.commit()
    return mail.state


def _smtp_send(mail: OutgoingMail) -> None:
    config = current_app.config
    connection = mailman.get_connection(
        backend=config.get("MAIL_BACKEND") or "smtp", host=config["MAIL_SERVER"], port=config["MAIL_PORT"],
        username=config.get("MAIL_USERNAME") or "", password=config.get("MAIL_PASSWORD") or "",
        use_tls=bool(config.get("MAIL_USE_TLS")), use_ssl=bool(config.get("MAIL_USE_SSL")),
        timeout=config.get("MAIL_TIMEOUT"))
    message = EmailMultiAlternatives(mail.subject, mail.body_text, config.get("MAIL_DEFAULT_SENDER"), [mail.to_address],
                                     connection=connection)
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    message.send()


def _refused(mail: OutgoingMail, error: Exception) -> None:
    mail.attempts += 1
    mail.last_error = (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)[:ERROR_LENGTH]
    if mail.attempts >= max_attempts():
        mail.status, mail.next_attempt_at = MailStatus.FAILED.value, None
    else:
        mail.status, mail.next_attempt_at = MailStatus.QUEUED.value, utcnow() + retry_delay(mail.attempts)
    current_app.logger.warning("mail %s to %s: attempt %s refused (%s)", mail.id, mail.to_address, mail.attempts,
                               mail.last_error)


def due_mail_ids(now: datetime | None = None) -> list[int]:
    """Mails whose next attempt is due, and mails whose deliverer's claim ran out."""
    now = now or utcnow()
    waiting = OutgoingMail.status.in_([MailStatus.QUEUED.value, MailStatus.SENDING.value])
    query = (select(OutgoingMail.id).where(waiting, OutgoingMail.next_attempt_at <= now)
             .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id))
    return list(db.session.scalars(query))


def retry_due(now: datetime | None = None) -> dict[str, int]:
    """Deliver, in this process, every mail that is due: what `hrflow mail retry` runs from cron."""
    counts = {"sent": 0, "waiting": 0, "failed": 0, "skipped": 0}
    for mail_id in due_mail_ids(now):
        status = deliver(mail_id)
        key = {MailStatus.SENT: "sent", MailStatus.QUEUED: "waiting", MailStatus.FAILED: "failed"}.get(status, "skipped")
        counts[key] += 1
    return counts


RESENDABLE = (MailStatus.FAILED, MailStatus.UNSENT)


def resend(mail: OutgoingMail, *, actor: Actor, reason: str) -> None:
    """HR sends a failed (or never sent) mail again, with MAIL_MAX_ATTEMPTS fresh attempts. Audited; the
    caller commits, then hands the mail over (hand_over)."""
    if mail.state not in RESENDABLE:
        raise MailError(_("只能重发发送失败或未发送的邮件。"))
    if not server_configured():
        raise MailError(_("未配置邮件服务器，无法重发。"))
    before = mail.attempts
    mail.status, mail.attempts, mail.next_attempt_at = MailStatus.QUEUED.value, 0, utcnow()
    audit.record(actor, "mail.resend", f"重发邮件 #{mail.id}（{kind_label_chinese(mail.kind)}）给 {mail.to_address}",
                 obj=mail, reason=reason, details={"attempts_before": before, "last_error": mail.last_error})


def kind_label_chinese(kind: str) -> str:
    known = KINDS.get(kind)
    return chinese(known.label) if known else kind
