"""The demo's sent newsletter: in the outbox once, with its one-click unsubscribe."""

import pytest

from tremplin import testing
from tremplin.demo.newsletters import SUBJECT, load_demo_newsletter
from tremplin.demo.people import load_demo_staff
from tremplin.newsletters.models import Newsletter

pytestmark = pytest.mark.django_db


def test_david_s_newsletter_reaches_bob_once(mailoutbox):
    testing.vet("L3INF", "SCI")
    testing.vet("M1DPR", "DRT")
    load_demo_staff()
    assert load_demo_newsletter() is True
    assert load_demo_newsletter() is False
    [mail] = mailoutbox
    assert mail.to == ["bob.nguyen@etu.univ-demo.fr"]
    assert mail.subject == SUBJECT
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Newsletter.objects.get().status == Newsletter.Status.SENT
