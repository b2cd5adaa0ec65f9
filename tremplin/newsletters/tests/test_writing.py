"""Who writes to whom: administrators and career advisers to anybody, a responsable only
to the people of their scope, who sees only those newsletters. The attacks are tried
through the pages (forged POSTs) and against the services."""

import pytest
from django.urls import reverse

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.newsletters import services
from tremplin.newsletters.models import Newsletter
from tremplin.newsletters.tests.conftest import draft

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "subject": "Forum des métiers",
        "body": "Le **forum** a lieu jeudi. <script>alert(1)</script>",
        "subject_en": "",
        "body_en": "",
        "audience": "everyone",
    }
    data.update(overrides)
    return data


def test_an_administrator_writes_to_the_whole_university(client):
    paul = testing.signed_in_administrator(client)
    response = client.post(reverse("newsletters:create"), form_data())
    newsletter = Newsletter.objects.get()
    assert response["Location"] == reverse("newsletters:detail", args=[newsletter.pk])
    assert newsletter.author == paul
    assert "<strong>forum</strong>" in newsletter.body_html
    assert "<script" not in newsletter.body_html  # sanitised
    assert AuditEntry.objects.filter(action="newsletter.created").exists()


def test_a_responsable_writes_to_their_composante(client, claire, sci):
    client.force_login(claire)
    response = client.post(reverse("newsletters:create"), form_data(composantes=[sci.pk]))
    assert response.status_code == 302
    assert list(Newsletter.objects.get().composantes.all()) == [sci]


def test_a_responsable_vet_writes_to_their_vet(marc, l3inf):
    newsletter = services.create(draft(vets=[l3inf]), acting_user=marc)
    assert list(Newsletter.objects.in_scope_of(marc)) == [newsletter]


def test_a_responsable_cannot_write_to_the_whole_university(client, claire):
    client.force_login(claire)
    response = client.post(reverse("newsletters:create"), form_data())
    assert response.status_code == 400
    assert not Newsletter.objects.exists()
    with pytest.raises(services.OutOfScope):
        services.create(draft(), acting_user=claire)


def test_a_forged_post_to_another_composante_is_refused(client, claire, sci, drt):
    client.force_login(claire)
    response = client.post(reverse("newsletters:create"), form_data(composantes=[drt.pk]))
    assert response.status_code == 400
    response = client.post(reverse("newsletters:create"), form_data(composantes=[sci.pk, drt.pk]))
    assert response.status_code == 400
    assert not Newsletter.objects.exists()


def test_the_services_refuse_another_composante_too(claire, sci, drt):
    with pytest.raises(services.OutOfScope):
        services.create(draft(composantes=[drt]), acting_user=claire)
    with pytest.raises(services.OutOfScope):
        services.create(draft(composantes=[sci, drt]), acting_user=claire)
    assert not Newsletter.objects.exists()


def test_the_form_offers_only_the_responsable_s_scope(client, claire, sci, drt):
    client.force_login(claire)
    page = client.get(reverse("newsletters:create")).content.decode()
    assert f'value="{sci.pk}"' in page
    assert drt.label not in page


def test_a_responsable_does_not_see_another_composante_s_newsletters(
    client, claire, david, sci, drt, paul, make_newsletter
):
    theirs = make_newsletter(david, composantes=[drt])
    both = make_newsletter(paul, composantes=[sci, drt])
    everybody = make_newsletter(paul)
    mine = make_newsletter(claire, composantes=[sci])
    assert list(Newsletter.objects.in_scope_of(claire)) == [mine]
    assert set(Newsletter.objects.in_scope_of(paul)) == {theirs, both, everybody, mine}
    client.force_login(claire)
    listing = client.get(reverse("newsletters:list")).content.decode()
    assert mine.subject in listing and f"/{theirs.pk}/" not in listing
    for newsletter in (theirs, both, everybody):
        for name in ("detail", "edit"):
            url = reverse(f"newsletters:{name}", args=[newsletter.pk])
            assert client.get(url).status_code == 404, url
        for name in ("schedule", "unschedule"):
            url = reverse(f"newsletters:{name}", args=[newsletter.pk])
            assert client.post(url, {"now": "1"}).status_code == 404, url
    assert Newsletter.objects.filter(status=Newsletter.Status.DRAFT).count() == 4


def test_a_responsable_cannot_move_their_newsletter_to_another_composante(
    client, claire, sci, drt, make_newsletter
):
    mine = make_newsletter(claire, composantes=[sci])
    client.force_login(claire)
    response = client.post(
        reverse("newsletters:edit", args=[mine.pk]), form_data(composantes=[drt.pk])
    )
    assert response.status_code == 400
    with pytest.raises(services.OutOfScope):
        services.update(mine, draft(composantes=[drt]), acting_user=claire)
    assert list(mine.composantes.all()) == [sci]


def test_people_without_the_right_get_a_404(client, alice, make_newsletter, paul):
    newsletter = make_newsletter(paul)
    client.force_login(alice)
    assert client.get(reverse("newsletters:list")).status_code == 404
    assert client.get(reverse("newsletters:detail", args=[newsletter.pk])).status_code == 404
    with pytest.raises(services.OutOfScope):
        services.create(draft(), acting_user=alice)


def test_an_english_version_needs_a_subject_and_a_text(client):
    testing.signed_in_administrator(client)
    response = client.post(reverse("newsletters:create"), form_data(subject_en="Job fair"))
    assert response.status_code == 400
    assert not Newsletter.objects.exists()


def test_a_sent_newsletter_no_longer_changes(paul, make_newsletter):
    newsletter = make_newsletter(paul)
    Newsletter.objects.filter(pk=newsletter.pk).update(status=Newsletter.Status.SENT)
    with pytest.raises(services.NotEditable):
        services.update(newsletter, draft(subject="Autre"), acting_user=paul)
