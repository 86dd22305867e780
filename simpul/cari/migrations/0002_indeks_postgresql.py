"""The full-text and trigram indexes on PostgreSQL (nothing on other databases).

- ``cari_dokumen.vektor``: a stored generated tsvector (title weight A, text weight B) in the
  ``indonesian`` text-search configuration (shipped with PostgreSQL >= 12: a Snowball stemmer
  that strips Indonesian affixes, "pertanian" -> "tani"; no stop words), GIN-indexed. Being a
  generated column, it is right after every INSERT, UPDATE and COPY without a trigger.
- ``cari_kata.kata``: a pg_trgm GIN index, so the typo corrector finds the vocabulary words
  closest to an unknown query word (``kata % 'tapalng'``) from the index.

Should a server lack the ``indonesian`` configuration (a build without Snowball), an
``indonesian`` configuration is created as a copy of ``simple`` (lower-casing, no stemming):
the search keeps working with one name in the code, only without stemming.
"""

from django.db import migrations

KONFIG = "indonesian"


def buat(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [KONFIG])
        ada = cur.fetchone() is not None
    if not ada:
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION public.{KONFIG} (COPY = pg_catalog.simple)")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "ALTER TABLE cari_dokumen ADD COLUMN IF NOT EXISTS vektor tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{KONFIG}'::regconfig, judul), 'A') || "
        f"setweight(to_tsvector('{KONFIG}'::regconfig, isi), 'B')) STORED"
    )
    schema_editor.execute("CREATE INDEX IF NOT EXISTS cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS cari_kata_trgm ON cari_kata USING gin (kata gin_trgm_ops)")


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cari_kata_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_vektor")
    schema_editor.execute("ALTER TABLE cari_dokumen DROP COLUMN IF EXISTS vektor")


class Migration(migrations.Migration):
    dependencies = [("cari", "0001_initial")]
    operations = [migrations.RunPython(buat, hapus, elidable=False)]
