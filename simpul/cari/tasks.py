"""Background work of the search.

- ``kosakata_bangun()`` (periodic, daily): the typo vocabulary rebuilt from the whole index
  with fresh document counts (:func:`simpul.cari.services.kata_bangun`). Between rebuilds a
  new word enters the vocabulary with a count of 1 and old counts stand still; the search's
  plan (:func:`simpul.cari.selectors._rencana`) reads these counts, so they should not lag the
  index by much. Idempotent; ~2-3 minutes at 1,000,000 articles on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from simpul.core.jadwal import periodik

from . import services


@periodik(setiap=timedelta(days=1), kunci="cari.kosakata")
@task()
def kosakata_bangun() -> int:
    return services.kata_bangun()
