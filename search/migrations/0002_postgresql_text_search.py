"""PostgreSQL only: the Polish text-search configuration and a GIN index per language's vector.

`portal_pl` is `simple` (no stemming: PostgreSQL has no Polish stemmer) with `unaccent` in front
of it when the extension can be created (a trusted extension since PostgreSQL 13, so the
database's owner may), so that "gdansk" finds "Gdańsk". Without it, `portal_pl` is `simple`.
"""

from django.db import migrations

LANGUAGES = ("pl", "en", "de", "fr", "ru")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_pl'")
        if cursor.fetchone() is None:
            cursor.execute("CREATE TEXT SEARCH CONFIGURATION portal_pl (COPY = simple)")
            cursor.execute("SAVEPOINT search_unaccent")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            except Exception:  # noqa: BLE001 - no permission or no contrib package: plain simple
                cursor.execute("ROLLBACK TO SAVEPOINT search_unaccent")
            else:
                cursor.execute("RELEASE SAVEPOINT search_unaccent")
                cursor.execute(
                    "ALTER TEXT SEARCH CONFIGURATION portal_pl "
                    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
                )
        for language in LANGUAGES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS search_entry_vector_{language} "
                f"ON search_searchentry USING gin (vector_{language})"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for language in LANGUAGES:
            cursor.execute(f"DROP INDEX IF EXISTS search_entry_vector_{language}")
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_pl")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
