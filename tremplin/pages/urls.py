from django.contrib.sitemaps import views as sitemaps
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
    # An index of the sections (pages, offers), each paged at `Sitemap.limit` URLs.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "pages:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    *[
        path(f"{kind}/", views.legal_document, {"kind": kind}, name=kind)
        for kind in LegalDocument.Kind.values
    ],
]
