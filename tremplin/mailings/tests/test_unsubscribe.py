"""RFC 8058: every mail that is not transactional carries List-Unsubscribe and
List-Unsubscribe-Post; one POST to its address, with no session and no CSRF token,
unsubscribes the person from that kind of mail."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tremplin.lib.mail import Message, send_rendered
from tremplin.mailings import services
from tremplin.mailings.models import MailKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(alice):
    services.set_consents(alice, list(MailKind), acting_user=alice)
    return alice


def test_the_headers_of_a_mail_that_is_not_transactional(subscribed, settings):
    controls = services.controls(subscribed, MailKind.ALERTS)
    assert controls.headers == {
        "List-Unsubscribe": f"<{controls.unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert controls.unsubscribe_url.startswith(settings.SITE_URL + "/courriels/")
    assert controls.unsubscribe_url.endswith("/desabonnement/alerts/")
    settings.MAIL_UNSUBSCRIBE_MAILTO = "desabonnement@univ-demo.fr"
    header = services.controls(subscribed, MailKind.ALERTS).headers["List-Unsubscribe"]
    assert header.endswith(", <mailto:desabonnement@univ-demo.fr?subject=unsubscribe>")


def test_one_post_with_no_session_and_no_csrf_token_unsubscribes_that_kind(subscribed):
    url = urlsplit(services.unsubscribe_url(subscribed, MailKind.NEWSLETTERS)).path
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no token: a mail provider
    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert services.consented_kinds(subscribed) == {MailKind.ALERTS, MailKind.EVENT_NEWS}
    # Twice is as once.
    assert mail_client.post(url).status_code == 200
    assert services.consented_kinds(subscribed) == {MailKind.ALERTS, MailKind.EVENT_NEWS}


def test_opening_the_link_changes_nothing_until_the_button(subscribed):
    url = urlsplit(services.unsubscribe_url(subscribed, MailKind.ALERTS)).path
    page = Client().get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert services.consented_kinds(subscribed) == set(MailKind)


def test_an_unknown_kind_is_a_404(subscribed):
    token = services.link_token(subscribed)
    assert Client().post(reverse("mailings:unsubscribe", args=[token, "spam"])).status_code == 404


def test_other_pages_keep_their_csrf_check(subscribed):
    """Only the one-click view is exempt."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(subscribed)
    assert browser.post(reverse("mailings:preferences"), {}).status_code == 403
    assert services.consented_kinds(subscribed) == set(MailKind)


def test_the_headers_reach_the_mail_server_and_the_link_in_them_works(subscribed, smtp_server):
    controls = services.admit(subscribed, MailKind.EVENT_NEWS)
    message = Message(
        "newsletters/emails/newsletter",
        to=[subscribed.email],
        language="fr",
        headers=controls.headers,
        context={
            **controls.context,
            "subject": "Forum",
            "text": "Venez",
            "html": "<p>Venez</p>",
            "archive_url": "/",
        },
    )
    assert send_rendered([message.render()]) == 1
    [received] = smtp_server.messages
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(received["List-Unsubscribe"]).strip()  # folded: the URL is long
    assert header == f"<{controls.unsubscribe_url}>"
    link = header[1:-1]
    assert controls.unsubscribe_url in received.get_body(("plain",)).get_content()
    assert controls.preferences_url in received.get_body(("html",)).get_content()
    Client(enforce_csrf_checks=True).post(urlsplit(link).path, {"List-Unsubscribe": "One-Click"})
    assert MailKind.EVENT_NEWS not in services.consented_kinds(subscribed)
