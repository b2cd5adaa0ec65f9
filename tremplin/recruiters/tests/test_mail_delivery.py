"""A registration does not depend on the mail server: its mail leaves when the server is back."""

import email
from email import policy

from aiosmtpd.controller import Controller
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.accounts.models import User
from tremplin.testing import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def test_with_the_smtp_server_down_the_registration_is_kept_and_mailed_later(
    register, run_jobs, settings
):
    port = free_port()  # nothing listens there yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    response = register()
    assert response.status_code == 302

    run_jobs()  # connection refused: the job is scheduled again, not lost
    lea = User.objects.get(email="lea.durand@atelier-numerique.example")
    assert lea.recruiter.organisation.name == "Atelier Numérique"
    job = ProcrastinateJob.objects.get(task_name="send_email")
    assert (job.status, job.attempts) == ("todo", 1)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with connection.cursor() as cursor:  # the retry's time has come
            cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
        run_jobs()
    finally:
        controller.stop()

    [message] = inbox.messages
    assert message["To"] == "lea.durand@atelier-numerique.example"
    assert message["Subject"].strip() == (
        "Confirmez votre adresse électronique pour terminer votre inscription"
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "/entreprises/inscription/confirmation/" in text
    assert ProcrastinateJob.objects.get(task_name="send_email").status == "succeeded"
