"""Query counts of every training list page, export and list endpoint do not grow with the rows.

Each test measures a list with a few events or participants, adds more (participants from KIMs
of other desa, some on the waiting list, some present with a certificate; events with their
participants) and asserts the same number of queries within a fixed budget."""

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.models import User
from simpul.akun.testing import login_dengan_mfa
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.pembinaan import services
from simpul.pembinaan.models import Peserta
from simpul.wilayah.models import Tingkat, Wilayah

from .conftest import buat_kegiatan, sedang_berlangsung

pytestmark = pytest.mark.django_db


def _peserta(kegiatan, kantor, awal: int, n: int) -> None:
    """``n`` registrations, each by the ketua of a new KIM in its own desa of Mamuju; every
    other one marked present and given a certificate, a walk-in among them (the event is moved
    to now: presence is taken while it runs)."""
    sedang_berlangsung(kegiatan)
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    hadir = []
    for i, d in enumerate(desa[awal : awal + n], start=awal):
        kim = KimFactory(desa=d)
        user = UserFactory()
        PengurusFactory(anggota=AnggotaFactory(kim=kim, user=user), kim=kim, jabatan=Jabatan.KETUA)
        p = services.pendaftaran_daftar(actor=User.objects.get(pk=user.pk), kegiatan=kegiatan)
        if i % 2 == 0:
            hadir.append(p.pk)
    services.walkin_add(actor=kantor, kegiatan=kegiatan, nama=f"Tamu {awal}", kim=kim)
    services.presensi_set(actor=kantor, kegiatan=kegiatan, hadir_ids=hadir)
    for p in Peserta.objects.filter(pk__in=hadir, hadir_pada__isnull=False):
        services.sertifikat_terbit(actor=kantor, peserta=p)


def test_one_events_participant_lists_and_exports_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=8)
    _peserta(k, diskominfo_mamuju, 0, 3)
    login_dengan_mfa(client, diskominfo_mamuju)
    detail = reverse("pembinaan:kelola_detail", args=[k.pk])
    presensi = reverse("pembinaan:kelola_presensi", args=[k.pk])
    ekspor = reverse("pembinaan:kelola_peserta_ekspor", args=[k.pk])
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "event with participants": (lambda: client.get(detail), 13),
            "attendance": (lambda: client.get(presensi), 8),
            "csv": (lambda: client.get(ekspor), 8),
            "xlsx": (lambda: client.get(ekspor, {"format": "xlsx"}), 8),
        },
        tambah=lambda: _peserta(k, diskominfo_mamuju, 3, 10),
    )
    assert len(hasil["event with participants"].context["menunggu"]) == 5


def test_office_event_lists_coverage_and_api_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    def tambah(awal, n):
        for i in range(awal, awal + n):
            k = buat_kegiatan(
                diskominfo_mamuju,
                judul=f"Pelatihan Kueri {i:02d}",
                program=f"Program {i % 3}",
            )
            _peserta(k, diskominfo_mamuju, i, 1)

    tambah(0, 3)
    login_dengan_mfa(client, diskominfo_mamuju)

    def get(url, **params):
        return lambda: client.get(url, params)

    kelola, jangkauan = reverse("pembinaan:kelola"), reverse("pembinaan:jangkauan")
    tahun = timezone.localdate().year
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "events": (get(kelola), 8),
            "events filtered": (get(kelola, jenis="pelatihan", tahun=tahun, q="kueri"), 8),
            "coverage": (get(jangkauan), 14),
            "coverage of a region": (get(jangkauan, wilayah="76.02", tahun=tahun), 16),
            "api events": (get("/api/v1/pembinaan/kegiatan"), 8),
            "api coverage": (get("/api/v1/pembinaan/jangkauan", wilayah="76.02"), 10),
        },
        tambah=lambda: tambah(3, 10),
    )
    assert hasil["api events"].json()["count"] == 13


def test_members_home_queries_do_not_grow(
    client, diskominfo_mamuju, anggota_kim_tapalang, django_assert_max_num_queries
):
    def tambah(awal, n):
        for i in range(awal, awal + n):
            k = buat_kegiatan(diskominfo_mamuju, judul=f"Pelatihan Kueri {i:02d}")
            if i % 2:
                anggota = User.objects.get(pk=anggota_kim_tapalang.pk)
                services.pendaftaran_daftar(actor=anggota, kegiatan=k)

    tambah(0, 3)
    client.force_login(anggota_kim_tapalang)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {"home": (lambda: client.get(reverse("pembinaan:beranda")), 10)},
        tambah=lambda: tambah(3, 10),
    )
    assert "Pelatihan Kueri 12" in hasil["home"].content.decode()
