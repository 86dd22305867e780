"""The synthetic country (``bench/negara.py``) at a tiny scale, on the test database: the rows it
writes are ones the app's own pages, selectors and services would have written and accept, the
bulk load leaves the schema exactly as the migrations made it, and the same seed gives the same
rows. PostgreSQL only: the generator loads with COPY."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="bench.negara loads with PostgreSQL's COPY; this database is not PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

SKALA = 0.002  # 200 KIMs, 4,000 members, 2,000 aspirations and articles, 400 listings, 2 campaigns

# What the generator fills (CASCADE empties the rest: members, events, deliveries...).
TABEL_AKAR = [
    "kim_kim",
    "akun_user",
    "aspirasi_instansi",
    "aspirasi_aspirasi",
    "diseminasi_kampanye",
    "berita_artikel",
    "berita_tag",
    "potensi_potensi",
    "cari_dokumen",
    "cari_kata",
]


def _kosongkan() -> None:
    with connection.cursor() as c:
        c.execute(f"TRUNCATE {', '.join(TABEL_AKAR)} RESTART IDENTITY CASCADE")


def _skema() -> set[tuple[str, str]]:
    """Every index and constraint of the big tables (casts and brackets left out: PostgreSQL
    prints a rebuilt partial index's ``IN`` list with more of them, meaning the same)."""
    import re

    from bench.negara import TABEL_BESAR

    with connection.cursor() as c:
        c.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [TABEL_BESAR]
        )
        idx = set(c.fetchall())
        c.execute(
            "SELECT conrelid::regclass::text, conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s)",
            [TABEL_BESAR],
        )
        return {(t, re.sub(r"::[a-z ]+(\[\])?|[()]", "", d)) for t, d in idx | set(c.fetchall())}


@pytest.fixture
def negara():
    from bench import negara

    _kosongkan()
    skema = _skema()
    hasil = negara.muat(
        skala=SKALA, pulihkan_saat_gagal=True, fase=negara.Fase(tulis=lambda s: None)
    )
    return {"hasil": hasil, "skema_sebelum": skema, "ceksum": negara.ceksum()}


def test_same_seed_gives_the_same_rows_and_the_schema_is_put_back(negara):
    from bench import negara as gen

    j = negara["hasil"]["jumlah"]
    assert (
        j["kim"] == 200 and j["anggota"] == 4000 and j["aspirasi"] == 2000 and j["artikel"] == 2000
    )
    assert _skema() == negara["skema_sebelum"]
    _kosongkan()
    lagi = gen.muat(skala=SKALA, fase=gen.Fase(tulis=lambda s: None))
    assert lagi["jumlah"] == negara["hasil"]["jumlah"]
    assert gen.ceksum() == negara["ceksum"]
    assert all(negara["ceksum"].values())


def _dokumen_dan_kosakata_seperti_aplikasi():
    from simpul.berita import selectors as berita_sel
    from simpul.berita.models import Artikel
    from simpul.berita.services import _ringkasan
    from simpul.cari import selectors as cari_sel
    from simpul.cari.models import Dokumen, Kata
    from simpul.cari.services import _bersih, kata_bangun
    from simpul.potensi.models import Potensi
    from simpul.potensi.services import _dokumen

    kolom = ["judul", "isi", "url", "wilayah_kode", "waktu", "publik", "kim_id"]
    terbit = Artikel.objects.filter(status="terbit").select_related("kim").order_by("id")
    assert Dokumen.objects.filter(jenis="berita").count() == terbit.count() > 0
    for a in terbit[:40]:
        harap = _bersih(**berita_sel.dokumen_cari(a))
        dok = Dokumen.objects.get(jenis="berita", objek_id=str(a.pk))
        assert {k: getattr(dok, k) for k in kolom} == {k: harap[k] for k in kolom}
        assert a.ringkasan == _ringkasan(a.isi)
    publik = Potensi.objects.publik().select_related("kim", "desa").order_by("id")
    assert Dokumen.objects.filter(jenis="potensi").count() == publik.count() > 0
    for p in publik[:40]:
        harap = _bersih(**{"publik": True, **_dokumen(p)})
        dok = Dokumen.objects.get(jenis="potensi", objek_id=str(p.pk))
        assert {k: getattr(dok, k) for k in kolom} == {k: harap[k] for k in kolom}
    assert (
        not Dokumen.objects.filter(jenis="berita")
        .exclude(objek_id__in=[str(i) for i in terbit.values_list("id", flat=True)])
        .exists()
    )
    kata = dict(Kata.objects.values_list("kata", "jumlah"))
    kata_bangun()
    assert dict(Kata.objects.values_list("kata", "jumlah")) == kata
    a = terbit.first()
    kata_judul = [w for w in a.judul.lower().split() if len(w) > 4][0]
    assert cari_sel.cari(kata_judul).dokumen


def _riwayat_cocok_dengan_baris():
    from django.db.models import Count, Sum

    from simpul.aspirasi.models import STATUS_TERBUKA, Aspirasi, AspirasiEvent
    from simpul.diseminasi.models import LaporanJangkauan, Penerimaan

    # Each aspiration's last status change ends in its current status; deadlines only while open.
    terakhir = {}
    for aid, ke in (
        AspirasiEvent.objects.exclude(ke_status="")
        .order_by("aspirasi_id", "waktu", "id")
        .values_list("aspirasi_id", "ke_status")
    ):
        terakhir[aid] = ke
    for a in Aspirasi.objects.all():
        assert terakhir[a.pk] == a.status, a.kode
        assert (a.tenggat is not None) == (a.status in STATUS_TERBUKA), a.kode
        assert a.instansi_id is not None or a.status in (
            "draf",
            "baru",
            "ditunda",
            "diverifikasi",
            "diarsipkan",
            "digabung",
        ), a.kode
    assert Aspirasi.objects.values("status").distinct().count() >= 6
    # A delivery's copies are the sums of its reports.
    lap = {
        r["penerimaan_id"]: r
        for r in LaporanJangkauan.objects.values("penerimaan_id").annotate(
            n=Count("id"), orang=Sum("jumlah_orang")
        )
    }
    for p in Penerimaan.objects.all():
        r = lap.get(p.pk, {"n": 0, "orang": 0})
        assert (p.jumlah_laporan, p.jangkauan) == (r["n"], r["orang"])
        assert p.jumlah_laporan == 0 or p.diakui_pada is not None


def _riwayat_kim_dan_sk_seperti_registri():
    from bench.negara import HARI_INI
    from simpul.kim.models import Kim, KimEvent, SuratKeputusan
    from simpul.kim.tasks import sk_reminders_send

    # Each KIM's last status change ends in its current status; only active KIMs hold an SK.
    terakhir = {}
    for kim_id, ke in (
        KimEvent.objects.exclude(ke_status="").order_by("kim_id", "waktu", "id").values_list("kim_id", "ke_status")
    ):
        terakhir[kim_id] = ke
    for k in Kim.objects.all():
        assert terakhir[k.pk] == k.status, k.slug
        assert (k.aktif_sejak is not None) == (k.status == "aktif")
    aktif = set(Kim.objects.filter(status="aktif").values_list("id", flat=True))
    assert set(SuratKeputusan.objects.values_list("kim_id", flat=True)) == aktif
    assert not KimEvent.objects.filter(waktu__date__gt=HARI_INI).exists()
    # Some terms have run out, some end within the reminder windows, the rest later.
    sisa = [(sk.berlaku_sampai - HARI_INI).days for sk in SuratKeputusan.objects.all()]
    assert min(sisa) < 0 and any(0 <= h <= 60 for h in sisa) and max(sisa) > 60
    # The reminders a daily run would already have sent are recorded: today's run sends none.
    assert sk_reminders_send(hari_ini=HARI_INI) == 0


def _halaman_menerima_baris(client):
    from simpul.akun.models import User
    from simpul.akun.testing import login_dengan_mfa
    from simpul.aspirasi.models import Aspirasi
    from simpul.berita.models import Artikel
    from simpul.diseminasi.models import Kampanye
    from simpul.kim.models import Pengurus
    from simpul.potensi.models import Potensi

    a = Artikel.objects.filter(status="terbit").select_related("kim").order_by("id").first()
    assert client.get(f"/{a.kim.slug}/").status_code == 200
    assert client.get(f"/{a.kim.slug}/berita/{a.slug}/").status_code == 200
    p = Potensi.objects.publik().order_by("id").first()
    assert client.get(reverse("potensi:detail", args=[p.slug])).status_code == 200
    asp = Aspirasi.objects.filter(status="selesai", rahasia=False).order_by("id").first()
    assert client.get(reverse("aspirasi:status", args=[asp.kode])).status_code == 200
    assert client.get(reverse("aspirasi:daftar")).status_code == 200
    assert client.get("/cari/", {"q": a.judul.split()[0]}).status_code == 200

    # The kab/kota office: the aspiration queue, one aspiration's history, a campaign's dashboard.
    # (escalated past the kab/kota, an aspiration is the province office's: pick the office by the
    # handling region's code)
    terbuka = Aspirasi.objects.filter(status="didisposisi").order_by("id").first()
    kode_kantor = terbuka.wilayah_tangani_id[:5]
    kantor = User.objects.get(email=f"diskominfo.{kode_kantor.replace('.', '-')}@negara.contoh.id")
    login_dengan_mfa(client, kantor)
    resp = client.get(reverse("aspirasi:kelola"), {"status": "didisposisi", "q": terbuka.kode})
    assert resp.status_code == 200 and terbuka.kode in resp.content.decode()
    assert client.get(reverse("aspirasi:kelola_detail", args=[terbuka.pk])).status_code == 200
    komdigi = User.objects.get(email="komdigi@negara.contoh.id")
    client.logout()
    login_dengan_mfa(client, komdigi)
    k = (
        Kampanye.objects.filter(kantor_kode="", status__in=["terbit", "ditutup"])
        .order_by("id")
        .first()
    )
    resp = client.get(reverse("diseminasi:kampanye_detail", args=[k.pk]))
    assert resp.status_code == 200
    client.logout()

    # A KIM chairperson: the campaign inbox and the KIM's own management page.
    ketua = (
        Pengurus.objects.filter(
            jabatan="ketua", kim__status="aktif", kim__penerimaan_kampanye__isnull=False
        )
        .select_related("anggota__user")
        .order_by("id")
        .first()
    )
    client.force_login(ketua.anggota.user)
    assert client.get(reverse("diseminasi:kotak_masuk")).status_code == 200
    assert client.get(reverse("kim:kelola_detail", args=[ketua.kim_id])).status_code == 200


def test_rows_are_what_the_services_would_write_and_the_pages_accept_them(negara, client):
    _dokumen_dan_kosakata_seperti_aplikasi()
    _riwayat_cocok_dengan_baris()
    _riwayat_kim_dan_sk_seperti_registri()
    _halaman_menerima_baris(client)
