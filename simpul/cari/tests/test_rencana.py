"""How the newest matches are read at scale (selectors._rencana / _sql_pg): the plan depends on
how common the query is and how small the region filter is, never what is found."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from simpul.cari import selectors, services, tasks
from simpul.cari.models import Dokumen, Kata
from simpul.cari.selectors import Rencana, _rencana
from simpul.core.jadwal import REGISTRY

N = 1_000_000


def test_kata_umum_berjalan_menyusuri_dokumen_terbaru():
    # "desa" in 40% of the articles: its newest 300 matches are among the newest ~1,500.
    r = _rencana(0.4, N, posting=400_000)
    assert r.jalan and r.jalan <= selectors.JALAN_MAKS and not r.ember and not r.pindai


def test_kata_langka_dibaca_dari_indeks_gin_seluruhnya():
    # After a short walk (a word grown common since the vocabulary was counted stops there).
    for perkiraan, posting in ((35 / N, 35), (0.0, 0)):
        assert _rencana(perkiraan, N, posting=posting) == Rencana(jalan=selectors.JALAN_MIN)


def test_kata_menengah_membaca_ember_secukupnya():
    # ~6,000 matches: too deep to walk, too many to read every one.
    r = _rencana(6_000 / N, N, posting=150_000)
    assert r.jalan == selectors.JALAN_MIN
    assert r.ember >= 2 * selectors.KANDIDAT * N // 6_000 - 1


def test_wilayah_dibaca_lewat_leksemnya_di_indeks_gin():
    # The region is a lexeme of the GIN query (migration 0006): a region makes a query rarer,
    # never slower, and is not read whole. A kabupaten (8,000 of 1M documents) and a word in
    # 83,000: ~660 matches, all read from the GIN index, without a walk (it would test the
    # region in the table).
    bagian = selectors._bagian_wilayah(8_000, N)
    assert _rencana(0.083 * bagian, N, posting=83_000, tersaring=8_000) == Rencana()
    # A query matching 10% of the documents even inside a region: dense enough to walk.
    r = _rencana(0.1, N, posting=400_000, tersaring=selectors.SARING_MAKS)
    assert r.jalan and not r.pindai
    bagian = selectors._bagian_wilayah(selectors.SARING_MAKS, N)
    # A middling word in a big region: a few weeks of the GIN index, no walk first.
    r = _rencana(0.3 * bagian, N, posting=300_000, tersaring=selectors.SARING_MAKS)
    assert r.ember and not r.jalan and not r.pindai
    assert selectors._bagian_wilayah(None, N) == 1.0


def test_leksem_wilayah():
    assert selectors.lexem_wilayah("35") == "zw35"
    assert selectors.lexem_wilayah("35.24") == "zw3524"
    assert selectors.lexem_wilayah("76.02.02.2003") == "zw7602022003"
    for kode in (None, "", "7", "35.x", "35' | x", "\u0663\u0665"):
        assert selectors.lexem_wilayah(kode) == ""


def test_perkiraan_dari_jumlah_kosakata():
    grup = [[("kopi", False)], [("robsta", True), ("robusta", False)]]
    jumlah = {"kopi": 300_000, "robsta*": 0, "robusta": 200_000}
    semua = selectors._perkiraan(grup, jumlah, semua=True, n=N)
    salah_satu = selectors._perkiraan(grup, jumlah, semua=False, n=N)
    assert semua == pytest.approx(0.3 * 0.2)
    assert salah_satu == pytest.approx(1 - 0.7 * 0.8)
    assert selectors._posting(grup, jumlah, semua=True) == 200_000  # the rarest word's
    assert selectors._posting(grup, jumlah, semua=False) == 500_000


pg = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the id-range chain, the bucket lexemes and the region scan are PostgreSQL's",
)


@pytest.fixture
def indeks_besar(db):
    """900 articles, one a day, with ids spread 100..90,000, so every way of reading the index
    is possible (a walk, weeks of the GIN index, the GIN index); the statistics cache is reset."""
    awal = timezone.now() - timedelta(days=900)
    rows = []
    for i in range(1, 901):
        judul = f"Panen kopi ke-{i}" if i % 7 == 0 else f"Berita warga {i}"
        isi = "kopi robusta " * (1 + i % 3) if i % 2 == 0 else "sagu dan jagung"
        kode = "76.02.02.2003" if i % 5 == 0 else "73.71.01.1001"
        rows.append(
            Dokumen(
                id=i * 100,
                jenis="berita",
                objek_id=str(i),
                judul=judul,
                isi=isi,
                url=f"/berita/{i}/",
                wilayah_kode=kode,
                waktu=awal + timedelta(days=i),
            )
        )
    Dokumen.objects.bulk_create(rows)
    selectors._ember_cache = (-1e9, 0, 0)
    yield
    selectors._ember_cache = (-1e9, 0, 0)


def _peringkat(rencana: Rencana, q: str, wilayah: str | None = None) -> list[int]:
    grup, _koreksi, _jumlah = selectors._alternatif(selectors.kata_query(q))
    where, wparams = selectors._where(selectors.saring_q(wilayah=wilayah))
    sql, params = selectors._sql_pg(
        where, wparams, grup, semua=True, q_normal=q, limit=1000, offset=0, rencana=rencana,
        wilayah=wilayah,
    )
    return [d.id for d in Dokumen.objects.raw(sql, params)]


@pg
@pytest.mark.parametrize(
    ("q", "wilayah"),
    [
        ("kopi", None),
        ("kopi robusta", None),
        ("sagu", None),
        ("kopi", "76.02"),
        ("panen", None),
        ("panen kopi", "76"),
        ("kopi", "76.02.02.2003"),
        ("sagu", "73.71.01"),
    ],
)
def test_setiap_rencana_memberi_hasil_yang_sama(indeks_besar, q, wilayah):
    st = selectors._terbaru()
    assert 0.9 < st.laju * 86_400 < 1.1  # one article a day
    rencana = [
        Rencana(),
        Rencana(jalan=500),
        Rencana(jalan=50_000),
        Rencana(ember=30_000),
        Rencana(ember=200_000),
        Rencana(jalan=2_000, ember=30_000),
        Rencana(jalan=500, ember=200_000),
        Rencana(jalan=30_000, ember=20_000),
        Rencana(jalan=100, ember=50),
        Rencana(ember=5),
        Rencana(pindai=True),
    ]
    hasil = [_peringkat(r, q, wilayah) for r in rencana]
    assert hasil[0], q
    for r, h in zip(rencana[1:], hasil[1:], strict=True):
        assert h == hasil[0], r


def _terbaru_dan_judul(q: str = "kopi") -> tuple[list[int], set[int]]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM cari_dokumen WHERE vektor @@ to_tsquery('indonesian', %s) "
            "ORDER BY waktu DESC NULLS LAST, id DESC LIMIT %s",
            [q, selectors.KANDIDAT],
        )
        terbaru = [r[0] for r in cur.fetchall()]
        cur.execute(
            "SELECT id FROM cari_dokumen WHERE vektor_judul @@ to_tsquery('indonesian', %s)", [q]
        )
        return terbaru, {r[0] for r in cur.fetchall()}


@pg
@pytest.mark.parametrize("jendela", [40_000, 700, 100])
def test_kandidat_adalah_kecocokan_terbaru(indeks_besar, monkeypatch, jendela):
    # ~500 articles mention "kopi": the 300 newest are ranked, plus every title match when the
    # window (the newest JENDELA documents) holds fewer than 300 of them; nothing else.
    monkeypatch.setattr(selectors, "JENDELA", jendela)
    ids = _peringkat(Rencana(jalan=700), "kopi")
    terbaru, judul = _terbaru_dan_judul()
    assert len(terbaru) == selectors.KANDIDAT
    bawah = selectors._terbaru().urut_pada(jendela)
    waktu = dict(Dokumen.objects.filter(id__in=terbaru).values_list("id", "waktu"))
    di_jendela = sum(1 for i in terbaru if waktu[i].timestamp() >= bawah)
    assert (di_jendela < selectors.KANDIDAT) == (jendela == 100)
    assert set(ids) == (set(terbaru) | judul if di_jendela < selectors.KANDIDAT else set(terbaru))


@pg
def test_terbaru_menurut_waktu_terbit_bukan_urutan_indeks(db):
    # Documents indexed in another order than published (a rebuild re-inserts old objects,
    # regions have no time at all): "newest" is the publication time, whatever the ids.
    awal = timezone.now() - timedelta(days=900)
    Dokumen.objects.bulk_create(
        [
            Dokumen(id=10_000 - i, jenis="berita", objek_id=str(i), judul=f"Berita {i}",
                    isi="kopi robusta", url=f"/b/{i}/", wilayah_kode="76.02.02.2003",
                    waktu=awal + timedelta(hours=i))
            for i in range(1, 801)
        ]
        + [
            Dokumen(id=20_000 + i, jenis="wilayah", objek_id=f"76.02.{i}", judul=f"Kecamatan {i}",
                    isi="kopi", url=f"/w/{i}/", wilayah_kode=f"76.02.{i:02d}")
            for i in range(1, 60)
        ]
    )
    selectors._ember_cache = (-1e9, None)
    terbaru, _judul = _terbaru_dan_judul()
    assert terbaru == list(range(10_000 - 800, 10_000 - 500))  # the last published, newest first
    for r in (Rencana(jalan=400), Rencana(jalan=2_000), Rencana(ember=300), Rencana()):
        assert set(_peringkat(r, "kopi")) == set(terbaru), r
    selectors._ember_cache = (-1e9, None)


@pg
def test_cari_dengan_wilayah_menghitung_dokumennya_dalam_query_kosakata(
    indeks_besar, django_assert_max_num_queries
):
    selectors.cari("kopi")  # the newest id read once
    with django_assert_max_num_queries(2):  # the vocabulary (+ the region's size), the search
        hasil = selectors.cari("kopi robusta", wilayah="76.02")
    assert hasil.dokumen and all(d.wilayah_kode.startswith("76.02.") for d in hasil.dokumen)


def test_kosakata_dibangun_ulang_tiap_hari(db):
    services.indeks_simpan(
        jenis="berita", objek_id=1, judul="Sagu Tapalang", isi="olahan sagu", url="/berita/1/"
    )
    services.indeks_simpan(
        jenis="berita", objek_id=2, judul="Sagu Orobatu", isi="sagu lagi", url="/berita/2/"
    )
    assert Kata.objects.get(kata="sagu").jumlah == 1  # counted once, when first seen
    assert REGISTRY["cari.kosakata"].setiap == timedelta(days=1)
    tasks.kosakata_bangun.call()
    assert Kata.objects.get(kata="sagu").jumlah == 2
