"""The same member voting twice at the same moment leaves one vote.

Real threads, each with its own database connection, released together by a barrier. On
PostgreSQL the two transactions truly overlap (the poll row lock and the unique constraint decide);
on SQLite the immediate transactions serialise on the database lock, so the second one must find
and update the first one's vote rather than insert another."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, connections
from django.utils import timezone

from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.musyawarah import services
from simpul.musyawarah.models import JenisJajak, Suara, SuaraOpsi
from simpul.wilayah.models import Wilayah


def _serentak(n: int, kerja) -> list[BaseException]:
    galat: list[BaseException] = []
    barrier = threading.Barrier(n)

    def jalan(i):
        try:
            barrier.wait(timeout=10)
            for coba in range(50):
                try:
                    kerja(i)
                    break
                except OperationalError as exc:
                    # The in-memory SQLite test database (shared cache) reports a lock at once
                    # instead of waiting like a file database's busy timeout: wait and retry.
                    if connection.vendor != "sqlite" or "locked" not in str(exc) or coba == 49:
                        raise
                    time.sleep(0.02)
        except BaseException as exc:  # noqa: BLE001 (collected and asserted below)
            galat.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=jalan, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return galat


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("jenis", [JenisJajak.PERSETUJUAN, JenisJajak.SKOR])
def test_the_same_member_voting_twice_at_the_same_moment_leaves_one_vote(jenis):
    kim = KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2003"))
    ketua = UserFactory()
    PengurusFactory(anggota=AnggotaFactory(kim=kim, user=ketua), kim=kim)
    anggota = UserFactory()
    AnggotaFactory(kim=kim, user=anggota)
    topik = services.topik_create(actor=ketua, kim=kim, judul="Jadwal ronda malam", deskripsi="Ronda malam perlu diatur.")
    jajak = services.jajak_create(actor=ketua, topik=topik, jenis=jenis, pertanyaan="Setuju ronda tiap malam?",
                                  opsi=["Senin", "Kamis"] if jenis == JenisJajak.SKOR else (),
                                  ditutup_pada=timezone.now() + timedelta(days=1))
    opsi = list(jajak.opsi.values_list("pk", flat=True))
    posisi = ["setuju", "tidak_setuju", "abstain", "setuju"]

    def pilih(i):
        if jenis == JenisJajak.PERSETUJUAN:
            services.suara_berikan(actor=anggota, jajak=jajak, posisi=posisi[i])
        else:
            services.suara_berikan(actor=anggota, jajak=jajak, nilai={opsi[0]: i + 1, opsi[1]: 1})

    galat = _serentak(4, pilih)
    assert not galat, galat
    assert Suara.objects.filter(jajak=jajak, pemilih=anggota).count() == 1
    if jenis == JenisJajak.SKOR:
        # the vote's option values are one consistent ballot, not a mix of two
        assert SuaraOpsi.objects.filter(suara__jajak=jajak).count() == 2
