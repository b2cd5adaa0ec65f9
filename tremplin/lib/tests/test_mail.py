"""The e-mail plumbing: rendered in the recipient's language, sent by a job deferred in
the transaction, delivered through a real SMTP server."""

import pytest
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.lib.mail import send_templated
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


def test_a_rolled_back_transaction_sends_nothing(db):
    def failing_change():
        with transaction.atomic():
            send_templated(
                "directory/emails/registry_import_finished",
                to=["a@x.fr"],
                context=CONTEXT,
                language="fr",
            )
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not ProcrastinateJob.objects.exists()


def test_the_mail_is_delivered_by_smtp_in_french_with_text_and_html(run_jobs, smtp_server):
    administrator()  # a committed change beside the mail, as in a real request
    send_templated(
        "directory/emails/registry_import_finished",
        to=["admin@univ-demo.fr"],
        context=CONTEXT,
        language="fr",
    )
    assert smtp_server.messages == []  # deferred, not sent in the request

    run_jobs()

    [message] = smtp_server.messages
    assert message["To"] == "admin@univ-demo.fr"
    assert message["Subject"].strip() == "Import de la base des diplômés terminé : extraction.csv"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Créées : 3" in text
    assert '<html lang="fr">' in html and "Voir le détail" in html


def test_the_mail_speaks_the_recipients_language(run_jobs, smtp_server):
    send_templated(
        "directory/emails/registry_import_finished",
        to=["admin@univ-demo.fr"],
        context=CONTEXT,
        language="en",
    )
    run_jobs()

    [message] = smtp_server.messages
    assert message["Subject"].strip() == "Registry import finished: extraction.csv"
    assert "Created: 3" in message.get_body(preferencelist=("plain",)).get_content()


def test_a_mail_waits_while_the_smtp_server_is_down_and_leaves_when_it_is_back(
    run_jobs, smtp_server
):
    smtp_server.stop()
    send_templated(
        "directory/emails/registry_import_finished",
        to=["admin@univ-demo.fr"],
        context=CONTEXT,
        language="fr",
    )

    run_jobs()  # connection refused: the job is scheduled again, not lost
    job = ProcrastinateJob.objects.get(task_name="send_email")
    assert job.status == "todo" and job.attempts == 1

    smtp_server.start()
    with connection.cursor() as cursor:  # the retry's time has come
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    run_jobs()
    assert len(smtp_server.messages) == 1
    assert ProcrastinateJob.objects.get(task_name="send_email").status == "succeeded"
