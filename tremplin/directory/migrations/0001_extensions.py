from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent and pg_trgm: trusted extensions, created by the database's owner."""

    initial = True
    dependencies = []
    operations = [UnaccentExtension(), TrigramExtension()]
