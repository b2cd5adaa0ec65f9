"""Staff sign-in by a bind to the university's LDAP directory (django-auth-ldap).

Installed only where LDAP_SERVER_URI is set (settings.py). django-auth-ldap binds as the
person and reads their entry; the rest is Tremplin's, as for CAS: the attributes named in
ENT_ATTRIBUTE_MAP are mapped explicitly and the user is found through
ExternalIdentity("ldap", uid) by `sign_in_from_ent`, never by Django username, so a
local account is never entered by a directory identity that shares its name. Nothing is
copied from the directory onto users, and LDAP groups grant no permission.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping

import ldap
import ldap.dn
import ldap.filter
from django.conf import settings
from django_auth_ldap.backend import LDAPBackend as BaseLDAPBackend
from django_auth_ldap.backend import ldap_error

from tremplin.accounts.ent_person import EntPerson, map_attributes
from tremplin.accounts.models import ExternalIdentity, User
from tremplin.accounts.services import (
    AudienceRefused,
    lapse_roles_of_identity,
    sign_in_from_ent,
)
from tremplin.accounts.staff_sign_in import LdapUnavailable

logger = logging.getLogger(__name__)


class LDAPBackend(BaseLDAPBackend):
    """Bind as the person, then sign them in from their entry (staff only)."""

    default_settings = {
        # AUTH_LDAP_UID_ATTRIBUTE: the attribute whose value is the identity's uid.
        "UID_ATTRIBUTE": "uid",
        # The entry is read as the person just bound: directories seldom let anonymous
        # clients read people's attributes, and the user may read their own.
        "BIND_AS_AUTHENTICATING_USER": True,
        # django-auth-ldap neither fills nor saves the user: get_or_build_user does it all.
        "ALWAYS_UPDATE_USER": False,
        "USER_ATTR_MAP": {},
    }

    def authenticate(
        self,
        request,
        ldap_username: str | None = None,
        password: str | None = None,
        **kwargs,
    ) -> User | None:
        """Only the staff LDAP form passes `ldap_username`: the forms that pass `username`
        (the Django admin, graduates and recruiters) never reach the directory, and this
        form never reaches the local accounts of ModelBackend.

        Raises LdapUnavailable when the directory cannot answer and AudienceRefused
        for a person the directory does not call staff.
        """
        if not ldap_username or not password:
            return None
        user = super().authenticate(request, username=ldap_username, password=password)
        return user if user is not None and user.is_active else None

    def get_or_build_user(self, username: str, ldap_user) -> tuple[User, bool]:
        """Called by django-auth-ldap once the bind succeeded."""
        uid_attribute = self.settings.UID_ATTRIBUTE
        try:
            entry = ldap_user.attrs
        except ldap.LDAPError as error:
            logger.error("LDAP: bound as %s but could not read the entry: %s", ldap_user.dn, error)
            raise LdapUnavailable("entry unreadable") from error
        attributes = _entry_attributes(
            entry, [uid_attribute, *settings.ENT_ATTRIBUTE_MAP.values()]
        )
        if not attributes[uid_attribute]:
            logger.error("LDAP: %s has no readable %s attribute", ldap_user.dn, uid_attribute)
            raise LdapUnavailable("no uid")
        person = map_attributes(attributes[uid_attribute][0], attributes)
        if person.audience != User.Kind.STAFF:
            # Students sign in through the ENT (CAS); this entry is the staff's. Someone
            # who was staff and is no longer loses their roles here.
            lapse_roles_of_identity(ExternalIdentity.Provider.LDAP, person.uid)
            raise AudienceRefused(person.uid)
        user = sign_in_from_ent(person, provider=ExternalIdentity.Provider.LDAP)
        return user, False  # saved already: django-auth-ldap must not create a user

    def get_user(self, user_id: int) -> User | None:
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def get_group_permissions(self, user, obj=None) -> set[str]:
        return set()  # rights are Tremplin's roles (permissions.py), never LDAP groups


def find_person(uid: str) -> EntPerson | None:
    """What the directory says today about the person whose ENT uid is `uid`, looked up
    with the service account (AUTH_LDAP_BIND_DN): None when it does not know them.

    Unlike django-auth-ldap's own lookups, which answer "nobody" when the directory
    fails, a directory that cannot be reached or searched raises LdapUnavailable:
    the nightly lapse of roles (services.lapse_departed_staff) must never take an outage
    for departures.
    """
    attribute_names = [
        settings.AUTH_LDAP_UID_ATTRIBUTE,
        *settings.ENT_ATTRIBUTE_MAP.values(),
    ]
    connection = ldap.initialize(settings.AUTH_LDAP_SERVER_URI, bytes_mode=False)
    try:
        for option, value in settings.AUTH_LDAP_CONNECTION_OPTIONS.items():
            connection.set_option(option, value)
        if settings.AUTH_LDAP_START_TLS:
            connection.start_tls_s()
        connection.simple_bind_s(settings.AUTH_LDAP_BIND_DN, settings.AUTH_LDAP_BIND_PASSWORD)
        template = getattr(settings, "AUTH_LDAP_USER_DN_TEMPLATE", None)
        if template:
            dn = template % {"user": ldap.dn.escape_dn_chars(uid)}
            results = connection.search_s(dn, ldap.SCOPE_BASE, "(objectClass=*)", attribute_names)
        else:
            search = settings.AUTH_LDAP_USER_SEARCH
            query = search.filterstr % {"user": ldap.filter.escape_filter_chars(uid)}
            results = connection.search_s(search.base_dn, search.scope, query, attribute_names)
    except ldap.NO_SUCH_OBJECT:
        return None
    except ldap.LDAPError as error:
        logger.error("LDAP directory unavailable (lookup of %s): %s", uid, error)
        raise LdapUnavailable("lookup") from error
    finally:
        with contextlib.suppress(ldap.LDAPError):
            connection.unbind_s()
    entries = [attributes for dn, attributes in results if dn]  # skip search referrals
    if not entries:
        return None
    if len(entries) > 1:  # a search that is not precise enough proves nothing
        logger.error("LDAP: %d entries for %s", len(entries), uid)
        raise LdapUnavailable("ambiguous lookup")
    attributes = _entry_attributes(entries[0], attribute_names)
    found_uid = attributes[settings.AUTH_LDAP_UID_ATTRIBUTE]
    return map_attributes(found_uid[0] if found_uid else uid, attributes)


def _entry_attributes(
    entry: Mapping[str, Iterable[str | bytes]] | None, names: Iterable[str]
) -> dict[str, list[str]]:
    """The named attributes of an LDAP entry, as text, under the names asked for.

    Attribute names are case-insensitive in LDAP; django-auth-ldap decodes values to str
    but leaves bytes that are not UTF-8, and python-ldap itself gives bytes.
    """
    by_name = {str(name).lower(): values for name, values in (entry or {}).items()}
    return {
        name: [
            value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
            for value in by_name.get(name.lower(), ())
        ]
        for name in names
    }


def _directory_error(sender, context: str, exception: Exception, **kwargs) -> None:
    """django-auth-ldap logs LDAP errors and answers as if the password were wrong; a
    directory that cannot be reached or searched must say so instead (a 503)."""
    if context == "authenticate" and isinstance(exception, ldap.NO_SUCH_OBJECT):
        return  # some servers answer a bind to an unknown DN so: a wrong username
    logger.error("LDAP directory unavailable (%s): %s", context, exception)
    raise LdapUnavailable(context) from exception


ldap_error.connect(_directory_error, sender=LDAPBackend, dispatch_uid="tremplin-ldap-errors")
