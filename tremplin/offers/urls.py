from django.urls import path

from tremplin.offers import views
from tremplin.offers.feeds import PublicOffersFeed

app_name = "offers"

urlpatterns = [
    # Students and graduates (the public offers: everybody)
    path("offres/", views.search, name="search"),
    path("offres/<int:pk>/", views.detail, name="detail"),
    path("offres/flux.atom", PublicOffersFeed(), name="feed"),
    path("offres/<int:pk>/candidater/", views.apply, name="apply"),
    path("offres/<int:pk>/favori/", views.favourite, name="favourite"),
    path("offres/candidatures/", views.my_applications, name="my_applications"),
    path("offres/favoris/", views.favourites, name="favourites"),
    # Recruiters
    path("recruteurs/offres/", views.recruiter_offers, name="recruiter_offers"),
    path("recruteurs/offres/nouvelle/", views.create, name="create"),
    path("recruteurs/offres/<int:pk>/modifier/", views.edit, name="edit"),
    path("recruteurs/offres/<int:pk>/soumettre/", views.submit, name="submit"),
    path("recruteurs/offres/<int:pk>/pourvue/", views.mark_filled, name="fill"),
    path("recruteurs/offres/<int:pk>/archiver/", views.archive, name="archive"),
    path(
        "recruteurs/offres/<int:pk>/candidatures/",
        views.offer_applications,
        name="offer_applications",
    ),
    path("recruteurs/candidatures/<int:pk>/", views.application, name="application"),
    path("recruteurs/candidatures/<int:pk>/cv/", views.application_cv, name="application_cv"),
    # Moderation
    path("gestion/offres/", views.queue, name="queue"),
    path("gestion/offres/nouvelle/", views.staff_create, name="staff_create"),
    path("gestion/offres/<int:pk>/", views.moderation, name="moderation"),
    path("gestion/offres/<int:pk>/decision/", views.decide, name="decide"),
]
