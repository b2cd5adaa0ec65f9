"""What the mailings app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import (
    Holding,
    Processing,
    exporting,
    move,
    move_unless_kept_has,
    nothing_to_merge,
)
from tremplin.mailings.models import Consent, OptInMail, Unsubscription, WeeklySpend

HOLDINGS = [
    Holding(
        "mailings.Consent",
        "user",
        exporting(lambda user: Consent.objects.filter(user=user), "kind", "given_at"),
        move_unless_kept_has("mailings.Consent", "user", "kind"),
        rule=_("A kind of mail either account opted into stays opted into."),
    ),
    Holding(
        "mailings.MailingKey",
        "user",
        None,
        nothing_to_merge,
        why="the random key that signs the links of one's mails; the kept account has its own",
    ),
    Holding(
        "mailings.WeeklySpend",
        "user",
        exporting(lambda user: WeeklySpend.objects.filter(user=user), "week", "total", "others"),
        nothing_to_merge,
        why="how many opt-in mails left this week: the kept account's count stays",
    ),
    Holding(
        "mailings.OptInMail",
        "user",
        exporting(lambda user: OptInMail.objects.filter(user=user), "kind", "sent_at"),
        lambda kept, other: OptInMail.objects.filter(user=other).update(user=kept, job=None),
        rule=_("The opt-in mails either account received are counted for the kept one."),
    ),
    Holding(
        "mailings.Unsubscription",
        "user",
        exporting(lambda user: Unsubscription.objects.filter(user=user), "kind", "via", "at"),
        move("mailings.Unsubscription", "user"),
    ),
]

PROCESSINGS = [
    Processing(
        "mail_consents",
        _("The e-mails you opted into"),
        _("Which kinds of e-mail you chose, how many of them left each week."),
        _("To send only the e-mails you asked for, and not too many."),
        lambda days: _("Your choices: with your account; the weekly counts: a few weeks."),
        rules=("mail_budgets",),
        order=39,
    ),
    Processing(
        "refused_addresses",
        _("Addresses the mail server refused"),
        _("An address our mail server refused for good, and its answer."),
        _("To stop sending to an address that does not exist any more, and to tell you."),
        lambda days: (
            _("%(days)d days after its last refusal, or once no account has it.")
            % {"days": days["refused_address"]}
        ),
        keys=("refused_address",),
        rules=("refused_addresses",),
        order=90,
    ),
    Processing(
        "mail_history",
        _("The opt-in e-mails you received"),
        _("Which kind of opt-in e-mail went to you and when, and when you unsubscribed."),
        _(
            "To count, per kind, the e-mails sent and the unsubscriptions in the career"
            " service's figures (totals only, never a person)."
        ),
        lambda days: _("%(days)d days.") % {"days": days["mail_history"]},
        keys=("mail_history",),
        rules=("mail_history",),
        order=40,
    ),
]
