import pytest

from tremplin.alerts.models import SavedSearch
from tremplin.demo.alerts import load_demo_alerts
from tremplin.profiles.models import SearchProfile

pytestmark = pytest.mark.django_db


def test_the_personas_get_their_profiles_and_searches_once():
    from tremplin import testing

    testing.composante("DRT")
    testing.vet("M1DPR", "DRT")
    testing.composante("SCI")
    testing.vet("L3INF", "SCI")
    assert load_demo_alerts()[0] == 2
    assert set(SearchProfile.objects.values_list("user__username", flat=True)) == {
        "cas:bob.nguyen",
        "cas:chloe.bernard",
    }
    assert SavedSearch.objects.filter(user__username="cas:bob.nguyen").get().name == (
        "Juriste à Paris"
    )
    assert load_demo_alerts() == (0, 0)
    assert SavedSearch.objects.count() == 2
