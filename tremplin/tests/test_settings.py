"""The settings module under production values: what an IT department deploys."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "TREMPLIN_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-production-secret-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "carrieres.univ-demo.fr",
    "SITE_URL": "https://carrieres.univ-demo.fr",
    "DATABASE_URL": "postgres://tremplin@db.univ-demo.fr:5432/tremplin",
    "EMAIL_HOST": "smtp.univ-demo.fr",
    "CAS_SERVER_URL": "https://cas.univ-demo.fr/cas",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("DJANGO_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tremplin.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_demo_pages_do_not_exist_in_production():
    probe = (
        "from django.conf import settings; from django.urls import Resolver404, resolve\n"
        "assert 'tremplin.demo' not in settings.INSTALLED_APPS\n"
        "try:\n    resolve('/demo/mails/')\nexcept Resolver404:\n    print('absent')\n"
        "else:\n    print('present')"
    )
    result = manage("shell", "--no-imports", "-c", probe, **PRODUCTION)
    assert result.stdout.strip() == "absent", result.stderr


def test_the_demo_pages_exist_in_the_demo():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.urls import resolve; print(resolve('/demo/mails/').url_name)",
        TREMPLIN_ENV="development",
    )
    assert result.stdout.strip() == "mails", result.stderr


def test_an_unset_environment_means_production_no_debug_and_no_demo():
    unset = {k: v for k, v in PRODUCTION.items() if k != "TREMPLIN_ENV"}
    probe = (
        "from django.conf import settings\n"
        "print(settings.PRODUCTION, settings.DEBUG, settings.DEMO,"
        " 'tremplin.demo' in settings.INSTALLED_APPS)"
    )
    result = manage("shell", "--no-imports", "-c", probe, **unset)
    assert result.stdout.strip() == "True False False False", result.stderr


def test_an_unset_environment_asks_for_the_production_settings_and_says_why():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when TREMPLIN_ENV=production." in result.stderr
    assert "TREMPLIN_ENV is unset, which means production" in result.stderr


@pytest.mark.parametrize("variable", ["SITE_URL", "CAS_SERVER_URL"])
def test_production_refuses_clear_text_http(variable):
    result = manage("check", **{**PRODUCTION, variable: "http://carrieres.univ-demo.fr"})
    assert result.returncode != 0
    assert f"{variable}='http://carrieres.univ-demo.fr': production needs an https:// URL" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TREMPLIN_ENV", "prod", "TREMPLIN_ENV='prod': expected one of development, production."),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 50 characters long."),
        (
            "DATABASE_URL",
            "sqlite:///db.sqlite3",
            "DATABASE_URL must point at a PostgreSQL server.",
        ),
        ("TREMPLIN_DEMO", "true", "TREMPLIN_DEMO cannot be true when TREMPLIN_ENV=production."),
        ("DJANGO_DEBUG", "yes please", "DJANGO_DEBUG='yes please': expected one of true/false"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five': expected a whole number."),
        (
            "CAS_SERVER_URL",
            "cas.univ-demo.fr",
            "CAS_SERVER_URL='cas.univ-demo.fr': expected an http",
        ),
        ("STAFF_SESSION_IDLE_MINUTES", "0", "STAFF_SESSION_IDLE_MINUTES=0: must be at least 1."),
        ("SESSION_MAX_HOURS", "0", "SESSION_MAX_HOURS=0: must be at least 1."),
        ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT='one': expected a whole number."),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT=-1: must be at least 0."),
        ("ENT_ATTRIBUTE_MAP", "surname=sn", "ENT_ATTRIBUTE_MAP: 'surname=sn'"),
        (
            "GRADUATE_REGISTRATIONS_PER_HOUR",
            "0",
            "GRADUATE_REGISTRATIONS_PER_HOUR=0: must be at least 1.",
        ),
        (
            "GRADUATE_REGISTRATIONS_PER_DAY",
            "many",
            "GRADUATE_REGISTRATIONS_PER_DAY='many': expected a whole number.",
        ),
        ("RETENTION_FAILED_JOB_DAYS", "0", "RETENTION_FAILED_JOB_DAYS=0: must be at least 1."),
    ],
)
def test_a_bad_value_stops_the_start_with_a_message_naming_it(variable, value, message):
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_HOST", "CAS_SERVER_URL", "SITE_URL"],
)
def test_production_requires_what_has_no_safe_default(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_the_admin_path_is_configurable():
    probe = "from django.urls import reverse; print(reverse('admin:index'))"
    result = manage(
        "shell", "--no-imports", "-c", probe, ADMIN_URL_PATH="outils/technique", **PRODUCTION
    )
    assert result.stdout.strip() == "/outils/technique/", result.stderr
