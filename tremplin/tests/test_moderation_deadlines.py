"""What waits too long reminds its moderators, then the administrators too; once per
object and stage; and the back office shows what is late."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.graduates.models import GraduateClaim
from tremplin.moderation.deadlines import remind
from tremplin.moderation.models import Reminder
from tremplin.offers.models import Offer
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
NOW = timezone.now()


@pytest.fixture
def people(settings):
    settings.MODERATION_REMINDER_DAYS = 5
    settings.MODERATION_ESCALATION_DAYS = 10
    sci, lettres = testing.composante("SCI"), testing.composante("LET")
    return {
        "sci": sci,
        "claire": testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci)),
        "louis": testing.staff("louis.resp", (Role.COMPOSANTE_MANAGER, lettres)),
        "nina": testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)),
        "paul": testing.administrator(),
    }


def claim(composante, days: int) -> GraduateClaim:
    made = GraduateClaim.objects.create(
        user=testing.user(User.Kind.GRADUATE, is_active=False),
        route=GraduateClaim.Route.DIPLOMA_NOT_FOUND,
        composante=composante,
        last_name="Lambert",
        first_name="Hugo",
    )
    GraduateClaim.objects.filter(pk=made.pk).update(created_at=NOW - timedelta(days=days))
    made.refresh_from_db()
    return made


def reminded(mails) -> dict[str, list[str]]:
    """Who was reminded, and of what (the lines of the mail that name an object)."""
    found = {}
    for mail in mails():
        if "attend" in mail.subject:
            for address in mail.to:
                found.setdefault(address, []).extend(
                    line for line in mail.text.splitlines() if line.startswith("- ")
                )
    return found


def test_a_late_claim_reminds_the_moderators_of_its_scope_then_the_administrators(people, mails):
    late = claim(people["sci"], days=6)
    claim(people["sci"], days=2)  # not late yet

    assert remind(NOW) == {"reminder": 1, "escalation": 0}
    who = reminded(mails)
    assert list(who) == ["claire.resp@univ-test.fr"]  # not Louis (LET), not Paul yet
    [line] = who["claire.resp@univ-test.fr"]
    assert "Hugo Lambert" in line and "6 jours" in line
    assert remind(NOW + timedelta(hours=1)) == {"reminder": 0, "escalation": 0}  # once

    # Five days on: the first is escalated, the second (7 days) reminded.
    assert remind(NOW + timedelta(days=5)) == {"reminder": 1, "escalation": 1}
    who = reminded(mails)
    assert set(who) == {"claire.resp@univ-test.fr", "paul.admin@univ-test.fr"}
    assert remind(NOW + timedelta(days=6)) == {"reminder": 0, "escalation": 0}
    assert Reminder.objects.filter(object_id=late.pk).count() == 2


def test_what_no_scoped_moderator_covers_reminds_the_administrators(people, mails):
    claim(None, days=6)  # absent from the registry: administrators only
    testing.recruiter("rh@c.example", status=Recruiter.Status.PENDING)
    Recruiter.objects.update(created_at=NOW - timedelta(days=7))
    assert remind(NOW) == {"reminder": 2, "escalation": 0}
    who = reminded(mails)
    assert set(who) == {"paul.admin@univ-test.fr"}
    assert len(who["paul.admin@univ-test.fr"]) == 2  # one mail for both


def test_a_late_offer_reminds_who_moderates_it_and_again_once_submitted_anew(people, mails):
    now = timezone.now()
    offer = Offer.objects.create(
        title="Stage data",
        kind=Offer.Kind.INTERNSHIP,
        organisation=testing.organisation(),
        description="<p>D</p>",
        city="Clermont-Ferrand",
        domain=Offer.Domain.SCIENCE,
        publish_from=now,
        publish_until=now + timedelta(days=30),
        status=Offer.Status.SUBMITTED,
        submitted_at=NOW - timedelta(days=6),
    )
    offer.composantes.set([people["sci"]])
    assert remind(NOW)["reminder"] == 1
    assert set(reminded(mails)) == {"claire.resp@univ-test.fr", "nina.conseil@univ-test.fr"}
    Offer.objects.filter(pk=offer.pk).update(submitted_at=NOW - timedelta(days=5, hours=1))
    assert remind(NOW + timedelta(hours=1))["reminder"] == 1  # a new wait, a new reminder


def test_a_decided_object_is_left_out_of_the_mail(people, mails):
    late = claim(people["sci"], days=6)
    remind(NOW)
    GraduateClaim.objects.filter(pk=late.pk).update(status=GraduateClaim.Status.VALIDATED)
    assert reminded(mails) == {}


def test_the_dashboard_counts_what_is_late_and_the_queue_filters_it(people, client):
    claim(people["sci"], days=6)
    claim(people["sci"], days=1)
    client.force_login(people["claire"])
    dashboard = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "1 en retard" in dashboard
    everything = client.get(reverse("graduates:claims")).context["page"].object_list
    only_late = client.get(reverse("graduates:claims"), {"late": "1"}).context["page"]
    assert (len(everything), len(only_late.object_list)) == (2, 1)
