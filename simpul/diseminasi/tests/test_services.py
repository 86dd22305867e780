from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.testing.factories import KimFactory
from simpul.diseminasi import services, tasks
from simpul.diseminasi.models import KampanyeEvent, LaporanJangkauan, Penerimaan
from simpul.kim.models import StatusKim
from simpul.notifikasi.models import Notifikasi
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db
DESA_LAIN = "76.02.02.2006"


def _kim(kode, **kw):
    return KimFactory(desa=Wilayah.objects.get(kode=kode), **kw)


def test_an_office_cannot_target_outside_its_subtree(buat_kampanye, diskominfo_mamuju, diskominfo_makassar):
    with pytest.raises(NotFound) as exc:
        buat_kampanye(diskominfo_mamuju, target=["76.02.02", "73.71"])
    assert exc.value.field == "target"
    with pytest.raises(NotFound):
        buat_kampanye(diskominfo_makassar, target=["76"])
    k = buat_kampanye(diskominfo_mamuju, target=["76.02.02", "76.02.02.2003", "76.02"])
    assert list(k.target.values_list("wilayah_id", flat=True)) == ["76.02"]  # covered codes dropped


def test_campaign_input_is_validated(buat_kampanye, diskominfo_mamuju):
    hari_ini = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        buat_kampanye(diskominfo_mamuju, target=["99.99"])
    assert exc.value.field == "target"
    with pytest.raises(ValidationError) as exc:
        buat_kampanye(diskominfo_mamuju, mulai=hari_ini, selesai=hari_ini - timedelta(days=1))
    assert exc.value.field == "selesai"
    with pytest.raises(ValidationError) as exc:
        buat_kampanye(diskominfo_mamuju, kategori="gosip")
    assert exc.value.field == "kategori"
    with pytest.raises(ValidationError):
        buat_kampanye(diskominfo_mamuju, target=[])


def test_kim_members_and_other_citizens_cannot_write_campaigns(buat_kampanye, pengurus_kim_tapalang, warga):
    for u in (pengurus_kim_tapalang, warga):
        with pytest.raises(NotFound):
            buat_kampanye(u)


def test_publish_creates_one_delivery_per_active_kim_and_is_idempotent(
        buat_kampanye, diskominfo_mamuju, kim_tapalang, kim_makassar, django_capture_on_commit_callbacks):
    lain = _kim(DESA_LAIN)
    _kim(DESA_LAIN, status=StatusKim.DRAF)
    _kim(DESA_LAIN, status=StatusKim.DIBEKUKAN)
    _kim("76.02.03.1001")  # another kecamatan: not targeted
    k = buat_kampanye(diskominfo_mamuju)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k) == 2
    assert set(Penerimaan.objects.filter(kampanye=k).values_list("kim_id", flat=True)) == {kim_tapalang.pk, lain.pk}
    assert services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k) == 0
    assert services.sebarkan(k.pk) == 0  # a retried task
    assert Penerimaan.objects.filter(kampanye=k).count() == 2
    assert KampanyeEvent.objects.filter(kampanye=k, jenis="diterbitkan").count() == 1
    d = Penerimaan.objects.get(kampanye=k, kim=kim_tapalang)
    assert d.desa_kode == kim_tapalang.desa_id


def test_publish_notifies_the_officers_once(pengurus_kim_tapalang, anggota_kim_tapalang, terbit):
    assert Notifikasi.objects.filter(user=pengurus_kim_tapalang, kunci=f"diseminasi:kampanye:{terbit.pk}").count() == 1
    assert not Notifikasi.objects.filter(user=anggota_kim_tapalang).exists()
    assert services.beritahu_penerimaan(terbit.pk) == 0
    assert not Penerimaan.objects.filter(kampanye=terbit, diberitahu_pada__isnull=True).exists()


def test_a_kim_activated_while_the_campaign_runs_receives_it(terbit, django_capture_on_commit_callbacks):
    baru = _kim(DESA_LAIN, status=StatusKim.DIAJUKAN)
    assert tasks.kampanye_untuk_kim.call(baru.pk) == 0  # not active yet
    baru.status = StatusKim.AKTIF
    baru.save()
    assert tasks.kampanye_untuk_kim.call(baru.pk) == 1
    assert tasks.kampanye_untuk_kim.call(baru.pk) == 0
    assert Penerimaan.objects.filter(kampanye=terbit, kim=baru).count() == 1
    # the periodic top-up catches activations the hook did not see
    lagi = _kim(DESA_LAIN)
    tasks.isi_ulang_penerimaan.call()
    assert Penerimaan.objects.filter(kampanye=terbit, kim=lagi).exists()


def test_ended_or_closed_campaigns_do_not_reach_new_kims(terbit, diskominfo_mamuju):
    services.kampanye_close(actor=diskominfo_mamuju, kampanye=terbit)
    baru = _kim(DESA_LAIN)
    assert services.sebarkan_ke_kim(baru.pk) == 0


def _lapor(user, p, **kw):
    data = {"saluran": "grup_whatsapp", "tanggal": timezone.localdate(), "jumlah_orang": 40,
            "kunci": "kunci-uji-0001"}
    data.update(kw)
    return services.laporan_create(actor=user, penerimaan=p, **data)


def test_reports_are_idempotent_and_update_the_delivery(terbit, anggota_kim_tapalang, kim_tapalang):
    p = Penerimaan.objects.get(kampanye=terbit, kim=kim_tapalang)
    a = _lapor(anggota_kim_tapalang, p)
    b = _lapor(anggota_kim_tapalang, p)  # double submit on a weak signal
    assert a.pk == b.pk
    _lapor(anggota_kim_tapalang, p, kunci="kunci-uji-0002", saluran="pengeras_suara", jumlah_orang=120)
    p.refresh_from_db()
    assert (p.jumlah_laporan, p.jangkauan) == (2, 160)
    assert p.diakui_pada is not None and p.dilaporkan_pada is not None
    assert LaporanJangkauan.objects.filter(penerimaan=p).count() == 2


@pytest.mark.parametrize(("kw", "field"), [
    ({"jumlah_orang": -1}, "jumlah_orang"),
    ({"jumlah_orang": "banyak"}, "jumlah_orang"),
    ({"tanggal": "future"}, "tanggal"),
    ({"tanggal": "before"}, "tanggal"),
    ({"saluran": "merpati"}, "saluran"),
    ({"tautan": "javascript:alert(1)"}, "tautan"),
    ({"kunci": "x"}, "kunci"),
])
def test_bad_reports_are_refused_with_the_field(terbit, anggota_kim_tapalang, kim_tapalang, kw, field):
    p = Penerimaan.objects.get(kampanye=terbit, kim=kim_tapalang)
    if kw.get("tanggal") == "future":
        kw["tanggal"] = timezone.localdate() + timedelta(days=1)
    elif kw.get("tanggal") == "before":
        kw["tanggal"] = terbit.mulai - timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _lapor(anggota_kim_tapalang, p, **kw)
    assert exc.value.field == field
    assert not LaporanJangkauan.objects.exists()


def test_a_photo_that_is_not_a_photo_is_refused(terbit, anggota_kim_tapalang, kim_tapalang):
    p = Penerimaan.objects.get(kampanye=terbit, kim=kim_tapalang)
    with pytest.raises(ValidationError) as exc:
        _lapor(anggota_kim_tapalang, p, foto=SimpleUploadedFile("a.jpg", b"MZ not an image", "image/jpeg"))
    assert exc.value.field == "foto"


def test_only_the_receiving_kim_may_acknowledge_or_report(terbit, kim_tapalang, kim_makassar, warga,
                                                          diskominfo_mamuju):
    from simpul.core.testing.factories import AnggotaFactory, UserFactory

    orang_lain = UserFactory(nama="Anggota Makassar", email="a.mks@contoh.id")
    AnggotaFactory(kim=kim_makassar, user=orang_lain)
    p = Penerimaan.objects.get(kampanye=terbit, kim=kim_tapalang)
    for u in (orang_lain, warga, diskominfo_mamuju):
        with pytest.raises(NotFound):
            services.penerimaan_acknowledge(actor=u, penerimaan=p)
        with pytest.raises(NotFound):
            _lapor(u, p)


def test_closed_campaign_takes_no_reports(terbit, diskominfo_mamuju, anggota_kim_tapalang, kim_tapalang):
    services.kampanye_close(actor=diskominfo_mamuju, kampanye=terbit)
    p = Penerimaan.objects.get(kampanye=terbit, kim=kim_tapalang)
    with pytest.raises(Conflict):
        _lapor(anggota_kim_tapalang, p)
    assert KampanyeEvent.objects.filter(kampanye=terbit, jenis="ditutup").exists()


def test_remind_once_a_day_only_those_without_report(pengurus_kim_tapalang, terbit, diskominfo_mamuju,
                                                     kim_tapalang, django_capture_on_commit_callbacks):
    lain = _kim(DESA_LAIN)
    services.kampanye_publish(actor=diskominfo_mamuju, kampanye=terbit)
    p = Penerimaan.objects.get(kampanye=terbit, kim=lain)
    LaporanJangkauan.objects.create(penerimaan=p, kampanye=terbit, saluran="lainnya", tanggal=timezone.localdate(),
                                    jumlah_orang=1, kunci="x" * 10)
    Penerimaan.objects.filter(pk=p.pk).update(jumlah_laporan=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.kampanye_remind(actor=diskominfo_mamuju, kampanye=terbit) == 1
    assert Notifikasi.objects.filter(user=pengurus_kim_tapalang, kunci__contains=":ingat:").count() == 1
    with pytest.raises(Conflict):
        services.kampanye_remind(actor=diskominfo_mamuju, kampanye=terbit)
    assert KampanyeEvent.objects.filter(kampanye=terbit, jenis="pengingat").count() == 1


def test_an_office_outside_cannot_touch_the_campaign(terbit, diskominfo_makassar):
    for fn in (services.kampanye_publish, services.kampanye_remind, services.kampanye_close):
        with pytest.raises(NotFound):
            fn(actor=diskominfo_makassar, kampanye=terbit)


def test_attachments_photo_reencoded_pdf_checked_wrong_type_refused(buat_kampanye, diskominfo_mamuju):
    import io

    from PIL import Image

    k = buat_kampanye(diskominfo_mamuju)
    buf = io.BytesIO()
    Image.new("RGB", (3000, 2000), (200, 10, 10)).save(buf, "PNG")
    g = services.lampiran_add(actor=diskominfo_mamuju, kampanye=k,
                              berkas=SimpleUploadedFile("poster.png", buf.getvalue(), "image/png"), judul="Poster")
    assert g.jenis == "gambar" and g.ukuran <= 150_000 and g.berkas.name.endswith(".jpg")
    pdf = services.lampiran_add(actor=diskominfo_mamuju, kampanye=k,
                                berkas=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"))
    assert pdf.jenis == "pdf"
    with pytest.raises(ValidationError):
        services.lampiran_add(actor=diskominfo_mamuju, kampanye=k,
                              berkas=SimpleUploadedFile("a.pdf", b"MZ\x90\x00evil", "application/pdf"))


def test_the_kim_lifecycle_hook_delivers_running_campaigns(terbit, diskominfo_mamuju,
                                                           django_capture_on_commit_callbacks):
    from simpul.kim import services as kim_services

    beku = _kim(DESA_LAIN, status=StatusKim.DIBEKUKAN)
    assert not Penerimaan.objects.filter(kim=beku).exists()
    with django_capture_on_commit_callbacks(execute=True):
        kim_services.kim_unfreeze(actor=diskominfo_mamuju, kim=beku, alasan="Sudah aktif lagi")
    assert Penerimaan.objects.filter(kampanye=terbit, kim=beku).count() == 1
