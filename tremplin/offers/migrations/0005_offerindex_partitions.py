from django.db import migrations, models

RECENT_DAYS = 14  # the search's RECENT_DAYS when this was written


def _rebuild(apps, schema_editor, *, partitioned: bool) -> None:
    """Write the search projection into a new table, partitioned or not, with the same
    columns, constraints and indexes (the model's), then drop the old one. Partitioned,
    its primary key holds the partition key: (offer_id, recent)."""
    index_model = apps.get_model("offers", "OfferIndex")
    table = index_model._meta.db_table
    offers = apps.get_model("offers", "Offer")._meta.db_table
    organisations = apps.get_model("recruiters", "Organisation")._meta.db_table
    columns = ", ".join(
        field.column for field in index_model._meta.local_fields if field.column != "recent"
    )
    execute = schema_editor.execute
    execute(f"ALTER TABLE {table} RENAME TO {table}_previous")
    if partitioned:
        execute(
            f"CREATE TABLE {table} (LIKE {table}_previous INCLUDING DEFAULTS INCLUDING STORAGE"
            " INCLUDING CONSTRAINTS, recent boolean NOT NULL) PARTITION BY LIST (recent)"
        )
        execute(f"CREATE TABLE {table}_recent PARTITION OF {table} FOR VALUES IN (true)")
        execute(f"CREATE TABLE {table}_older PARTITION OF {table} FOR VALUES IN (false)")
        execute(
            f"INSERT INTO {table} ({columns}, recent) SELECT {columns},"  # noqa: S608
            f" published_at >= now() - interval '{RECENT_DAYS} days'"
            f" FROM {table}_previous"
        )
        key = "offer_id, recent"
    else:
        execute(
            f"CREATE TABLE {table} (LIKE {table}_previous INCLUDING DEFAULTS INCLUDING STORAGE"
            " INCLUDING CONSTRAINTS)"
        )
        execute(f"ALTER TABLE {table} DROP COLUMN recent")
        execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_previous")  # noqa: S608
        key = "offer_id"
    execute(f"DROP TABLE {table}_previous")
    execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
    for column, target in (("offer_id", offers), ("organisation_id", organisations)):
        execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fk FOREIGN KEY ({column})"
            f" REFERENCES {target} (id) DEFERRABLE INITIALLY DEFERRED"
        )
    for index in index_model._meta.indexes:
        schema_editor.add_index(index_model, index)


def partition(apps, schema_editor) -> None:
    _rebuild(apps, schema_editor, partitioned=True)


def unpartition(apps, schema_editor) -> None:
    _rebuild(apps, schema_editor, partitioned=False)


class Migration(migrations.Migration):
    """The search projection in two partitions, recent offers and the others (the design:
    `tremplin.offers.search`)."""

    dependencies = [
        ("offers", "0004_offerindex_walk_indexes"),
        ("recruiters", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="offerindex",
                    name="recent",
                    field=models.BooleanField(),
                ),
            ],
        ),
        migrations.RunPython(partition, unpartition),
    ]
