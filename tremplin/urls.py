from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tremplin.lib import health
from tremplin.pages import errors

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("tremplin.pages.urls")),
    path("compte/", include("tremplin.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("", include("tremplin.graduates.urls")),
    path("", include("tremplin.recruiters.urls")),
    path("", include("tremplin.offers.urls")),
    path("", include("tremplin.events.urls")),
    path("", include("tremplin.profiles.urls")),
    path("", include("tremplin.mailings.urls")),
    path("", include("tremplin.newsletters.urls")),
    path("", include("tremplin.alerts.urls")),
    path("gestion/", include("tremplin.backoffice.urls")),
    path("gestion/", include("tremplin.reports.urls")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]

if settings.DEMO:
    urlpatterns += [path("demo/", include("tremplin.demo.urls"))]

# The error pages, in the site's layout and language (allauth's rate limits use handler429).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler429 = errors.too_many_requests
handler500 = errors.server_error
