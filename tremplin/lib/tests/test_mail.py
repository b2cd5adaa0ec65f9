"""The e-mail plumbing: a job deferred in the transaction carries ids, the worker renders
the mail from the database when it leaves, in the recipient's language, and delivers it
through a real SMTP server."""

from datetime import date

import pytest
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.lib.mail import Message, email
from tremplin.testing import administrator

CONTEXT = {
    "item": {
        "original_name": "extraction.csv",
        "status": "done",
        "total_rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    },
    "status": "Imported",
    "url": "/gestion/base-diplomes/1/",
}


@email
def import_finished(user, language: str = "fr") -> Message:
    """An e-mail as an app writes one, with a template any app could have."""
    return Message(
        "directory/emails/registry_import_finished",
        to=[user.email],
        language=language,
        context=CONTEXT,
    )


def test_a_rolled_back_transaction_sends_nothing(db):
    paul = administrator()

    def failing_change():
        with transaction.atomic():
            import_finished(paul)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not ProcrastinateJob.objects.exists()


def test_the_job_carries_the_objects_ids_not_the_mail(db):
    paul = administrator()
    import_finished(paul, "en")

    job = ProcrastinateJob.objects.get(task_name="send_email")
    assert job.args == {
        "mail": "tremplin.lib.tests.test_mail.import_finished",
        "arguments": {"user": {"model": "accounts.user", "pk": paul.pk}, "language": "en"},
    }


def test_a_value_that_is_not_an_id_is_refused(db):
    paul = administrator()
    with pytest.raises(TypeError, match="ids and plain values"):
        import_finished(paul, language=date(2000, 1, 1))


def test_the_mail_is_delivered_by_smtp_in_french_with_text_and_html(run_jobs, smtp_server):
    paul = administrator()
    import_finished(paul)
    assert smtp_server.messages == []  # deferred, not sent in the request

    run_jobs()

    [message] = smtp_server.messages
    assert message["To"] == paul.email
    assert message["Subject"].strip() == "Import de la base des diplômés terminé : extraction.csv"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Créées : 3" in text
    assert '<html lang="fr">' in html and "Voir le détail" in html


def test_the_mail_is_rendered_from_the_database_when_it_leaves(run_jobs, smtp_server):
    paul = administrator()
    import_finished(paul)
    paul.email = "paul.nouvelle-adresse@univ-demo.fr"
    paul.save()

    run_jobs()

    [message] = smtp_server.messages
    assert message["To"] == "paul.nouvelle-adresse@univ-demo.fr"


def test_an_object_deleted_before_the_mail_leaves_sends_nothing(run_jobs, smtp_server):
    paul = administrator()
    import_finished(paul)
    paul.delete()

    run_jobs()

    assert smtp_server.messages == []
    assert ProcrastinateJob.objects.get(task_name="send_email").status == "succeeded"


def test_the_mail_speaks_the_recipients_language(run_jobs, smtp_server):
    import_finished(administrator(), "en")
    run_jobs()

    [message] = smtp_server.messages
    assert message["Subject"].strip() == "Registry import finished: extraction.csv"
    assert "Created: 3" in message.get_body(preferencelist=("plain",)).get_content()


def test_a_mail_waits_while_the_smtp_server_is_down_and_leaves_when_it_is_back(
    run_jobs, smtp_server
):
    smtp_server.stop()
    import_finished(administrator())

    run_jobs()  # connection refused: the job is scheduled again, not lost
    job = ProcrastinateJob.objects.get(task_name="send_email")
    assert job.status == "todo" and job.attempts == 1

    smtp_server.start()
    with connection.cursor() as cursor:  # the retry's time has come
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    run_jobs()
    assert len(smtp_server.messages) == 1
    assert ProcrastinateJob.objects.get(task_name="send_email").status == "succeeded"
