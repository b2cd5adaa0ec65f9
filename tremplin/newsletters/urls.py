from django.urls import path

from tremplin.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("gestion/newsletters/", views.newsletters, name="list"),
    path("gestion/newsletters/nouvelle/", views.create, name="create"),
    path("gestion/newsletters/<int:pk>/", views.detail, name="detail"),
    path("gestion/newsletters/<int:pk>/modifier/", views.edit, name="edit"),
    path("gestion/newsletters/<int:pk>/programmer/", views.schedule, name="schedule"),
    path("gestion/newsletters/<int:pk>/annuler/", views.unschedule, name="unschedule"),
    path("compte/newsletters/", views.archive, name="archive"),
    path("compte/newsletters/<int:pk>/", views.received, name="received"),
]
