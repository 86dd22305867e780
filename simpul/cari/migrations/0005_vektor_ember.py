"""PostgreSQL: a bucket lexeme in ``vektor`` so a query can look at the newest documents first
from the GIN index alone.

Each document's tsvector also holds ``zi<id // 20000>`` (no position, so it never changes a
rank). The search first asks for ``query && (zi<newest> | zi<newest-1> | zi<newest-2>)``: the
GIN intersects the posting lists, and only matches among the newest ~40,000-60,000 documents
are read from the table. Measured with ``bench/cari.py`` at 1,000,000 articles: without it a
query whose words occur in a few percent of the articles read tens of thousands of rows.
"""

from django.db import migrations

KONFIG = "indonesian"
EMBER = 20_000


def buat(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_vektor")
    schema_editor.execute("ALTER TABLE cari_dokumen DROP COLUMN IF EXISTS vektor")
    schema_editor.execute(
        "ALTER TABLE cari_dokumen ADD COLUMN vektor tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{KONFIG}'::regconfig, judul), 'A') || "
        f"setweight(to_tsvector('{KONFIG}'::regconfig, isi), 'B') || "
        f"array_to_tsvector(ARRAY['zi' || (id / {EMBER})::text])) STORED"
    )
    schema_editor.execute("CREATE INDEX cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_vektor")
    schema_editor.execute("ALTER TABLE cari_dokumen DROP COLUMN IF EXISTS vektor")
    schema_editor.execute(
        "ALTER TABLE cari_dokumen ADD COLUMN vektor tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{KONFIG}'::regconfig, judul), 'A') || "
        f"setweight(to_tsvector('{KONFIG}'::regconfig, isi), 'B')) STORED"
    )
    schema_editor.execute("CREATE INDEX cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")


class Migration(migrations.Migration):
    dependencies = [("cari", "0004_judul_vektor_ringan")]
    operations = [migrations.RunPython(buat, hapus, elidable=False)]
