from django.urls import path

from tremplin.alerts import views

app_name = "alerts"

urlpatterns = [
    path("compte/bienvenue/", views.welcome, name="welcome"),
    path("compte/profil/recherche/", views.search_profile, name="search_profile"),
    path("compte/alertes/", views.alert_settings, name="settings"),
    path("compte/alertes/profil/", views.profile_alert, name="profile_alert"),
    path("compte/alertes/recherches/", views.save_search, name="save_search"),
    path("compte/alertes/recherches/<int:pk>/", views.search_alert, name="search_alert"),
    path(
        "compte/alertes/recherches/<int:pk>/supprimer/", views.delete_search, name="delete_search"
    ),
]
