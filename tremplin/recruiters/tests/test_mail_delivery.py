"""A registration does not depend on the mail server: its mail leaves when the server is back."""

from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.accounts.models import User


def test_with_the_smtp_server_down_the_registration_is_kept_and_mailed_later(
    register, run_jobs, smtp_server
):
    smtp_server.stop()

    response = register()
    assert response.status_code == 302

    run_jobs()  # connection refused: the job is scheduled again, not lost
    lea = User.objects.get(email="lea.durand@atelier-numerique.example")
    assert lea.recruiter.organisation.name == "Atelier Numérique"
    job = ProcrastinateJob.objects.get(task_name="send_email")
    assert (job.status, job.attempts) == ("todo", 1)

    smtp_server.start()
    with connection.cursor() as cursor:  # the retry's time has come
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    run_jobs()

    [message] = smtp_server.messages
    assert message["To"] == "lea.durand@atelier-numerique.example"
    assert message["Subject"].strip() == (
        "Confirmez votre adresse électronique pour terminer votre inscription"
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "/entreprises/inscription/confirmation/" in text
    assert ProcrastinateJob.objects.get(task_name="send_email").status == "succeeded"
