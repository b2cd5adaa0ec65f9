"""Every audit action is a member of one enum, with a label the log shows."""

from __future__ import annotations

import pytest
from django.utils import translation

from tremplin.audit.models import Action, AuditEntry
from tremplin.audit.services import record


def test_every_action_has_a_label_of_its_own():
    for action in Action:
        assert action.label and action.label != action.value, action
    assert len({str(action.label) for action in Action}) == len(Action)


@pytest.mark.django_db
def test_an_action_without_a_label_cannot_be_recorded():
    with pytest.raises(ValueError, match=r"graduate\.hacked"):
        record("graduate.hacked", actor=None)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action",
    [
        Action.GRADUATE_CLAIMED,
        Action.GRADUATE_VALIDATED,
        Action.GRADUATE_REJECTED,
        Action.STUDENT_GRADUATED,
        Action.ACCOUNT_DELETED,
    ],
)
def test_the_validations_the_log_exists_for_read_as_words(action):
    entry = record(action, actor=None)
    with translation.override("fr"):
        label = entry.action_label
    assert label != action.value and "." not in label
