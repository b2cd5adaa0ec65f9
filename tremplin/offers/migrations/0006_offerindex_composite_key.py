import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The projection declares the primary key its table has had since 0005, (offer,
    recent): a partitioned table cannot hold a unique key on the offer alone. The database
    does not change (the design: `tremplin.offers.search`)."""

    dependencies = [("offers", "0005_offerindex_partitions")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="offerindex",
                    name="offer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="index",
                        to="offers.offer",
                    ),
                ),
                migrations.AddField(
                    model_name="offerindex",
                    name="pk",
                    field=models.CompositePrimaryKey(
                        "offer",
                        "recent",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
            ],
        ),
    ]
