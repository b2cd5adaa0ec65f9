"""The profile an offer seeks is `candidate_sought`: "profile" names the search profile."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("offers", "0008_targeting_approvals")]

    operations = [migrations.RenameField("offer", "profile", "candidate_sought")]
