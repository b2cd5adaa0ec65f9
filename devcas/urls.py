"""URLs of the development ENT: the CAS under /cas/, so its base URL is http://…:8001/cas/."""

from django.urls import include, path
from django.views.generic import RedirectView

from devcas import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cas_server:login", permanent=False)),
    path("cas/", include("cas_server.urls")),
    path("language/<str:code>/", views.switch_language, name="devcas-language"),
]
