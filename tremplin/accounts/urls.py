from django.urls import path

from tremplin.accounts import views

app_name = "accounts"

urlpatterns = [
    path("ent/", views.CasLoginView.as_view(), name="cas_login"),
    path("etudiant/", views.CasLoginView.as_view(), name="student_login"),
    path("personnels/", views.StaffLoginView.as_view(), name="staff_login"),
    path("personnels/ldap/", views.StaffLdapLoginView.as_view(), name="staff_ldap_login"),
    path("deconnexion/", views.sign_out, name="logout"),
    path("charte/", views.charter, name="charter"),
    path("profil/", views.account, name="account"),
    path("profil/mes-donnees/", views.my_data, name="my_data"),
    path("profil/mes-donnees/telecharger/", views.my_data_download, name="my_data_download"),
    path("profil/mes-donnees/supprimer/", views.delete_account, name="delete_account"),
    # allauth's pages (included after these, under the same prefix), as Tremplin serves them
    path("password/change/", views.password_change, name="password_change"),
    path("password/set/", views.password_set, name="password_set"),
    path("2fa/totp/activate/", views.activate_totp, name="activate_totp"),
    path("2fa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
