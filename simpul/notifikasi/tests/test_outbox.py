"""Outbox: retries with backoff, no duplicates, at-most-once on ambiguity, preferences, digest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.core.testing.factories import UserFactory
from simpul.notifikasi import services
from simpul.notifikasi.models import Notifikasi, Pesan, Preferensi, StatusPesan
from simpul.notifikasi.tasks import sapu_outbox

pytestmark = pytest.mark.django_db


def _wa(kunci="aspirasi:1:x", alamat="081234567890"):
    services.kirim_ke_kontak(kanal="whatsapp", alamat=alamat, kunci=kunci, judul="Judul", isi="Isi")
    return Pesan.objects.get(kunci=services.kunci_pesan(kunci, "whatsapp", services.normalisasi_alamat("whatsapp", alamat)))


def test_500_is_retried_with_exponential_backoff_and_sent_once(kanal_uji):
    http, _smtp = kanal_uji
    http.jawab(500, "upstream error", kali=2)
    p = _wa()
    t0 = timezone.now()
    assert services.jalankan_outbox(now=t0)["diulang"] == 1
    p.refresh_from_db()
    assert p.status == StatusPesan.ANTRI and p.percobaan == 1 and "HTTP 500" in p.galat_terakhir
    assert timedelta(seconds=30) <= p.coba_lagi_pada - t0 <= timedelta(seconds=37.5)
    # not due yet: nothing is sent
    assert services.jalankan_outbox(now=t0 + timedelta(seconds=29))["diulang"] == 0
    assert len(http.permintaan) == 1
    services.jalankan_outbox(now=t0 + timedelta(seconds=40))
    p.refresh_from_db()
    assert p.percobaan == 2 and timedelta(seconds=60) <= p.coba_lagi_pada - (t0 + timedelta(seconds=40)) <= timedelta(seconds=75)
    services.jalankan_outbox(now=t0 + timedelta(minutes=5))
    p.refresh_from_db()
    assert p.status == StatusPesan.TERKIRIM and p.percobaan == 3 and p.galat_terakhir == ""
    assert len(http.permintaan) == 3
    # running the worker again (a retried task) sends nothing more
    assert services.jalankan_outbox(now=t0 + timedelta(hours=1)) == {"terkirim": 0, "diulang": 0, "gagal": 0,
                                                                       "tidak_pasti": 0}
    assert len(http.permintaan) == 3


def test_attempts_run_out_and_the_message_fails(kanal_uji, settings):
    http, _smtp = kanal_uji
    settings.SIMPUL_OUTBOX = {"MAKS_PERCOBAAN": 3, "JEDA_DASAR": 1}
    http.atur(lambda req: (503, b"{}"))
    p = _wa()
    t = timezone.now()
    for i in range(5):
        services.jalankan_outbox(now=t + timedelta(hours=i))
    p.refresh_from_db()
    assert p.status == StatusPesan.GAGAL and p.percobaan == 3
    assert len(http.permintaan) == 3


def test_a_4xx_is_permanent(kanal_uji):
    http, _smtp = kanal_uji
    http.jawab(400, {"error": {"message": "(#131030) Recipient phone number not in allowed list", "code": 131030}})
    p = _wa()
    services.jalankan_outbox()
    services.jalankan_outbox(now=timezone.now() + timedelta(days=1))
    p.refresh_from_db()
    assert p.status == StatusPesan.GAGAL and "131030" in p.galat_terakhir
    assert len(http.permintaan) == 1


def test_429_is_retried(kanal_uji):
    http, _smtp = kanal_uji
    http.jawab(429, {"error": "rate"})
    p = _wa()
    services.jalankan_outbox()
    p.refresh_from_db()
    assert p.status == StatusPesan.ANTRI


def test_no_answer_after_sending_is_uncertain_and_never_resent_on_its_own(kanal_uji):
    http, _smtp = kanal_uji
    http.jawab(None)  # the provider reads the request, then the connection drops
    p = _wa()
    assert services.jalankan_outbox()["tidak_pasti"] == 1
    p.refresh_from_db()
    assert p.status == StatusPesan.TIDAK_PASTI
    sapu_outbox.call()
    services.jalankan_outbox(now=timezone.now() + timedelta(days=1))
    assert len(http.permintaan) == 1


def test_connection_refused_is_retried_because_nothing_left(kanal_uji, settings):
    settings.SIMPUL_TELEGRAM = {"BASE_URL": "http://127.0.0.1:9", "TOKEN": "1:x"}
    services.kirim_ke_kontak(kanal="telegram", alamat="55", kunci="k", judul="j", isi="i")
    services.jalankan_outbox()
    p = Pesan.objects.get()
    assert p.status == StatusPesan.ANTRI and p.percobaan == 1 and "connect" in p.galat_terakhir


def test_smtp_4xx_retries_and_5xx_fails(kanal_uji):
    _http, smtp = kanal_uji
    smtp.tolak.extend(["451 4.3.0 try later", "550 5.1.1 no such user"])
    services.kirim_ke_kontak(kanal="email", alamat="a@contoh.id", kunci="k1", judul="j", isi="i")
    services.kirim_ke_kontak(kanal="email", alamat="b@contoh.id", kunci="k2", judul="j", isi="i")
    services.jalankan_outbox()
    got = dict(Pesan.objects.values_list("alamat", "status"))
    assert got == {"a@contoh.id": "antri", "b@contoh.id": "gagal"}
    services.jalankan_outbox(now=timezone.now() + timedelta(minutes=5))
    assert Pesan.objects.get(alamat="a@contoh.id").status == "terkirim"
    assert [s.penerima for s in smtp.pesan] == [["a@contoh.id"]]


def test_claims_are_disjoint_and_a_claimed_row_is_not_claimed_again(kanal_uji):
    for i in range(5):
        services.kirim_ke_kontak(kanal="sms", alamat=f"08123456780{i}", kunci=f"k{i}", judul="j", isi="i")
    a = services.klaim(batas=3)
    b = services.klaim(batas=3)
    c = services.klaim(batas=3)
    assert len(a) == 3 and len(b) == 2 and c == []
    assert not {p.pk for p in a} & {p.pk for p in b}


def test_a_dead_workers_claim_becomes_uncertain_except_on_an_idempotent_gateway(kanal_uji, settings):
    services.kirim_ke_kontak(kanal="whatsapp", alamat="081234567890", kunci="k", judul="j", isi="i")
    services.kirim_ke_kontak(kanal="sms", alamat="081234567890", kunci="k", judul="j", isi="i")
    services.klaim(batas=10)  # the worker dies here, before recording anything
    later = timezone.now() + timedelta(minutes=11)
    assert services.pulihkan_klaim_basi(now=timezone.now()) == 0  # lease not expired yet
    assert services.pulihkan_klaim_basi(now=later) == 2
    assert dict(Pesan.objects.values_list("kanal", "status")) == {"whatsapp": "tidak_pasti", "sms": "tidak_pasti"}
    settings.SIMPUL_SMS = {**settings.SIMPUL_SMS, "IDEMPOTEN": True}
    Pesan.objects.update(status=StatusPesan.KIRIM)
    services.pulihkan_klaim_basi(now=later)
    assert dict(Pesan.objects.values_list("kanal", "status")) == {"whatsapp": "tidak_pasti", "sms": "antri"}


def test_admin_retry_requeues_a_failed_message_once(kanal_uji, komdigi):
    http, _smtp = kanal_uji
    http.jawab(400, "{}")
    p = _wa()
    services.jalankan_outbox()
    p.refresh_from_db()
    assert services.pesan_ulang(pesan=p, aktor=komdigi) is True
    assert services.pesan_ulang(pesan=p, aktor=komdigi) is False  # already queued
    services.jalankan_outbox()
    p.refresh_from_db()
    assert p.status == StatusPesan.TERKIRIM and len(http.permintaan) == 2


# --- preferences and digest ----------------------------------------------------------------------


def test_preferences_per_channel_and_event_type(kanal_uji, django_capture_on_commit_callbacks):
    http, smtp = kanal_uji
    u = UserFactory(email="u@contoh.id", telepon="+6281211112222")
    services.preferensi_simpan(user=u, mode={("email", ""): "langsung", ("email", "diseminasi"): "mati",
                                             ("sms", ""): "mati", ("sms", "aspirasi"): "langsung"})
    with django_capture_on_commit_callbacks(execute=True):
        services.notifikasi_kirim(users=[u], kunci="diseminasi:1:baru", judul="D", isi="")
        services.notifikasi_kirim(users=[u], kunci="aspirasi:2:baru", judul="A", isi="")
        services.notifikasi_kirim(users=[u], kunci="kim:3:x", judul="K", isi="")
    # in-app always; email for everything but campaigns; SMS only for aspirations
    assert Notifikasi.objects.filter(user=u).count() == 3
    assert sorted(s.pesan["Subject"] for s in smtp.pesan) == ["[Simpul] A", "[Simpul] K"]
    assert [r.form()["pesan"] for r in http.permintaan] == ["A"]


def test_notifying_again_with_the_same_key_sends_nothing(kanal_uji, django_capture_on_commit_callbacks):
    _http, smtp = kanal_uji
    u = UserFactory()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.notifikasi_kirim(users=[u, u], kunci="kim:9:e", judul="J")
    assert len(smtp.pesan) == 1 and Pesan.objects.count() == 1


def test_daily_digest_folds_the_days_messages_into_one_per_channel(kanal_uji, settings, django_capture_on_commit_callbacks):
    http, smtp = kanal_uji
    settings.SIMPUL_RINGKASAN_JAM = 7
    u = UserFactory(email="d@contoh.id")
    ProfilNotifikasi = services.ProfilNotifikasi
    ProfilNotifikasi.objects.create(user=u, telegram_chat_id="42")
    services.preferensi_simpan(user=u, mode={("email", ""): "ringkasan", ("telegram", ""): "ringkasan"})
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            services.notifikasi_kirim(users=[u], kunci=f"diseminasi:{i}:baru", judul=f"Kampanye {i}",
                                      url=f"/diseminasi/{i}/")
    assert not smtp.pesan and not http.permintaan
    assert Pesan.objects.filter(status=StatusPesan.TAHAN).count() == 6
    besok = timezone.localtime() + timedelta(days=1)
    setelah_jam7 = besok.replace(hour=7, minute=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.buat_ringkasan(now=setelah_jam7) == 2
    assert services.buat_ringkasan(now=setelah_jam7 + timedelta(hours=1)) == 0  # idempotent
    services.jalankan_outbox(now=setelah_jam7)
    [surat] = smtp.pesan
    assert "3 pemberitahuan" in surat.pesan["Subject"]
    body = surat.pesan.get_content()
    assert all(f"- Kampanye {i}" in body for i in range(3)) and "http://127.0.0.1:8000/diseminasi/2/" in body
    [tg] = http.permintaan
    assert tg.json()["chat_id"] == "42" and "- Kampanye 0" in tg.json()["text"]
    assert Pesan.objects.filter(status=StatusPesan.DIGABUNG).count() == 6


def test_digest_waits_for_the_cutoff(kanal_uji, settings):
    settings.SIMPUL_RINGKASAN_JAM = 7
    u = UserFactory()
    Preferensi.objects.create(user=u, kanal="email", jenis="", mode="ringkasan")
    services.notifikasi_kirim(users=[u], kunci="kim:1:a", judul="A")
    now = timezone.localtime()
    # before the next cut-off the held message stays held
    sebelum = (now + timedelta(days=1)).replace(hour=6, minute=0) if now.hour >= 7 else now.replace(hour=6, minute=59)
    if sebelum <= now:
        sebelum = now
    assert services.buat_ringkasan(now=sebelum) == 0
    assert Pesan.objects.get().status == StatusPesan.TAHAN


def test_preferences_refuse_unknown_values():
    u = UserFactory()
    from simpul.core import errors

    with pytest.raises(errors.ValidationError):
        services.preferensi_simpan(user=u, mode={("fax", ""): "langsung"})
    with pytest.raises(errors.ValidationError):
        services.preferensi_simpan(user=u, mode={("email", ""): "kadang"})
    with pytest.raises(errors.ValidationError):
        services.preferensi_simpan(user=u, mode={}, telegram_chat_id="abc")
    assert not Preferensi.objects.exists()


def test_a_batch_split_over_several_connections_sends_every_row_once(kanal_uji, settings):
    http, smtp = kanal_uji
    settings.SIMPUL_OUTBOX = {"JEDA_DASAR": 30, "PARALEL": 4, "MIN_PER_SLOT": 2}
    for i in range(24):
        services.kirim_ke_kontak(kanal="sms", alamat=f"0812345678{i:02d}", kunci=f"k{i}", judul="j", isi="i")
        services.kirim_ke_kontak(kanal="email", alamat=f"w{i}@contoh.id", kunci=f"k{i}", judul="j", isi="i")
    http.jawab(500, "upstream error", kali=1)  # one row meets a failure: retried later, not lost
    hasil = services.jalankan_outbox(batas=100)
    assert hasil["terkirim"] == 47 and hasil["diulang"] == 1
    assert sorted(s.penerima[0] for s in smtp.pesan) == sorted(f"w{i}@contoh.id" for i in range(24))
    refs = [r.form()["ref"] for r in http.permintaan]
    assert len(refs) == 24 and len(set(refs)) == 24  # each SMS row sent exactly once
    assert Pesan.objects.filter(status=StatusPesan.TERKIRIM, percobaan=1).count() == 47


def test_many_notifications_in_the_queries_of_one(django_assert_num_queries):
    """notifikasi_kirim_banyak: 50 notifications to two users cost what one costs (the read of
    existing rows and preferences, the in-app rows, the outbox rows); sent again, nothing new."""
    a, b = UserFactory(email="a@contoh.id"), UserFactory(email="b@contoh.id")
    Preferensi.objects.create(user=b, kanal="email", jenis="aspirasi", mode="mati")
    kabar = [services.Kabar(users=[a, b], kunci=f"aspirasi:{i}:masuk", judul=f"Aspirasi {i}") for i in range(50)]
    with django_assert_num_queries(3):
        assert services.notifikasi_kirim(users=[a, b], kunci="aspirasi:999:masuk", judul="Satu") == 2
    with django_assert_num_queries(3):
        assert services.notifikasi_kirim_banyak(kabar) == 100
    assert Notifikasi.objects.filter(kunci__startswith="aspirasi:").count() == 102
    # b turned email off for aspirations: only a's messages are queued
    assert set(Pesan.objects.values_list("user_id", flat=True)) == {a.pk}
    assert Pesan.objects.count() == 51
    with django_assert_num_queries(1):  # the read only: everyone has them, nothing is inserted or queued
        assert services.notifikasi_kirim_banyak(kabar) == 0
    assert Notifikasi.objects.count() == 102 and Pesan.objects.count() == 51
