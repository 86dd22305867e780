import random

import pytest

from simpul.berita import demo
from simpul.berita.models import Artikel, StatusArtikel
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory
from simpul.demo.services import KonteksDemo
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def test_demo_loads_every_state_and_other_kims_once(kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang,
                                                     diskominfo_mamuju):
    lain = KimFactory(nama="KIM Takandeang Maju", slug="kim-takandeang-maju",
                      desa=Wilayah.objects.get(kode="76.02.02.2006"))
    PengurusFactory(anggota=AnggotaFactory(kim=lain, nama="Ketua Takandeang"), kim=lain)
    ctx = KonteksDemo(users={"pengurus_kim_tapalang": pengurus_kim_tapalang, "anggota_kim_tapalang": anggota_kim_tapalang,
                             "diskominfo_mamuju": diskominfo_mamuju},
                      kim=kim_tapalang, kab="76.02", rng=random.Random(1))
    assert demo.muat(ctx) == {"artikel": 7}
    status = set(Artikel.objects.filter(kim=kim_tapalang).values_list("status", flat=True))
    assert status == {StatusArtikel.TERBIT, StatusArtikel.DIAJUKAN, StatusArtikel.PERLU_REVISI,
                      StatusArtikel.DISETUJUI, StatusArtikel.DRAF}
    assert Artikel.objects.filter(kim=lain, status=StatusArtikel.TERBIT).count() == 1
    assert demo.muat(ctx) == {"artikel": 0}
