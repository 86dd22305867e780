from datetime import timedelta

import factory
from django.utils import timezone

from simpul.akun.models import Penugasan, User
from simpul.core.peran import Jabatan
from simpul.core.teks import normalisasi
from simpul.kim.models import Anggota, Kim, Pengurus, StatusKim
from simpul.wilayah.models import Wilayah


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    nama = factory.Faker("name", locale="id_ID")
    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-simpul-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PenugasanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Penugasan

    user = factory.SubFactory(UserFactory)
    peran = "diskominfo_kabkota"
    wilayah = None


class KimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kim

    nama = factory.Sequence(lambda n: f"KIM Contoh {n}")
    nama_normal = factory.LazyAttribute(lambda o: normalisasi(o.nama))
    slug = factory.Sequence(lambda n: f"kim-contoh-{n}")
    desa = factory.LazyFunction(lambda: Wilayah.objects.get(kode="76.02.02.2003"))
    status = StatusKim.AKTIF
    aktif_sejak = factory.LazyFunction(timezone.now)
    sumber_dana = factory.LazyFunction(lambda: ["iuran"])
    mandiri = True


class AnggotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Anggota

    kim = factory.SubFactory(KimFactory)
    nama = factory.Faker("name", locale="id_ID")
    jenis_kelamin = "P"
    kelompok_umur = "26-35"


class PengurusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pengurus

    anggota = factory.SubFactory(AnggotaFactory)
    kim = factory.SelfAttribute("anggota.kim")
    jabatan = Jabatan.KETUA


class SuratKeputusanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kim.SuratKeputusan"

    kim = factory.SubFactory(KimFactory)
    nomor = factory.Sequence(lambda n: f"141/{n:03d}/KPTS/2025")
    tanggal = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    penerbit_jenis = "kepala_desa"
    penerbit_nama = "Kepala Desa Orobatu"
    berlaku_sampai = factory.LazyAttribute(lambda o: o.tanggal + timedelta(days=3 * 365))
    berkas = factory.django.FileField(filename="sk.pdf", data=b"%PDF-1.4 uji")
    berkas_jenis = "application/pdf"
    berkas_ukuran = 12
