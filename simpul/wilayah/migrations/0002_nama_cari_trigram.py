"""A trigram GIN index on ``nama_cari`` for the name search, on PostgreSQL only.

``pg_trgm`` is a trusted extension (PostgreSQL >= 13): the database owner can create it. On
other databases (SQLite) this migration does nothing; the search there scans the short
``nama_cari`` column, which is fast enough for an embedded installation.
"""

from django.db import migrations

INDEX = "wilayah_nama_cari_trgm"


def buat(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wilayah_wilayah USING gin (nama_cari gin_trgm_ops)"
    )


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0001_initial")]
    operations = [migrations.RunPython(buat, hapus, elidable=False)]
