"""PostgreSQL: a title-only tsvector (``vektor_judul``) with its own GIN index.

Measured with ``bench/cari.py``: the "newest title matches" candidates, asked as a
weight-restricted query (``kopi:A``) on ``vektor``, needed a recheck of every match and misled
the planner (it estimated title matches as common as text matches and walked the time index
through the whole table). The title's own tsvector has its own statistics and needs no recheck.
"""

from django.db import migrations

KONFIG = "indonesian"


def buat(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE cari_dokumen ADD COLUMN IF NOT EXISTS vektor_judul tsvector GENERATED ALWAYS AS ("
        f"to_tsvector('{KONFIG}'::regconfig, judul)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cari_dokumen_vektor_judul ON cari_dokumen USING gin (vektor_judul)")


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_vektor_judul")
    schema_editor.execute("ALTER TABLE cari_dokumen DROP COLUMN IF EXISTS vektor_judul")


class Migration(migrations.Migration):
    dependencies = [("cari", "0003_indeks_sqlite")]
    operations = [migrations.RunPython(buat, hapus, elidable=False)]
