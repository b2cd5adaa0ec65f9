from django.db import migrations


class Migration(migrations.Migration):
    """The text vector of an offer (about a kilobyte) is stored in line, uncompressed (why:
    `tremplin.offers.search`)."""

    dependencies = [("offers", "0002_initial")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE offers_offerindex ALTER COLUMN document SET STORAGE MAIN;",
            "ALTER TABLE offers_offerindex ALTER COLUMN document SET STORAGE EXTENDED;",
        )
    ]
