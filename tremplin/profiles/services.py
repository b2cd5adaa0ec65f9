"""The verbs of a candidate's CV: keep it, remove it."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_candidate
from tremplin.profiles.models import Resume


class NotACandidate(Exception):
    """Only students and graduates keep a CV."""


def resume_of(user: User) -> Resume | None:
    return Resume.objects.filter(user=user).first()


def set_cv(upload: UploadedFile, *, acting_user: User) -> Resume:
    """Keep this PDF (already checked by its content) as the person's CV, replacing theirs."""
    if not is_candidate(acting_user):
        raise NotACandidate
    with transaction.atomic():
        resume, _created = Resume.objects.select_for_update().get_or_create(user=acting_user)
        previous = resume.cv.name
        resume.cv.save("cv.pdf", upload, save=False)
        resume.save()
        if previous:
            storage = resume.cv.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return resume


def remove_cv(*, acting_user: User) -> None:
    with transaction.atomic():
        resume = Resume.objects.select_for_update().filter(user=acting_user).first()
        if resume is None or not resume.cv:
            return
        previous, storage = resume.cv.name, resume.cv.storage
        resume.cv = ""
        resume.save()
        transaction.on_commit(lambda: storage.delete(previous))
