from django.urls import path

from tremplin.recruiters import views

app_name = "recruiters"

urlpatterns = [
    path("entreprises/inscription/", views.register, name="register"),
    path("entreprises/inscription/envoyee/", views.sent, name="sent"),
    path("entreprises/inscription/confirmation/<str:token>/", views.confirm, name="confirm"),
    path("recruteurs/espace/", views.home, name="home"),
    path("recruteurs/demandes/", views.join_requests, name="join_requests"),
    path("recruteurs/demandes/<int:pk>/", views.join_request, name="join_request"),
    path("recruteurs/demandes/<int:pk>/decision/", views.join_decide, name="join_decide"),
    path("gestion/recruteurs/", views.queue, name="queue"),
    path("gestion/recruteurs/<int:pk>/", views.detail, name="detail"),
    path("gestion/recruteurs/<int:pk>/decision/", views.decide, name="decide"),
    path("gestion/organisations/<int:pk>/confiance/", views.trust, name="trust"),
]
