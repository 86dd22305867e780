from simpul.berita.testing import _on_commit_segera, foto, kategori, terbit, tulis  # noqa: F401 (fixtures)
