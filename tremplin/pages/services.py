from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from tremplin.accounts.permissions import Permission, may
from tremplin.audit.services import record
from tremplin.pages.models import LegalDocument


@transaction.atomic
def publish_legal_document(
    kind: str,
    *,
    title_fr: str,
    title_en: str,
    body_fr: str,
    body_en: str,
    acting_user,
    ip_address: str | None = None,
) -> LegalDocument:
    """Publish a new version. For the charter and the CGU, people are asked to accept it.
    Only those who hold `legal.edit` publish: the service checks it, whoever calls it."""
    if not may(acting_user, Permission.LEGAL_EDIT):
        raise PermissionDenied("Only administrators publish legal texts.")
    last = LegalDocument.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    document = LegalDocument.objects.create(
        kind=kind,
        version=last + 1,
        title_fr=title_fr,
        title_en=title_en,
        body_fr=body_fr,
        body_en=body_en,
        published_by=acting_user,
    )
    record("legal.published", actor=acting_user, target=document, ip_address=ip_address)
    return document
