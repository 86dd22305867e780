"""The full-text and trigram indexes on SQLite (nothing on other databases).

- ``cari_fts``: FTS5 over ``cari_dokumen`` (external content, rowid = the document's id;
  ``unicode61`` tokens, accents removed; prefix indexes for 2 and 3 characters), searched with
  ``bm25`` weighting the title ten times the text.
- ``cari_kata_fts``: FTS5 with the ``trigram`` tokenizer (SQLite >= 3.34) over the vocabulary,
  so the typo corrector finds words sharing trigrams with an unknown query word.

Triggers keep both in step with every insert, update and delete. PostgreSQL uses the generated
tsvector and the pg_trgm index of migration 0002 instead.
"""

from django.db import migrations

BUAT = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS cari_fts USING fts5(judul, isi, content='cari_dokumen', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "INSERT INTO cari_fts(cari_fts) VALUES ('rebuild')",
    """CREATE TRIGGER IF NOT EXISTS cari_fts_ai AFTER INSERT ON cari_dokumen BEGIN
        INSERT INTO cari_fts(rowid, judul, isi) VALUES (new.id, new.judul, new.isi);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cari_fts_ad AFTER DELETE ON cari_dokumen BEGIN
        INSERT INTO cari_fts(cari_fts, rowid, judul, isi) VALUES ('delete', old.id, old.judul, old.isi);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cari_fts_au AFTER UPDATE OF judul, isi ON cari_dokumen BEGIN
        INSERT INTO cari_fts(cari_fts, rowid, judul, isi) VALUES ('delete', old.id, old.judul, old.isi);
        INSERT INTO cari_fts(rowid, judul, isi) VALUES (new.id, new.judul, new.isi);
    END""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS cari_kata_fts USING fts5(kata, content='cari_kata', "
    "content_rowid='id', tokenize='trigram')",
    "INSERT INTO cari_kata_fts(cari_kata_fts) VALUES ('rebuild')",
    """CREATE TRIGGER IF NOT EXISTS cari_kata_fts_ai AFTER INSERT ON cari_kata BEGIN
        INSERT INTO cari_kata_fts(rowid, kata) VALUES (new.id, new.kata);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cari_kata_fts_ad AFTER DELETE ON cari_kata BEGIN
        INSERT INTO cari_kata_fts(cari_kata_fts, rowid, kata) VALUES ('delete', old.id, old.kata);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cari_kata_fts_au AFTER UPDATE OF kata ON cari_kata BEGIN
        INSERT INTO cari_kata_fts(cari_kata_fts, rowid, kata) VALUES ('delete', old.id, old.kata);
        INSERT INTO cari_kata_fts(rowid, kata) VALUES (new.id, new.kata);
    END""",
]
HAPUS = [
    "DROP TRIGGER IF EXISTS cari_fts_ai", "DROP TRIGGER IF EXISTS cari_fts_ad", "DROP TRIGGER IF EXISTS cari_fts_au",
    "DROP TABLE IF EXISTS cari_fts",
    "DROP TRIGGER IF EXISTS cari_kata_fts_ai", "DROP TRIGGER IF EXISTS cari_kata_fts_ad",
    "DROP TRIGGER IF EXISTS cari_kata_fts_au", "DROP TABLE IF EXISTS cari_kata_fts",
]


def buat(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in BUAT:
            schema_editor.execute(sql)


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in HAPUS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cari", "0002_indeks_postgresql")]
    operations = [migrations.RunPython(buat, hapus, elidable=False)]
