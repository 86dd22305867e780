"""The workflow through the pages: topic -> discussion -> vote -> decision -> action -> progress,
and the rules around it (scope, bad input, query budgets, page weight)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.musyawarah import services
from simpul.musyawarah.models import (
    JenisJajak,
    Keputusan,
    Posisi,
    StatusTindakLanjut,
    Suara,
    TindakLanjut,
    Topik,
)
from simpul.notifikasi.models import Notifikasi
from simpul.wilayah.models import Wilayah

from .conftest import buat_jajak

pytestmark = pytest.mark.django_db


def _putuskan(jajak, actor, pj, tenggat=None, n=2):
    tenggat = tenggat or timezone.localdate() + timedelta(days=10)
    return services.jajak_putuskan(actor=actor, jajak=jajak, pernyataan="Kerja bakti Minggu pagi, mulai jam 7.",
                                   tindak_lanjut=[{"judul": f"Tugas {i}", "penanggung_jawab": pj, "tenggat": tenggat}
                                                  for i in range(n)])


def test_ketua_opens_topic_members_comment_vote_and_the_ketua_decides(
        client, topik, jajak, pengurus_kim_tapalang, anggota_kim_tapalang, anggota_lain):
    client.force_login(anggota_kim_tapalang)
    r = client.get(reverse("musyawarah:topik", args=[topik.pk]))
    assert r.status_code == 200 and "Jalan tani" in r.text
    r = client.post(reverse("musyawarah:topik", args=[topik.pk]), {"isi": "Setuju, @siti-rahma bisa bawa cangkul?"})
    assert r.status_code == 302
    assert Notifikasi.objects.filter(user=anggota_lain, kunci__contains=".sebut.").count() == 1
    r = client.post(reverse("musyawarah:suara", args=[jajak.pk]), {"posisi": "setuju"})
    assert r.status_code == 302
    # changeable until closing: still one vote
    client.post(reverse("musyawarah:suara", args=[jajak.pk]), {"posisi": "abstain"})
    assert list(Suara.objects.filter(jajak=jajak).values_list("posisi", flat=True)) == ["abstain"]

    client.force_login(pengurus_kim_tapalang)
    tenggat = (timezone.localdate() + timedelta(days=7)).isoformat()
    r = client.post(reverse("musyawarah:putuskan", args=[jajak.pk]), {
        "pernyataan": "Kerja bakti Minggu pagi, mulai jam 7.",
        "tl-0-judul": "Pinjam molen", "tl-0-pj": anggota_kim_tapalang.pk, "tl-0-tenggat": tenggat,
        "tl-1-judul": "Kumpulkan iuran semen", "tl-1-pj": anggota_lain.pk, "tl-1-tenggat": tenggat,
    })
    assert r.status_code == 302, r.content
    kep = Keputusan.objects.get(jajak=jajak)
    assert kep.tindak_lanjut.count() == 2
    topik.refresh_from_db()
    assert topik.status == "diputuskan"
    assert Notifikasi.objects.filter(user=anggota_kim_tapalang, kunci__contains=".ditugaskan").exists()

    tl = kep.tindak_lanjut.get(penanggung_jawab=anggota_kim_tapalang)
    client.force_login(anggota_kim_tapalang)
    r = client.post(reverse("musyawarah:tindak_lanjut", args=[tl.pk]),
                    {"progres": 60, "status": "berjalan", "catatan": "Molen sudah dipinjam dari desa."})
    assert r.status_code == 302
    tl.refresh_from_db()
    assert (tl.progres, tl.status) == (60, StatusTindakLanjut.BERJALAN)
    # the other member may not update an action they do not own
    client.force_login(anggota_lain)
    r = client.post(reverse("musyawarah:tindak_lanjut", args=[tl.pk]),
                    {"progres": 90, "status": "berjalan", "catatan": "bukan milik saya"})
    assert r.status_code == 404
    tl.refresh_from_db()
    assert tl.progres == 60


def test_non_members_get_404_on_internal_topics(client, topik, jajak, warga, kim_makassar, diskominfo_mamuju,
                                                komdigi):
    orang_lain = UserFactory()
    AnggotaFactory(kim=kim_makassar, user=orang_lain)
    lamp_urls = [reverse("musyawarah:topik", args=[topik.pk]), reverse("musyawarah:jajak_baru", args=[topik.pk]),
                 reverse("musyawarah:putuskan", args=[jajak.pk])]
    for user in (warga, orang_lain):
        client.force_login(user)
        for url in lamp_urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("musyawarah:suara", args=[jajak.pk]), {"posisi": "setuju"}).status_code == 404
    # even a region office does not read the discussion (it sees decisions in the accountability view)
    for petugas in (diskominfo_mamuju, komdigi):
        login_dengan_mfa(client, petugas)
        assert client.get(lamp_urls[0]).status_code == 404
    assert not Suara.objects.exists()
    client.logout()
    assert client.get(lamp_urls[0]).status_code == 302  # to the sign-in page


def test_plain_member_cannot_open_topics_or_close_polls(client, topik, jajak, anggota_kim_tapalang, kim_tapalang):
    client.force_login(anggota_kim_tapalang)
    assert client.get(reverse("musyawarah:topik_baru")).status_code == 404
    assert client.get(reverse("musyawarah:putuskan", args=[jajak.pk])).status_code == 404
    with pytest.raises(services.Forbidden):
        services.topik_create(actor=anggota_kim_tapalang, kim=kim_tapalang, judul="Judul topik", deskripsi="x" * 20)


def test_vote_after_closing_is_refused_with_a_clear_message(client, topik, pengurus_kim_tapalang,
                                                            anggota_kim_tapalang):
    j = buat_jajak(topik, pengurus_kim_tapalang)
        # the deadline passes
    type(j).objects.filter(pk=j.pk).update(ditutup_pada=timezone.now() - timedelta(minutes=1))
    client.force_login(anggota_kim_tapalang)
    r = client.post(reverse("musyawarah:suara", args=[j.pk]), {"posisi": "setuju"})
    assert r.status_code == 400
    assert "sudah ditutup" in r.text
    assert not Suara.objects.exists()


def test_blocking_vote_needs_a_reason_and_the_input_is_kept(client, jajak, anggota_kim_tapalang):
    client.force_login(anggota_kim_tapalang)
    r = client.post(reverse("musyawarah:suara", args=[jajak.pk]), {"posisi": "blokir", "alasan": "tidak"})
    assert r.status_code == 400
    assert "wajib disertai alasan" in r.text
    assert 'value="blokir" checked' in r.text and ">tidak</textarea>" in r.text
    r = client.post(reverse("musyawarah:suara", args=[jajak.pk]),
                    {"posisi": "blokir", "alasan": "Hari Minggu ada pesta panen, geser ke Sabtu."})
    assert r.status_code == 302
    assert Suara.objects.get().posisi == Posisi.BLOKIR


def test_action_due_before_the_decision_is_refused(client, jajak, pengurus_kim_tapalang, anggota_kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    kemarin = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = client.post(reverse("musyawarah:putuskan", args=[jajak.pk]), {
        "pernyataan": "Kerja bakti Minggu pagi, mulai jam 7.",
        "tl-0-judul": "Pinjam molen", "tl-0-pj": anggota_kim_tapalang.pk, "tl-0-tenggat": kemarin})
    assert r.status_code == 200
    assert "tidak boleh sebelum tanggal keputusan" in r.text
    assert "Pinjam molen" in r.text  # the input is kept
    assert not Keputusan.objects.exists()
    jajak.refresh_from_db()
    assert jajak.selesai is None  # rolled back: the poll is still open


def test_closing_needs_an_outcome_statement(client, jajak, pengurus_kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    r = client.post(reverse("musyawarah:putuskan", args=[jajak.pk]), {"pernyataan": ""})
    assert r.status_code == 200 and not Keputusan.objects.exists()


def test_oversized_and_fake_photos_get_a_clear_message(client, topik, anggota_kim_tapalang, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from simpul.core import gambar

    client.force_login(anggota_kim_tapalang)
    palsu = SimpleUploadedFile("foto.jpg", b"bukan gambar sama sekali", content_type="image/jpeg")
    r = client.post(reverse("musyawarah:topik", args=[topik.pk]), {"isi": "Ini fotonya", "foto": palsu})
    assert r.status_code == 200 and "bukan foto" in r.text
    besar = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"0" * (gambar.MAKS_UNGGAH + 10), content_type="image/jpeg")
    r = client.post(reverse("musyawarah:topik", args=[topik.pk]), {"isi": "Ini fotonya", "foto": besar})
    assert r.status_code == 200 and "terlalu besar" in r.text
    assert "Ini fotonya" in r.text
    assert not topik.komentar.exists()


def test_photo_is_compressed_and_served_only_to_members(client, topik, anggota_kim_tapalang, warga):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise((2400, 1800), 90).convert("RGB").save(buf, "JPEG", quality=98)
    assert buf.tell() > 300_000
    client.force_login(anggota_kim_tapalang)
    r = client.post(reverse("musyawarah:topik", args=[topik.pk]),
                    {"isi": "Foto jalannya", "foto": SimpleUploadedFile("j.jpg", buf.getvalue(), "image/jpeg")})
    assert r.status_code == 302
    lamp = topik.lampiran.get()
    assert lamp.ukuran <= services.MAKS_BYTES_FOTO
    assert client.get(reverse("musyawarah:lampiran", args=[lamp.pk])).status_code == 200
    client.force_login(warga)
    assert client.get(reverse("musyawarah:lampiran", args=[lamp.pk])).status_code == 404


def test_results_hidden_until_closing_when_chosen(client, topik, pengurus_kim_tapalang, anggota_kim_tapalang):
    j = buat_jajak(topik, pengurus_kim_tapalang, jenis=JenisJajak.PILIHAN_TUNGGAL, opsi=["Sabtu", "Minggu"],
                   sembunyikan_hasil=True)
    services.suara_berikan(actor=anggota_kim_tapalang, jajak=j, nilai={j.opsi.first().pk: 1})
    client.force_login(anggota_kim_tapalang)
    r = client.get(reverse("musyawarah:topik", args=[topik.pk]))
    assert "Hasil disembunyikan" in r.text and "orang memberi suara" not in r.text
    type(j).objects.filter(pk=j.pk).update(ditutup_pada=timezone.now() - timedelta(seconds=1))
    r = client.get(reverse("musyawarah:topik", args=[topik.pk]))
    assert "1 orang memberi suara" in r.text


def test_vote_values_are_checked_per_poll_type(topik, pengurus_kim_tapalang, anggota_kim_tapalang):
    cases = [
        (JenisJajak.PILIHAN_TUNGGAL, lambda ids: {ids[0]: 1, ids[1]: 1}, "Pilih satu"),
        (JenisJajak.PERINGKAT, lambda ids: {ids[0]: 1, ids[1]: 1}, "berurutan"),
        (JenisJajak.SKOR, lambda ids: {ids[0]: 9}, "paling tinggi"),
        (JenisJajak.TITIK, lambda ids: {ids[0]: 4, ids[1]: 4}, "titik"),
    ]
    for jenis, nilai, pesan in cases:
        j = buat_jajak(topik, pengurus_kim_tapalang, jenis=jenis, opsi=["A", "B", "C"])
        ids = list(j.opsi.values_list("pk", flat=True))
        with pytest.raises(services.ValidationError, match=pesan):
            services.suara_berikan(actor=anggota_kim_tapalang, jajak=j, nilai=nilai(ids))
    j = buat_jajak(topik, pengurus_kim_tapalang, jenis=JenisJajak.WAKTU_RAPAT,
                   opsi=[timezone.now() + timedelta(days=3), timezone.now() + timedelta(days=4)])
    ids = list(j.opsi.values_list("pk", flat=True))
    services.suara_berikan(actor=anggota_kim_tapalang, jajak=j, nilai={ids[0]: 2, ids[1]: 1})
    hasil = services.selectors.hasil_jajak(j)
    assert [b.teks for b in hasil.baris] == ["1 bisa, 0 mungkin", "0 bisa, 1 mungkin"]


def test_quorum_is_reported(topik, pengurus_kim_tapalang, anggota_kim_tapalang):
    j = buat_jajak(topik, pengurus_kim_tapalang, kuorum=3)
    services.suara_berikan(actor=anggota_kim_tapalang, jajak=j, posisi="setuju")
    h = services.selectors.hasil_jajak(j)
    assert not h.kuorum_tercapai and any("Kuorum belum tercapai" in c for c in h.catatan)


def test_face_to_face_meeting_records_minutes_attendance_tally_and_decision(
        client, topik, pengurus_kim_tapalang, anggota_kim_tapalang, kim_tapalang):
    hadir = list(kim_tapalang.anggota.values_list("pk", flat=True))
    client.force_login(pengurus_kim_tapalang)
    r = client.post(reverse("musyawarah:rapat_baru", args=[topik.pk]), {
        "waktu": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "tempat": "Balai Desa Orobatu", "notulen": "Dibuka ketua; warga sepakat memperbaiki jalan.",
        "hadir": [str(h) for h in hadir], "hadir_lain": 4,
        "sk-0-label": "Setuju", "sk-0-jumlah": 9, "sk-1-label": "Tidak setuju", "sk-1-jumlah": 1,
        "pernyataan": "Jalan diperbaiki swadaya bulan ini.",
        "tl-0-judul": "Susun anggaran", "tl-0-pj": anggota_kim_tapalang.pk,
        "tl-0-tenggat": (timezone.localdate() + timedelta(days=5)).isoformat(),
    })
    assert r.status_code == 302, r.content
    kep = Keputusan.objects.get(rapat__isnull=False)
    assert kep.rapat.hadir.count() == len(hadir)
    assert kep.hasil["suara_kertas"] == [{"label": "Setuju", "jumlah": 9}, {"label": "Tidak setuju", "jumlah": 1}]
    assert kep.tindak_lanjut.count() == 1


def test_region_office_sees_accountability_of_its_subtree_only(
        client, jajak, pengurus_kim_tapalang, anggota_kim_tapalang, diskominfo_mamuju, diskominfo_makassar,
        camat_tapalang, kim_makassar):
    _putuskan(jajak, pengurus_kim_tapalang, anggota_kim_tapalang)
    # a decision in Makassar
    ketua_mks = UserFactory()
    from simpul.core.testing.factories import PengurusFactory
    a = AnggotaFactory(kim=kim_makassar, user=ketua_mks)
    PengurusFactory(anggota=a, kim=kim_makassar)
    t2 = services.topik_create(actor=ketua_mks, kim=kim_makassar, judul="Drainase tersumbat",
                               deskripsi="Drainase di lorong 3 tersumbat sampah.")
    j2 = buat_jajak(t2, ketua_mks)
    _putuskan(j2, ketua_mks, ketua_mks, n=1)
    url = reverse("musyawarah:akuntabilitas")
    login_dengan_mfa(client, diskominfo_mamuju)
    r = client.get(url)
    assert "Jalan tani" in r.text and "Drainase" not in r.text
    assert client.get(url, {"wilayah": "73.71"}).status_code == 404
    assert client.get(url, {"kim": kim_makassar.pk}).status_code == 404
    assert client.get(url, {"wilayah": "76.02.02"}).status_code == 200
    tl = TindakLanjut.objects.filter(kim=kim_makassar).get()
    assert client.get(reverse("musyawarah:tindak_lanjut", args=[tl.pk])).status_code == 404
    tl_mmj = TindakLanjut.objects.filter(kim__desa__kode__startswith="76").first()
    r = client.get(reverse("musyawarah:tindak_lanjut", args=[tl_mmj.pk]))
    assert r.status_code == 200 and "Perbarui kemajuan" not in r.text  # read-only for the office
    login_dengan_mfa(client, diskominfo_makassar)
    r = client.get(url)
    assert "Drainase" in r.text and "Jalan tani" not in r.text
    login_dengan_mfa(client, camat_tapalang)
    assert "Jalan tani" in client.get(url).text


def test_accountability_counts_overdue_and_progress(jajak, pengurus_kim_tapalang, anggota_kim_tapalang,
                                                    diskominfo_mamuju):
    kep = _putuskan(jajak, pengurus_kim_tapalang, anggota_kim_tapalang, n=2)
    a, b = kep.tindak_lanjut.all()
    TindakLanjut.objects.filter(pk=a.pk).update(tenggat=timezone.localdate() - timedelta(days=2))
    services.tindak_lanjut_perbarui(actor=anggota_kim_tapalang, tindak_lanjut=b, progres=100, status="berjalan",
                                    catatan="Selesai dikerjakan.")
    r = services.selectors.ringkasan_akuntabilitas(user=diskominfo_mamuju)
    assert (r.keputusan, r.tindak_lanjut, r.selesai, r.terlambat, r.rata_progres) == (1, 2, 1, 1, 50)


def test_list_pages_have_a_fixed_query_budget(client, topik, pengurus_kim_tapalang, anggota_kim_tapalang,
                                              kim_tapalang, django_assert_max_num_queries, diskominfo_mamuju):
    for i in range(6):
        t = services.topik_create(actor=pengurus_kim_tapalang, kim=kim_tapalang, judul=f"Masalah nomor {i}",
                                  deskripsi="Uraian masalah bersama.")
        services.komentar_add(actor=anggota_kim_tapalang, topik=t, isi="Komentar @ketua-kim-orobatu")
        j = buat_jajak(t, pengurus_kim_tapalang, jenis=JenisJajak.SKOR, opsi=["A", "B"])
        services.suara_berikan(actor=anggota_kim_tapalang, jajak=j, nilai={j.opsi.first().pk: 3})
        _putuskan(j, pengurus_kim_tapalang, anggota_kim_tapalang)
    client.force_login(pengurus_kim_tapalang)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("musyawarah:beranda")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("musyawarah:akuntabilitas")).status_code == 200
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("musyawarah:akuntabilitas")).status_code == 200


def test_pages_are_light(client, topik, jajak, pengurus_kim_tapalang, anggota_kim_tapalang):
    kep = _putuskan(buat_jajak(topik, pengurus_kim_tapalang), pengurus_kim_tapalang, anggota_kim_tapalang)
    client.force_login(pengurus_kim_tapalang)
    for url in [reverse("musyawarah:beranda"), reverse("musyawarah:topik_baru"),
                reverse("musyawarah:topik", args=[topik.pk]), reverse("musyawarah:jajak_baru", args=[topik.pk]),
                reverse("musyawarah:putuskan", args=[jajak.pk]), reverse("musyawarah:rapat_baru", args=[topik.pk]),
                reverse("musyawarah:tindak_lanjut", args=[kep.tindak_lanjut.first().pk]),
                reverse("musyawarah:akuntabilitas")]:
        r = client.get(url)
        assert r.status_code == 200, url
        periksa_ringan(r, batas=50 * 1024)


def test_kecamatan_forum_is_open_to_members_of_every_kim_in_the_kecamatan(
        client, pengurus_kim_tapalang, anggota_kim_tapalang):
    kim2 = KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006"))
    tetangga = UserFactory()
    AnggotaFactory(kim=kim2, user=tetangga)
    t = services.topik_create(actor=pengurus_kim_tapalang, kecamatan="76.02.02", judul="Sinyal lemah se-kecamatan",
                              deskripsi="Banyak desa di Tapalang sulit sinyal.")
    assert t.kim is None and t.wilayah_kode == "76.02.02"
    client.force_login(tetangga)
    assert client.get(reverse("musyawarah:topik", args=[t.pk])).status_code == 200
    assert Notifikasi.objects.filter(user=tetangga, kunci=f"musyawarah.topik.{t.pk}.baru").exists()
    luar = UserFactory()
    AnggotaFactory(kim=KimFactory(desa=Wilayah.objects.get(kode="76.02.01.1002")), user=luar)
    client.force_login(luar)
    assert client.get(reverse("musyawarah:topik", args=[t.pk])).status_code == 404


def test_reminders_are_sent_once(topik, jajak, pengurus_kim_tapalang, anggota_kim_tapalang, anggota_lain):
    type(jajak).objects.filter(pk=jajak.pk).update(ditutup_pada=timezone.now() + timedelta(hours=5))
    services.suara_berikan(actor=anggota_kim_tapalang, jajak=jajak, posisi="setuju")
    n = services.kirim_pengingat_jajak()
    assert n == 2  # the ketua and Siti have not voted
    assert services.kirim_pengingat_jajak() == 0
    kep = _putuskan(jajak, pengurus_kim_tapalang, anggota_kim_tapalang, tenggat=timezone.localdate() + timedelta(days=2),
                    n=1)
    assert services.kirim_pengingat_tindak_lanjut() == 1
    assert services.kirim_pengingat_tindak_lanjut() == 0
    tl = kep.tindak_lanjut.get()
    assert services.kirim_pengingat_tindak_lanjut(timezone.localdate() + timedelta(days=2)) == 1  # due today
    assert services.kirim_pengingat_tindak_lanjut(timezone.localdate() + timedelta(days=5)) == 1  # overdue
    assert services.kirim_pengingat_tindak_lanjut(timezone.localdate() + timedelta(days=6)) == 0
    assert sorted(TindakLanjut.objects.get(pk=tl.pk).pengingat_terkirim) == ["h0", "h3", "lewat"]


def test_topic_from_an_aspiration_is_idempotent(pengurus_kim_tapalang, kim_tapalang):
    class Asp:
        pk = 4242
        kode = "ASP-TEST"
        judul = "Lampu jalan mati"
        isi = "Lampu jalan di dusun 2 mati sejak sebulan."

    t1 = services.topik_dari_aspirasi(actor=pengurus_kim_tapalang, aspirasi=Asp(), kim=kim_tapalang)
    t2 = services.topik_dari_aspirasi(actor=pengurus_kim_tapalang, aspirasi=Asp(), kim=kim_tapalang)
    assert t1.pk == t2.pk and Topik.objects.filter(sumber_jenis="aspirasi").count() == 1
    assert "ASP-TEST" in t1.deskripsi


def test_a_decision_is_raised_to_government_as_one_aspiration(client, jajak, pengurus_kim_tapalang,
                                                              anggota_kim_tapalang, kim_tapalang):
    from simpul.aspirasi.models import Aspirasi

    kep = _putuskan(jajak, pengurus_kim_tapalang, anggota_kim_tapalang, n=1)
    client.force_login(anggota_kim_tapalang)  # a plain member may not
    assert client.post(reverse("musyawarah:ajukan_aspirasi", args=[kep.pk])).status_code == 302
    assert not Aspirasi.objects.exists()
    client.force_login(pengurus_kim_tapalang)
    for _ in range(2):  # a retry raises nothing new
        assert client.post(reverse("musyawarah:ajukan_aspirasi", args=[kep.pk])).status_code == 302
    a = Aspirasi.objects.get()
    kep.refresh_from_db()
    assert kep.aspirasi_id == a.pk and a.kim_id == kim_tapalang.pk and "Kerja bakti" in a.isi


def test_an_aspiration_received_by_the_kim_becomes_a_topic(client, pengurus_kim_tapalang, anggota_kim_tapalang,
                                                           kim_tapalang, warga):
    from simpul.aspirasi import services as aspirasi_services

    a, _ = aspirasi_services.aspirasi_create(actor=warga, jenis="aspirasi", desa=kim_tapalang.desa_id,
                                             judul="Lampu jalan mati",
                                             isi="Lampu jalan di dusun 2 mati sejak sebulan lalu.", nama="Pak Udin")
    assert a.kim_id == kim_tapalang.pk  # a citizen's aspiration goes to the desa's KIM
    url = reverse("musyawarah:dari_aspirasi", args=[a.pk])
    client.force_login(warga)
    assert client.post(url).status_code == 404
    client.force_login(pengurus_kim_tapalang)
    r = client.post(url)
    assert r.status_code == 302
    t = Topik.objects.get(sumber_jenis="aspirasi", sumber_id=a.pk)
    assert client.post(url).url == r.url  # idempotent
    assert "Pak Udin" not in t.deskripsi  # the citizen's identity is not copied
