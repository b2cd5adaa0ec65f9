from django.urls import path

from tremplin.mailings import views

app_name = "mailings"

urlpatterns = [
    path("compte/courriels/", views.preferences, name="preferences"),
    path("courriels/<str:token>/", views.link_preferences, name="link_preferences"),
    path("courriels/<str:token>/desabonnement/<str:kind>/", views.unsubscribe, name="unsubscribe"),
]
