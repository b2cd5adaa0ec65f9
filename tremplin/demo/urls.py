from django.urls import path

from tremplin.demo import views

app_name = "demo"

urlpatterns = [
    path("mails/", views.mails, name="mails"),
    path("mails/<str:name>/", views.mail, name="mail"),
]
