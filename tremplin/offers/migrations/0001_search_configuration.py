from django.db import migrations

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tremplin_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION tremplin_fr (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION tremplin_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tremplin_en') THEN
        CREATE TEXT SEARCH CONFIGURATION tremplin_en (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION tremplin_en
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END
$$;
"""
DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS tremplin_fr;
DROP TEXT SEARCH CONFIGURATION IF EXISTS tremplin_en;
"""


class Migration(migrations.Migration):
    """French and English text search with accents folded ("developpeur" finds
    "Développeurs"). Needs the unaccent extension (directory's first migration)."""

    initial = True
    dependencies = [("directory", "0001_extensions")]
    operations = [migrations.RunSQL(CREATE, DROP)]
