"""Migrations 0003 and 0004 on a database that holds claims: the decided ones forget the date of
birth, the pending ones keep it for their moderator, and all of them can still be told
apart as duplicates."""

from datetime import date

import pytest

from tremplin.graduates.models import identity_key
from tremplin.testing import migrate

BEFORE = [("graduates", "0002_emailed_links")]
AFTER = [("graduates", "0004_decided_claims_forget_birth_dates")]
BORN = date(1995, 9, 21)


@pytest.mark.django_db(transaction=True)
def test_decided_claims_forget_the_date_of_birth():
    apps = migrate(BEFORE)
    try:
        User = apps.get_model("accounts", "User")
        Claim = apps.get_model("graduates", "GraduateClaim")
        claims = {}
        for status in ("pending", "validated", "rejected"):
            person = User.objects.create(username=f"local:{status}", kind="graduate")
            claims[status] = Claim.objects.create(
                user=person,
                route="absent",
                status=status,
                last_name="Garnier",
                first_name="Inès",
                birth_date=BORN,
            ).pk

        Claim = migrate(AFTER).get_model("graduates", "GraduateClaim")
        after = {status: Claim.objects.get(pk=pk) for status, pk in claims.items()}
        assert {status: claim.birth_date for status, claim in after.items()} == {
            "pending": BORN,
            "validated": None,
            "rejected": None,
        }
        assert {claim.identity_key for claim in after.values()} == {identity_key("GARNIER", BORN)}
    finally:
        migrate()
