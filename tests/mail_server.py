"""A real SMTP server for the mail tests: aiosmtpd listening on 127.0.0.1 on a free port, in a thread of the
test process, keeping every message it accepts. The app (or a served instance, or an RQ worker) talks to
it over the network as it would to the unit's mail server.

    server = SmtpServer()          # a free port, not listening yet: a "down" server
    server.start()                 # now it accepts mail
    server.wait_for(1)             # → [email.message.EmailMessage, …]
    SmtpServer(refuse=True)        # answers every recipient with 550"""

from __future__ import annotations

import email
import socket
import threading
import time
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Keeper:
    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if self.server.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=default)
        with self.server.lock:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, *, refuse: bool = False):
        self.port = free_port()
        self.refuse = refuse
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self.controller: Controller | None = None

    @property
    def settings(self) -> dict:
        """What the app needs to send here."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_TIMEOUT": 5}

    def start(self) -> SmtpServer:
        self.controller = Controller(_Keeper(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 15) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} mails, the server received {len(self.messages)}")


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None and part.get_content_type() == "text/html" else None
