"""Every app's retention rules run in the nightly purge: a rule an app stops registering
in its `AppConfig.ready()` fails here, instead of keeping personal data silently."""

from io import StringIO

from django.core.management import call_command

from tremplin.lib import retention

RULES = {
    ("expired_links", "tremplin.lib.links.purge_expired_links"),
    ("registration_requests", "tremplin.graduates.retention.purge_registration_requests"),
    ("rejected_accounts", "tremplin.graduates.retention.purge_rejected_accounts"),
    ("rejected_accounts", "tremplin.recruiters.retention.purge_rejected_accounts"),
    ("unconfirmed_recruiters", "tremplin.recruiters.retention.purge_unconfirmed_recruiters"),
    ("requested_deletions", "tremplin.accounts.retention.delete_requested_accounts"),
    ("inactive_accounts_warned", "tremplin.accounts.retention.warn_inactive_accounts"),
    ("inactive_accounts_deleted", "tremplin.accounts.retention.delete_inactive_accounts"),
    ("mail_budgets", "tremplin.mailings.retention.purge_past_budgets"),
    ("refused_addresses", "tremplin.mailings.retention.purge_refused_addresses"),
    ("mail_history", "tremplin.mailings.retention.purge_mail_history"),
    ("applications", "tremplin.offers.retention.purge_applications"),
    ("event_registrations", "tremplin.events.retention.purge_registrations"),
    ("alert_mails", "tremplin.alerts.retention.purge_alert_mails"),
    ("export_files", "tremplin.reports.retention.purge_export_files"),
    ("audit_entries", "tremplin.audit.retention.purge_audit_entries"),
}


def test_every_app_registers_its_rules():
    assert {(rule.name, rule.path) for rule in retention.rules()} == RULES


def test_the_command_runs_them_all_and_prints_the_summary(db):
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert out.getvalue() == (
        "expired links: 0, registration requests: 0, rejected accounts: 0,"
        " unconfirmed recruiters: 0, requested deletions: 0, inactive accounts warned: 0,"
        " inactive accounts deleted: 0, mail budgets: 0, refused addresses: 0, mail history: 0,"
        " applications: 0, event registrations: 0, alert mails: 0, export files: 0,"
        " audit entries: 0\n"
    )
