"""The RQ entry point for mails: `rq worker --with-scheduler hrflow` delivers them by the name send_mail()
gives them (hrflow.mail.services.WORKER_ENTRY). Run the worker with the same HRFLOW_* environment as the
web app; --with-scheduler lets RQ bring back the mails whose retry waits."""

from __future__ import annotations

from hrflow import create_app
from hrflow.extensions import db
from hrflow.mail.services import deliver
from hrflow.models import MailStatus


class MailNotDelivered(Exception):
    """The attempt was refused and the mail waits for another: raised so that RQ retries the job."""


def deliver_in_worker(mail_id: int) -> str:
    """Build the app from the environment and make one delivery attempt in it."""
    app = create_app()
    with app.app_context():
        try:
            status = deliver(mail_id)
        finally:
            db.session.remove()
    if status == MailStatus.QUEUED:
        raise MailNotDelivered(f"mail {mail_id} refused; waiting for its next attempt")
    return str(status) if status else "claimed elsewhere"
