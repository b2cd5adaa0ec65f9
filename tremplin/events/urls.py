from django.urls import path

from tremplin.events import views

app_name = "events"

urlpatterns = [
    # Everybody
    path("evenements/", views.listing, name="listing"),
    path("evenements/archives/", views.archive, name="archive"),
    path("evenements/<int:pk>/", views.detail, name="detail"),
    path("evenements/<int:pk>/agenda.ics", views.event_ics, name="ics"),
    path("evenements/agenda/<str:token>.ics", views.feed, name="feed"),
    # Students and graduates
    path("evenements/<int:pk>/inscription/", views.register, name="register"),
    path("evenements/inscriptions/", views.my_registrations, name="my_registrations"),
    path("evenements/inscriptions/<int:pk>/", views.registration, name="registration"),
    path("evenements/inscriptions/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("evenements/agenda/nouveau/", views.feed_new, name="feed_new"),
    path("evenements/agenda/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("evenements/<int:pk>/creneaux/", views.slots, name="slots"),
    path("evenements/creneaux/<int:pk>/reserver/", views.book, name="book"),
    path("evenements/reservations/<int:pk>/annuler/", views.cancel_booking, name="cancel_booking"),
    # Recruiters
    path("recruteurs/evenements/", views.recruiter_events, name="recruiter_events"),
    path("recruteurs/evenements/proposer/", views.propose, name="propose"),
    path("recruteurs/evenements/<int:pk>/stand/", views.ask_stand, name="ask_stand"),
    path("recruteurs/evenements/<int:pk>/creneaux/", views.schedule, name="schedule"),
    path("recruteurs/evenements/reservations/<int:pk>/cv/", views.booking_cv, name="booking_cv"),
    # Organisers (staff of the event's scope, recruiters of the proposing organisation),
    # under the back office's prefix: personal data, never cached (NO_STORE_PATH_PREFIXES)
    path("gestion/evenements/<int:pk>/inscrits/", views.registrants, name="registrants"),
    path("gestion/evenements/<int:pk>/accueil/", views.check_in, name="check_in"),
    path("gestion/evenements/<int:pk>/inscrits.csv", views.export_csv, name="export_csv"),
    path("gestion/evenements/<int:pk>/inscrits.xlsx", views.export_xlsx, name="export_xlsx"),
    # Staff
    path("gestion/evenements/", views.staff_events, name="staff_events"),
    path("gestion/evenements/nouveau/", views.staff_create, name="staff_create"),
    path(
        "gestion/evenements/<int:pk>/organisations/",
        views.organisations,
        name="organisations",
    ),
    path("gestion/evenements/moderation/", views.queue, name="queue"),
    path("gestion/evenements/moderation/<int:pk>/", views.moderation, name="moderation"),
    path("gestion/evenements/moderation/<int:pk>/decision/", views.decide, name="decide"),
    path("gestion/evenements/stands/", views.stand_queue, name="stand_queue"),
    path("gestion/evenements/stands/<int:pk>/", views.stand, name="stand"),
    path("gestion/evenements/stands/<int:pk>/decision/", views.stand_decide, name="stand_decide"),
]
