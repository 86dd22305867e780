from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.core.testing.factories import AnggotaFactory, UserFactory
from simpul.musyawarah import services
from simpul.musyawarah.models import JenisJajak


@pytest.fixture
def anggota_lain(kim_tapalang):
    user = UserFactory(nama="Siti Rahma", email="siti.orobatu@contoh.id")
    AnggotaFactory(kim=kim_tapalang, user=user, nama=user.nama)
    return user


@pytest.fixture
def topik(pengurus_kim_tapalang, anggota_kim_tapalang, anggota_lain, kim_tapalang):
    return services.topik_create(actor=pengurus_kim_tapalang, kim=kim_tapalang, judul="Jalan tani ke dusun atas rusak",
                                 deskripsi="Jalan tani sepanjang 800 m rusak sejak musim hujan.")


def buat_jajak(topik, actor, jenis=JenisJajak.PERSETUJUAN, opsi=(), **kw):
    return services.jajak_create(actor=actor, topik=topik, jenis=jenis, pertanyaan="Kerja bakti hari Minggu?",
                                 opsi=opsi, ditutup_pada=kw.pop("ditutup_pada", timezone.now() + timedelta(days=2)),
                                 **kw)


@pytest.fixture
def jajak(topik, pengurus_kim_tapalang):
    return buat_jajak(topik, pengurus_kim_tapalang)
