from django.urls import path

from tremplin.profiles import views

app_name = "profiles"

urlpatterns = [
    path("compte/profil/cv/", views.cv, name="cv"),
    path("compte/profil/cv/telecharger/", views.cv_download, name="cv_download"),
]
