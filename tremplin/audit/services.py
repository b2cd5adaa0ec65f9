from __future__ import annotations

from typing import Any

from django.db import models

from tremplin.audit.models import Action, AuditEntry


def record(
    action: Action,
    *,
    actor,
    target: models.Model | None = None,
    ip_address: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Write one audit row; call it inside the transaction of the change it describes.
    An action that is not a member of `Action` (a code without a label) raises ValueError."""
    action = Action(action)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor) if actor is not None and actor.is_authenticated else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        details=details,
        ip_address=ip_address,
    )
