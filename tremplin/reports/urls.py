from django.urls import path

from tremplin.reports import views

app_name = "reports"

urlpatterns = [
    path("statistiques/", views.statistics, name="statistics"),
    path("exports/", views.exports, name="exports"),
    path("exports/<slug:kind>/", views.export, name="export"),
    path("exports/fichiers/<int:pk>/", views.export_file, name="export_file"),
    path(
        "exports/fichiers/<int:pk>/telecharger/",
        views.export_file_download,
        name="export_file_download",
    ),
    path(
        "exports/modeles/<int:pk>/supprimer/",
        views.export_model_delete,
        name="export_model_delete",
    ),
]
