import pytest
from django.utils import timezone

from simpul.akun.models import User
from simpul.demo.services import demo_load
from simpul.fasilitas.models import Fasilitas, FasilitasEvent
from simpul.pembinaan import selectors
from simpul.pembinaan.models import Kegiatan, Peserta
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def test_demo_loads_events_and_facilities_once():
    """Sosialisasi in every kecamatan of Mamuju, a pelatihan with certificates, a bimtek open for
    registration, wifi points with a status history; a second load adds nothing."""
    demo_load()
    kec = Wilayah.objects.filter(induk_id="76.02", tingkat=3, aktif=True).count()
    assert Kegiatan.objects.filter(jenis="sosialisasi", status="terbit").count() == kec
    pelatihan = Kegiatan.objects.get(jenis="pelatihan")
    assert pelatihan.peserta.filter(sertifikat_kode__isnull=False).count() >= 2
    bimtek = Kegiatan.objects.get(jenis="bimtek")
    assert bimtek.pendaftaran_buka
    assert Fasilitas.objects.filter(jenis="wifi").count() >= 2
    assert FasilitasEvent.objects.filter(jenis="status").exists()
    n = (Kegiatan.objects.count(), Peserta.objects.count(), Fasilitas.objects.count())
    demo_load()
    assert (Kegiatan.objects.count(), Peserta.objects.count(), Fasilitas.objects.count()) == n
    kantor = User.objects.get(email="mamuju@demo.simpul.id")
    prog = selectors.jangkauan_per_program(user=kantor, tahun=timezone.localdate().year, wilayah="76.02")
    sos = [p for p in prog if p.jenis == "sosialisasi"][0]
    assert sos.kecamatan == kec
