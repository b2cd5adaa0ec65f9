"""Before sending: the preview in each language, and the number of recipients, those of
the audience who opted into newsletters and whose address is deliverable."""

import pytest
from django.urls import reverse

from tremplin.mailings import services as mailings
from tremplin.newsletters import services

pytestmark = pytest.mark.django_db


def test_the_recipients_are_the_audience_who_consented_and_are_deliverable(
    people, paul, make_newsletter, sci, settings
):
    alice, bob, gaelle, hugo = people
    assert set(services.recipients(make_newsletter(paul))) == {alice, bob, gaelle}
    for_sci = make_newsletter(paul, composantes=[sci])
    assert set(services.audience_of(for_sci)) == {alice, gaelle, hugo}
    assert set(services.recipients(for_sci)) == {alice, gaelle}
    assert set(services.recipients(make_newsletter(paul, audience="graduate"))) == {gaelle}
    settings.MAIL_UNDELIVERABLE_AFTER = 1
    mailings.record_refusal(alice.email, 550, "User unknown")
    assert set(services.recipients(for_sci)) == {gaelle}


def test_a_vet_reaches_its_members(people, marc, l3inf, make_newsletter):
    alice, _bob, gaelle, _hugo = people
    newsletter = make_newsletter(marc, vets=[l3inf])
    assert set(services.recipients(newsletter)) == {alice, gaelle}


def test_the_page_shows_the_count_and_the_previews(client, people, claire, sci, make_newsletter):
    newsletter = make_newsletter(
        claire, composantes=[sci], subject_en="Job fair", body_en="The *fair*"
    )
    client.force_login(claire)
    page = client.get(reverse("newsletters:detail", args=[newsletter.pk]))
    assert page.status_code == 200
    assert page.context["recipients"] == 2 and page.context["audience"] == 3
    html = page.content.decode()
    assert "<strong>forum</strong>" in html and "<em>fair</em>" in html
    assert 'lang="en"' in html
