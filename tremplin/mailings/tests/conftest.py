import pytest

from tremplin import testing
from tremplin.testing import SmtpServer


class RefusingSmtpServer(SmtpServer):
    """The aiosmtpd server of the tests, refusing some recipients: for good (550) those of
    `refused`, for now (450) those of `busy`, and the message (554, after DATA) to those
    of `refused_at_data`."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: set[str] = set()
        self.busy: set[str] = set()
        self.refused_at_data: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address in self.busy:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refused_at_data & set(envelope.rcpt_tos):
            return "554 5.7.1 Message rejected"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def refusing_smtp(settings):
    server = RefusingSmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@pytest.fixture
def alice(db):
    return testing.student("alice.martin")


@pytest.fixture
def bob(db):
    return testing.student("bob.durand")
