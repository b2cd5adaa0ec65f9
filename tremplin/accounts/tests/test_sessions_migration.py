"""Migration 0013 on a database with open sessions: each open session moves to the new
table with its account, so nobody is signed out by the upgrade; expired ones are left
behind, and the old table is emptied."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from tremplin.testing import migrate

BEFORE = [("accounts", "0012_user_date_joined_index"), ("sessions", "0001_initial")]
AFTER = [("accounts", "0013_user_sessions")]


@pytest.mark.django_db(transaction=True)
def test_open_sessions_move_with_their_account():
    apps = migrate(BEFORE)
    try:
        User = apps.get_model("accounts", "User")
        Session = apps.get_model("sessions", "Session")
        lea = User.objects.create(username="local:lea", kind="graduate")
        store, later = SessionStore(), timezone.now() + timedelta(hours=1)
        for key, data, expires in [
            ("signed-in" + "x" * 23, {"_auth_user_id": str(lea.pk)}, later),
            ("visitor" + "x" * 25, {"django_language": "fr"}, later),
            ("expired" + "x" * 25, {"_auth_user_id": str(lea.pk)}, timezone.now()),
        ]:
            Session.objects.create(
                session_key=key, session_data=store.encode(data), expire_date=expires
            )

        apps = migrate(AFTER)
        moved = {
            s.session_key: s.user_id
            for s in apps.get_model("accounts", "UserSession").objects.all()
        }
        assert moved == {"signed-in" + "x" * 23: lea.pk, "visitor" + "x" * 25: None}
        assert not apps.get_model("sessions", "Session").objects.exists()
    finally:
        migrate()
