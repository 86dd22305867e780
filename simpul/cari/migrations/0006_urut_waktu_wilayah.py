"""PostgreSQL: "newest" means published most recently, and the region filter lives in the GIN index.

- ``urut`` (bigint, stored generated): the publication time ``waktu`` in seconds since 1970 (0
  when there is none: regions), with a B-tree on ``(urut DESC, id DESC)``. The bounded candidate
  set of a common query (the newest matches) is read in this order. It used to be the id order,
  which is the order documents were *indexed* in: a rebuild of the regions' and KIMs' documents
  (``reindeks_wilayah`` / ``reindeks_kim``: delete and insert) put ~175,000 documents with
  another vocabulary on top of it, and a query such as "kopi" walked through all of them
  (400-1,500 ms on the synthetic country, bench/negara.py).
- In ``vektor``, instead of the id bucket lexemes of migration 0005: a week lexeme
  ``zt<urut // 604800>`` (the newest weeks are read from the GIN index alone) and one region
  lexeme per level of ``wilayah_kode`` (``zw35``, ``zw3524``, ``zw352404``, ``zw3524042004``,
  the code's digits), so a region-filtered search intersects the region in the index instead of
  testing every match's code in the table. None has a position, so none changes a rank.
"""

from django.db import migrations

KONFIG = "indonesian"
MINGGU = 604_800

URUT = "COALESCE(date_part('epoch', waktu AT TIME ZONE 'UTC'), 0)::bigint"
DIGIT = "replace(wilayah_kode, '.', '')"
VEKTOR = (
    f"setweight(to_tsvector('{KONFIG}'::regconfig, judul), 'A') || "
    f"setweight(to_tsvector('{KONFIG}'::regconfig, isi), 'B') || "
    f"array_to_tsvector(array_remove(ARRAY["
    f"'zt' || ({URUT} / {MINGGU})::text, "
    f"CASE WHEN length({DIGIT}) >= 2 THEN 'zw' || left({DIGIT}, 2) END, "
    f"CASE WHEN length({DIGIT}) >= 4 THEN 'zw' || left({DIGIT}, 4) END, "
    f"CASE WHEN length({DIGIT}) >= 6 THEN 'zw' || left({DIGIT}, 6) END, "
    f"CASE WHEN length({DIGIT}) > 6 THEN 'zw' || {DIGIT} END], NULL))"
)
LAMA = (
    f"setweight(to_tsvector('{KONFIG}'::regconfig, judul), 'A') || "
    f"setweight(to_tsvector('{KONFIG}'::regconfig, isi), 'B') || "
    "array_to_tsvector(ARRAY['zi' || (id / 20000)::text])"
)


def buat(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_vektor")
    # One ALTER: the table is rewritten once.
    schema_editor.execute(
        "ALTER TABLE cari_dokumen DROP COLUMN IF EXISTS vektor, "
        f"ADD COLUMN urut bigint NOT NULL GENERATED ALWAYS AS ({URUT}) STORED, "
        f"ADD COLUMN vektor tsvector GENERATED ALWAYS AS ({VEKTOR}) STORED"
    )
    schema_editor.execute("CREATE INDEX cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")
    schema_editor.execute("CREATE INDEX cari_dokumen_urut ON cari_dokumen (urut DESC, id DESC)")
    schema_editor.execute("ANALYZE cari_dokumen")


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_vektor")
    schema_editor.execute("DROP INDEX IF EXISTS cari_dokumen_urut")
    schema_editor.execute(
        "ALTER TABLE cari_dokumen DROP COLUMN IF EXISTS vektor, DROP COLUMN IF EXISTS urut, "
        f"ADD COLUMN vektor tsvector GENERATED ALWAYS AS ({LAMA}) STORED"
    )
    schema_editor.execute("CREATE INDEX cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")


class Migration(migrations.Migration):
    dependencies = [("cari", "0005_vektor_ember")]
    operations = [migrations.RunPython(buat, hapus, elidable=False)]
