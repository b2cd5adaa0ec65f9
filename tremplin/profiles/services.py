"""The verbs of the profile: keep a CV, remove it."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_candidate
from tremplin.profiles.models import Profile


class NotACandidate(Exception):
    """Only students and graduates keep a CV."""


def profile_of(user: User) -> Profile | None:
    return Profile.objects.filter(user=user).first()


def set_cv(upload: UploadedFile, *, acting_user: User) -> Profile:
    """Keep this PDF (already checked by its content) as the person's CV, replacing theirs."""
    if not is_candidate(acting_user):
        raise NotACandidate
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=acting_user)
        previous = profile.cv.name
        profile.cv.save("cv.pdf", upload, save=False)
        profile.save()
        if previous:
            storage = profile.cv.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return profile


def remove_cv(*, acting_user: User) -> None:
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(user=acting_user).first()
        if profile is None or not profile.cv:
            return
        previous, storage = profile.cv.name, profile.cv.storage
        profile.cv = ""
        profile.save()
        transaction.on_commit(lambda: storage.delete(previous))
