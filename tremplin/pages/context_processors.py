from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from tremplin.accounts.permissions import is_back_office_user, is_candidate, is_open_recruiter


def site_settings() -> dict:
    """What every page shows of the site, from the settings alone: the error pages that
    render without the request (400, 500, 503) use it alone."""
    return {
        "university_name": settings.UNIVERSITY_NAME,
        "university_logo": settings.UNIVERSITY_LOGO,
        "university_url": settings.UNIVERSITY_URL,
        "demo": settings.DEMO,
        "staff_login_method": settings.STAFF_LOGIN_METHOD,
    }


def site(request: HttpRequest) -> dict:
    return {
        **site_settings(),
        "back_office_user": is_back_office_user(request.user),
        "is_candidate": is_candidate(request.user),
        "is_open_recruiter": is_open_recruiter(request.user),
    }
