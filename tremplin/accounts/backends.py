"""One authentication backend per identity source (the ENT's CAS here, LDAP in ldap.py)."""

from __future__ import annotations

import requests
from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django_cas_ng.utils import get_cas_client

from tremplin.accounts.ent_person import map_attributes
from tremplin.accounts.mfa import asserted_by_the_ent
from tremplin.accounts.models import ExternalIdentity
from tremplin.accounts.services import sign_in_from_ent


class CasUnavailable(Exception):
    """The CAS server could not be reached to validate a ticket."""


class CASBackend(ModelBackend):
    """Validate a service ticket with the CAS server (protocol 3.0) and map its attributes."""

    def authenticate(
        self, request, ticket: str | None = None, service: str | None = None, **kwargs
    ):
        if not ticket or not service:
            return None
        client = get_cas_client(service_url=service, request=request)
        try:
            uid, attributes, _pgtiou = client.verify_ticket(ticket)
        except requests.RequestException as error:
            raise CasUnavailable from error
        if not uid:
            return None  # INVALID_TICKET, INVALID_SERVICE…: the ticket proves nothing
        user = sign_in_from_ent(
            map_attributes(uid, attributes or {}), provider=ExternalIdentity.Provider.CAS
        )
        # For the sign-in view, like Django's `user.backend`: the ENT's second factor.
        user.ent_mfa = asserted_by_the_ent(attributes or {})
        return user if self.user_can_authenticate(user) else None


class LocalAccountBackend(AuthenticationBackend):
    """E-mail and password (allauth). A correct password of an account that is not open
    yet (a registration waiting for validation) is let through to allauth, which then
    shows the "not open yet" page instead of a misleading "wrong password"; such an
    account never gets a session."""

    def user_can_authenticate(self, user) -> bool:
        return True

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
