from django.urls import path

from tremplin.reports import views

app_name = "reports"

urlpatterns = [
    path("statistiques/", views.statistics, name="statistics"),
    path("exports/", views.exports, name="exports"),
    path("exports/<slug:kind>/", views.export, name="export"),
    path(
        "exports/modeles/<int:pk>/supprimer/",
        views.export_model_delete,
        name="export_model_delete",
    ),
]
