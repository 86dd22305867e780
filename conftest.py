"""The fixed cast of personas every test can ask for by name.

Regions: the test database holds the real hierarchy of Sulawesi Barat (76, with Kabupaten
Mamuju 76.02 and Kecamatan Tapalang 76.02.02) and Kota Makassar (73.71), imported once per test
session from the shipped decree files.
"""

import pytest

from simpul.core.peran import Jabatan, Peran
from simpul.core.testing.factories import (
    AnggotaFactory,
    KimFactory,
    PengurusFactory,
    PenugasanFactory,
    UserFactory,
)
from simpul.wilayah.models import Wilayah

WILAYAH_UJI = ["76", "73.71"]
DESA_TAPALANG = "76.02.02.2003"  # Orobatu, Kecamatan Tapalang, Kabupaten Mamuju
DESA_TAPALANG_LAIN = "76.02.02.2006"  # Takandeang
DESA_MAKASSAR = "73.71.01.1001"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from simpul.wilayah.services import wilayah_import

    with django_db_blocker.unblock():
        wilayah_import(hanya_prefix=WILAYAH_UJI)


def _transaksional(request) -> bool:
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    m = request.node.get_closest_marker("django_db")
    return bool(m and (m.kwargs.get("transaction") or (m.args and m.args[0])))


@pytest.fixture(autouse=True)
def _wilayah_uji_ada(request):
    """A transactional test (threads, live server, browser) flushes every table when it ends, the
    test regions included; pytest-django runs those tests last in each worker. Put the regions
    back before the next one, here, once for every test that needs it."""
    if _transaksional(request):
        request.getfixturevalue("transactional_db")
        from simpul.wilayah.services import wilayah_import

        if Wilayah.objects.filter(kode__in=WILAYAH_UJI).count() != len(WILAYAH_UJI):
            wilayah_import(hanya_prefix=WILAYAH_UJI)
        _isi_data_migrasi()


# Reference data that data migrations seed (the flush of a transactional test removes it too):
# (model label, migration module, its seed function). The functions are idempotent.
DATA_MIGRASI = [
    ("aspirasi.Kategori", "simpul.aspirasi.migrations.0002_kategori_hari_libur", "seed"),
]


def _isi_data_migrasi() -> None:
    from importlib import import_module

    from django.apps import apps

    for label, modul, fungsi in DATA_MIGRASI:
        if not apps.get_model(label).objects.exists():
            getattr(import_module(modul), fungsi)(apps, None)


@pytest.fixture(autouse=True)
def _cache_bersih():
    """Each test starts with an empty cache (rate limits, throttles, cached pages)."""
    from django.core.cache import cache

    from simpul.portal.cache import lupakan_lokal

    cache.clear()
    lupakan_lokal()
    yield


def _petugas(peran: str, kode: str | None, nama: str, email: str):
    user = UserFactory(nama=nama, email=email)
    PenugasanFactory(user=user, peran=peran, wilayah=Wilayah.objects.get(kode=kode) if kode else None)
    return user


@pytest.fixture
def komdigi(db):
    return _petugas(Peran.KOMDIGI, None, "Petugas Komdigi", "komdigi@contoh.id")


@pytest.fixture
def diskominfo_sulbar(db):
    return _petugas(Peran.DISKOMINFO_PROV, "76", "Diskominfo Sulbar", "sulbar@contoh.id")


@pytest.fixture
def diskominfo_mamuju(db):
    return _petugas(Peran.DISKOMINFO_KABKOTA, "76.02", "Diskominfo Mamuju", "mamuju@contoh.id")


@pytest.fixture
def diskominfo_makassar(db):
    return _petugas(Peran.DISKOMINFO_KABKOTA, "73.71", "Diskominfo Makassar", "makassar@contoh.id")


@pytest.fixture
def camat_tapalang(db):
    return _petugas(Peran.KECAMATAN, "76.02.02", "Operator Kecamatan Tapalang", "tapalang@contoh.id")


@pytest.fixture
def operator_desa_orobatu(db):
    return _petugas(Peran.DESA, DESA_TAPALANG, "Operator Desa Orobatu", "orobatu@contoh.id")


@pytest.fixture
def kim_tapalang(db):
    return KimFactory(nama="KIM Orobatu Bersatu", slug="kim-orobatu-bersatu",
                      desa=Wilayah.objects.get(kode=DESA_TAPALANG))


@pytest.fixture
def kim_makassar(db):
    return KimFactory(nama="KIM Makassar Maju", slug="kim-makassar-maju",
                      desa=Wilayah.objects.get(kode=DESA_MAKASSAR))


@pytest.fixture
def pengurus_kim_tapalang(kim_tapalang):
    user = UserFactory(nama="Ketua KIM Orobatu", email="ketua.orobatu@contoh.id", telepon="+6281234500001")
    anggota = AnggotaFactory(kim=kim_tapalang, user=user, nama=user.nama)
    PengurusFactory(anggota=anggota, kim=kim_tapalang, jabatan=Jabatan.KETUA)
    return user


@pytest.fixture
def anggota_kim_tapalang(kim_tapalang):
    user = UserFactory(nama="Anggota KIM Orobatu", email="anggota.orobatu@contoh.id")
    AnggotaFactory(kim=kim_tapalang, user=user, nama=user.nama)
    return user


@pytest.fixture
def warga(db):
    return UserFactory(nama="Warga Biasa", email="warga@contoh.id")
