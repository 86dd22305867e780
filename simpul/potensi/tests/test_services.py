import pytest
from django.utils import timezone

from simpul.cari.selectors import cari
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.kim.models import StatusKim
from simpul.potensi import selectors, services
from simpul.potensi.models import JenisPeristiwa, LaporanPotensi, Potensi, StatusPotensi

from .conftest import DATA_KOPI, png

pytestmark = pytest.mark.django_db


def _judul(q, **kw):
    return [d.judul for d in cari(q, **kw).dokumen]


def test_buat_draf_tidak_publik_dan_tidak_dicari(kim_tapalang, pengurus_kim_tapalang):
    p = services.potensi_buat(aktor=pengurus_kim_tapalang, kim=kim_tapalang, data=DATA_KOPI)
    assert p.status == StatusPotensi.DRAF
    assert p.harga_min == 85_000 and p.harga_maks == 120_000
    assert p.penjual_telepon == "+6281244556601"
    assert p.izin_kontak_pada is not None and p.izin_kontak_oleh == pengurus_kim_tapalang
    assert p.desa_id == kim_tapalang.desa_id
    with pytest.raises(NotFound):
        selectors.potensi_publik_get(p.slug)
    assert _judul("kopi") == []
    assert list(p.peristiwa.values_list("jenis", flat=True)) == [JenisPeristiwa.IZIN_KONTAK, JenisPeristiwa.DIBUAT] \
        or set(p.peristiwa.values_list("jenis", flat=True)) == {JenisPeristiwa.IZIN_KONTAK, JenisPeristiwa.DIBUAT}


def test_terbit_masuk_pencarian_sembunyi_keluar(kopi, pengurus_kim_tapalang):
    assert _judul("kopi robusta") == ["Kopi Robusta Orobatu"]
    assert _judul("kopi robsta", jenis="potensi") == ["Kopi Robusta Orobatu"]
    services.potensi_sembunyikan(aktor=pengurus_kim_tapalang, potensi=kopi, alasan="Stok habis")
    assert _judul("kopi") == []
    with pytest.raises(NotFound):
        selectors.potensi_publik_get(kopi.slug)
    with pytest.raises(Conflict):
        services.potensi_terbitkan(aktor=pengurus_kim_tapalang, potensi=kopi)
    services.potensi_tampilkan(aktor=pengurus_kim_tapalang, potensi=kopi)
    assert _judul("kopi") == ["Kopi Robusta Orobatu"]
    jenis = set(kopi.peristiwa.values_list("jenis", flat=True))
    assert {JenisPeristiwa.DITERBITKAN, JenisPeristiwa.DISEMBUNYIKAN, JenisPeristiwa.DITAMPILKAN} <= jenis


def test_ubah_mengindeks_ulang_dan_mencatat_sebelum_sesudah(kopi, pengurus_kim_tapalang):
    services.potensi_ubah(aktor=pengurus_kim_tapalang, potensi=kopi, data={**DATA_KOPI, "nama": "Kopi Arabika Orobatu"})
    assert _judul("arabika") == ["Kopi Arabika Orobatu"]
    e = kopi.peristiwa.get(jenis=JenisPeristiwa.DIUBAH)
    assert e.data["nama"] == ["Kopi Robusta Orobatu", "Kopi Arabika Orobatu"]
    # Unchanged data: no event.
    services.potensi_ubah(aktor=pengurus_kim_tapalang, potensi=kopi, data={**DATA_KOPI, "nama": "Kopi Arabika Orobatu"})
    assert kopi.peristiwa.filter(jenis=JenisPeristiwa.DIUBAH).count() == 1


def test_orang_luar_tidak_boleh(kim_tapalang, kopi, warga, diskominfo_makassar, diskominfo_mamuju, anggota_kim_tapalang):
    for u in (warga, diskominfo_makassar):
        with pytest.raises(NotFound):
            services.potensi_buat(aktor=u, kim=kim_tapalang, data=DATA_KOPI)
        with pytest.raises(NotFound):
            services.potensi_sembunyikan(aktor=u, potensi=kopi, alasan="x")
    # A member may list products; the kabupaten Diskominfo may hide (moderation), not edit.
    services.potensi_buat(aktor=anggota_kim_tapalang, kim=kim_tapalang, data={**DATA_KOPI, "nama": "Sagu"})
    with pytest.raises(NotFound):
        services.potensi_ubah(aktor=diskominfo_mamuju, potensi=kopi, data=DATA_KOPI)
    services.potensi_sembunyikan(aktor=diskominfo_mamuju, potensi=kopi, alasan="Penipuan")
    assert Potensi.objects.get(pk=kopi.pk).status == StatusPotensi.DISEMBUNYIKAN


def test_kim_tidak_aktif_tidak_bisa(kim_tapalang, pengurus_kim_tapalang):
    kim_tapalang.status = StatusKim.DIBEKUKAN
    kim_tapalang.save()
    with pytest.raises(Conflict):
        services.potensi_buat(aktor=pengurus_kim_tapalang, kim=kim_tapalang, data=DATA_KOPI)


@pytest.mark.parametrize("ubah,field", [
    ({"nama": " "}, "nama"), ({"kategori": "senjata"}, "kategori"), ({"harga_min": "mahal"}, "harga_min"),
    ({"harga_min": "50000", "harga_maks": "100"}, "harga_maks"), ({"penjual_telepon": "12345"}, "penjual_telepon"),
    ({"penjual_telepon": "", "izin_kontak": True}, "penjual_telepon"), ({"desa": "99.99.99.9999"}, "desa"),
    ({"deskripsi": "x" * 4001}, "deskripsi"),
])
def test_masukan_buruk(kim_tapalang, pengurus_kim_tapalang, ubah, field):
    with pytest.raises(ValidationError) as e:
        services.potensi_buat(aktor=pengurus_kim_tapalang, kim=kim_tapalang, data={**DATA_KOPI, **ubah})
    assert e.value.field == field


def test_injeksi_di_setiap_isian_dinetralkan(kim_tapalang, pengurus_kim_tapalang):
    jahat = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    p = services.potensi_buat(aktor=pengurus_kim_tapalang, kim=kim_tapalang, data={
        **DATA_KOPI, "nama": "Kopi " + jahat, "satuan": "kg" + jahat, "penjual_nama": "Pak" + jahat,
        "deskripsi": "Enak " + jahat + " [klik](javascript:alert(3))"})
    for nilai in (p.nama, p.satuan, p.penjual_nama):
        assert "<" not in nilai and "onerror" not in nilai
    from simpul.core.markdown import render_markdown
    html = render_markdown(p.deskripsi)
    # Raw HTML is shown as text, never as tags; the javascript: link loses its href.
    assert "<script" not in html and "<img" not in html and "javascript:" not in html


def test_bukan_gambar_ditolak(kopi, pengurus_kim_tapalang):
    import io
    palsu = io.BytesIO(b"MZ\x90\x00 this is an exe renamed to .jpg")
    palsu.name = "foto.jpg"
    with pytest.raises(ValidationError) as e:
        services.foto_tambah(aktor=pengurus_kim_tapalang, potensi=kopi, berkas=palsu)
    assert e.value.field == "foto"
    assert kopi.foto.count() == 1


def test_foto_diperkecil_dan_dibatasi(kopi, pengurus_kim_tapalang):
    f = services.foto_tambah(aktor=pengurus_kim_tapalang, potensi=kopi, berkas=png(ukuran=(4000, 3000)))
    assert max(f.lebar, f.tinggi) <= 1600 and f.berkas.size <= 150_000
    for _ in range(services.MAKS_FOTO - 2):
        services.foto_tambah(aktor=pengurus_kim_tapalang, potensi=kopi, berkas=png())
    with pytest.raises(ValidationError):
        services.foto_tambah(aktor=pengurus_kim_tapalang, potensi=kopi, berkas=png())


def test_kontak_hanya_dengan_izin(kopi, pengurus_kim_tapalang, kim_tapalang):
    k = selectors.kontak(kopi)
    assert k.milik_penjual and k.wa_url.startswith("https://wa.me/6281244556601?text=")
    services.potensi_ubah(aktor=pengurus_kim_tapalang, potensi=kopi, data={**DATA_KOPI, "izin_kontak": False})
    kopi.refresh_from_db()
    kim_tapalang.telepon = "+6281299990000"
    kim_tapalang.save()
    kopi.kim = kim_tapalang
    k = selectors.kontak(kopi)
    assert not k.milik_penjual and "6281299990000" in k.wa_url and "4455" not in k.wa_url
    kim_tapalang.telepon = ""
    assert selectors.kontak(kopi) is None
    # A new number needs consent again.
    services.potensi_ubah(aktor=pengurus_kim_tapalang, potensi=kopi, data={**DATA_KOPI})
    kopi.refresh_from_db()
    assert kopi.izin_kontak_pada is not None
    services.potensi_ubah(aktor=pengurus_kim_tapalang, potensi=kopi,
                          data={**DATA_KOPI, "penjual_telepon": "0813 1111 2222", "izin_kontak": True})
    kopi.refresh_from_db()
    assert kopi.izin_kontak_pada is not None and kopi.penjual_telepon == "+6281311112222"


def test_laporan_sekali_per_pelapor_dan_tiga_menyembunyikan(kopi, warga, pengurus_kim_tapalang,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.potensi_laporkan(potensi=kopi, alasan="penipuan", pelapor=warga) is True
    assert services.potensi_laporkan(potensi=kopi, alasan="penipuan", pelapor=warga) is False
    services.potensi_laporkan(potensi=kopi, alasan="salah", alamat="10.0.0.1")
    assert Potensi.objects.get(pk=kopi.pk).status == StatusPotensi.TERBIT
    services.potensi_laporkan(potensi=kopi, alasan="tidak_pantas", alamat="10.0.0.2")
    kopi.refresh_from_db()
    assert kopi.status == StatusPotensi.DISEMBUNYIKAN
    assert _judul("kopi") == []
    with pytest.raises(NotFound):
        services.potensi_laporkan(potensi=kopi, alasan="salah", alamat="10.0.0.3")
    from simpul.notifikasi.models import Notifikasi
    assert Notifikasi.objects.filter(user=pengurus_kim_tapalang).exists()
    services.potensi_tampilkan(aktor=pengurus_kim_tapalang, potensi=kopi)
    assert not LaporanPotensi.objects.filter(potensi=kopi, ditangani_pada__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.potensi_laporkan(potensi=kopi, alasan="bohong", alamat="10.0.0.4")


def test_selector_portal_terbaru_dan_untuk_kim(kopi, kim_tapalang, kim_makassar, django_assert_num_queries):
    with django_assert_num_queries(2):
        hasil = selectors.terbaru("76.02", limit=6)
    assert [p.nama for p in hasil] == ["Kopi Robusta Orobatu"] and hasil[0].foto_utama is not None
    assert selectors.terbaru("73.71") == []
    with django_assert_num_queries(2):
        assert [p.pk for p in selectors.untuk_kim(kim_tapalang)] == [kopi.pk]
    assert selectors.untuk_kim(kim_makassar) == []
    # Without photos (the portal's lists show none): one query, and what a card shows is there.
    with django_assert_num_queries(1):
        hasil = selectors.terbaru(None, limit=4, foto=False)
    with django_assert_num_queries(1):
        (p,) = selectors.untuk_kim(kim_tapalang, foto=False)
    with django_assert_num_queries(0):
        assert (p.nama, p.kim.nama, p.kim.slug, p.harga_min, p.satuan) == (
            kopi.nama, kim_tapalang.nama, kim_tapalang.slug, kopi.harga_min, kopi.satuan)
        assert p.url == f"/potensi/{kopi.slug}/" and p.lokasi == kopi.desa.nama_lengkap
        assert p.kategori_label == "Hasil pertanian & perkebunan" and not hasattr(p, "foto_utama")
    assert [x.pk for x in hasil] == [kopi.pk]


def test_reindeks(kopi):
    from simpul.cari.models import Dokumen
    Dokumen.objects.all().delete()
    assert services.reindeks() == 1
    assert _judul("kopi") == ["Kopi Robusta Orobatu"]
    assert timezone.now() >= Dokumen.objects.get().waktu
