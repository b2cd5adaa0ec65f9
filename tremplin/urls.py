from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tremplin.pages.urls")),
    path("compte/", include("tremplin.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("", include("tremplin.graduates.urls")),
    path("", include("tremplin.recruiters.urls")),
    path("", include("tremplin.offers.urls")),
    path("", include("tremplin.profiles.urls")),
    path("gestion/", include("tremplin.backoffice.urls")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]

if settings.DEMO:
    urlpatterns += [path("demo/", include("tremplin.demo.urls"))]
