"""The demo campaigns load through the services and are idempotent."""

import random

import pytest

from simpul.demo.services import KonteksDemo
from simpul.diseminasi import demo
from simpul.diseminasi.models import Kampanye, LaporanJangkauan, Penerimaan

pytestmark = pytest.mark.django_db


def test_demo_loads_once(kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang, diskominfo_mamuju,
                         diskominfo_sulbar):
    ctx = KonteksDemo(users={"pengurus_kim_tapalang": pengurus_kim_tapalang, "diskominfo_mamuju": diskominfo_mamuju,
                             "diskominfo_sulbar": diskominfo_sulbar, "anggota_kim_tapalang": anggota_kim_tapalang},
                      kim=kim_tapalang, kab="76.02", rng=random.Random(1))
    hasil = demo.muat(ctx)
    assert hasil["kampanye"] == len(demo.KAMPANYE)
    assert demo.muat(ctx) == {}
    assert Kampanye.objects.filter(kategori="klarifikasi_hoaks", status="terbit").count() == 1
    assert Penerimaan.objects.filter(kim=kim_tapalang).count() == 3
    assert LaporanJangkauan.objects.filter(penerimaan__kim=kim_tapalang).count() == 4
