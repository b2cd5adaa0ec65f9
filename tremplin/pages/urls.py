from django.contrib.sitemaps.views import sitemap
from django.urls import path

from tremplin.accounts.models import LegalDocument
from tremplin.pages import views
from tremplin.pages.sitemaps import SITEMAPS

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("aide/", views.help_index, name="help_index"),
    path("aide/<slug:audience>/", views.help_page, name="help"),
    path("aide/<slug:audience>/tutoriel/<str:name>", views.tutorial_file, name="tutorial_file"),
    path("langue/", views.set_language, name="set_language"),
    # For search engines: what they may read, and where.
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    *[
        path(f"{kind}/", views.legal_document, {"kind": kind}, name=kind)
        for kind in LegalDocument.Kind.values
    ],
]
