"""Each person's archive: the newsletters they received, and no other."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.newsletters import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_to_sci(people, paul, make_newsletter, sci, mailoutbox):
    newsletter = make_newsletter(paul, composantes=[sci], subject="Pour SCI")
    services.schedule(newsletter, timezone.now(), acting_user=paul)
    services.start(newsletter.pk)
    ids = list(newsletter.deliveries.values_list("pk", flat=True))
    services.send_batch(newsletter.pk, ids)
    return newsletter


def test_the_archive_lists_what_the_person_received(client, people, sent_to_sci):
    client.force_login(people[0])  # Alice, of SCI
    page = client.get(reverse("newsletters:archive")).content.decode()
    assert "Pour SCI" in page
    item = client.get(reverse("newsletters:received", args=[sent_to_sci.pk]))
    assert item.status_code == 200
    assert "<strong>forum</strong>" in item.content.decode()


@pytest.mark.parametrize("who", [1, 3])  # Bob: not of SCI; Hugo: did not want it
def test_others_do_not_find_it(client, people, sent_to_sci, who):
    client.force_login(people[who])
    assert "Pour SCI" not in client.get(reverse("newsletters:archive")).content.decode()
    assert client.get(reverse("newsletters:received", args=[sent_to_sci.pk])).status_code == 404


def test_a_draft_is_in_nobody_s_archive(client, people, paul, make_newsletter):
    draft = make_newsletter(paul, subject="Brouillon")
    client.force_login(people[0])
    assert client.get(reverse("newsletters:received", args=[draft.pk])).status_code == 404


def test_the_archive_needs_a_sign_in(client):
    assert client.get(reverse("newsletters:archive")).status_code == 302
