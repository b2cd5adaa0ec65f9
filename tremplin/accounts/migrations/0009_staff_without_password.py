"""Staff have no local password (they sign in through the ENT): one set before, through
"Mot de passe oublié", would keep them in after their ENT account is closed."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import migrations


def disable_staff_passwords(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(kind="staff").exclude(
        password__startswith=UNUSABLE_PASSWORD_PREFIX
    ):
        user.password = make_password(None)  # unusable, as Django's set_unusable_password()
        user.save(update_fields=["password"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_first_legal_documents")]

    operations = [migrations.RunPython(disable_staff_passwords, migrations.RunPython.noop)]
