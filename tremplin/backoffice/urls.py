from django.urls import path

from tremplin.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("base-diplomes/", views.registry_imports, name="registry_imports"),
    path("base-diplomes/<int:pk>/", views.registry_import, name="registry_import"),
    path("textes/", views.legal_documents, name="legal_documents"),
    path("textes/<slug:kind>/", views.legal_document_edit, name="legal_document_edit"),
    path("textes/<slug:kind>/acceptations/", views.acceptances, name="acceptances"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/retirer/", views.role_revoke, name="role_revoke"),
    path("journal/", views.audit_log, name="audit_log"),
    path("taches/", views.periodic_jobs, name="periodic_jobs"),
    path("fusion/", views.merge, name="merge"),
    path("fusion/confirmer/", views.merge_confirm, name="merge_confirm"),
    path("personnes/", views.people, name="people"),
    path("personnes/<int:pk>/", views.person, name="person"),
]
