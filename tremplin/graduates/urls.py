from django.urls import path

from tremplin.graduates import views

app_name = "graduates"

urlpatterns = [
    path("diplomes/inscription/", views.register, name="register"),
    path("diplomes/inscription/envoyee/", views.sent, name="sent"),
    path("diplomes/suite/<str:token>/", views.next_step, name="next_step"),
    path("diplomes/mot-de-passe/<str:token>/", views.set_password, name="set_password"),
    path("gestion/diplomes/", views.claims, name="claims"),
    path("gestion/diplomes/<int:pk>/", views.claim_detail, name="claim"),
    path("gestion/diplomes/<int:pk>/decision/", views.claim_decide, name="claim_decide"),
    path("gestion/diplomes/<int:pk>/justificatif/", views.claim_proof, name="claim_proof"),
]
