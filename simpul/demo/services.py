"""Demo data around Kabupaten Mamuju (Sulawesi Barat): one login per persona, KIMs in every stage
of formation, targets with deadlines. Loaded through the real services, so the history, events
and notifications are what a real installation would show.

Deterministic (fixed seed) and idempotent: a second load changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from simpul.akun.models import Penugasan, User
from simpul.core.peran import Peran
from simpul.kim import services as kim_services
from simpul.kim.models import Kim
from simpul.wilayah.models import Tingkat, Wilayah

SANDI_DEMO = "demo-simpul-2026"
KAB = "76.02"  # Kabupaten Mamuju
KEC_TAPALANG = "76.02.02"
DESA_OROBATU = "76.02.02.2003"
DESA_TAKANDEANG = "76.02.02.2006"


@dataclass(frozen=True)
class Persona:
    kunci: str
    nama: str
    email: str
    peran: str | None
    wilayah: str | None
    keterangan: str
    telepon: str | None = None


PERSONA = [
    Persona("komdigi", "Petugas Komdigi", "komdigi@demo.simpul.id", Peran.KOMDIGI, None,
            "Komdigi: seluruh Indonesia"),
    Persona("diskominfo_sulbar", "Diskominfo Sulawesi Barat", "sulbar@demo.simpul.id", Peran.DISKOMINFO_PROV,
            "76", "Diskominfo provinsi Sulawesi Barat"),
    Persona("diskominfo_mamuju", "Diskominfo Kabupaten Mamuju", "mamuju@demo.simpul.id",
            Peran.DISKOMINFO_KABKOTA, KAB, "Diskominfo kabupaten: verifikasi KIM, target"),
    Persona("camat_tapalang", "Operator Kecamatan Tapalang", "tapalang@demo.simpul.id", Peran.KECAMATAN,
            KEC_TAPALANG, "Kecamatan Tapalang"),
    Persona("operator_desa_orobatu", "Operator Desa Orobatu", "orobatu@demo.simpul.id", Peran.DESA,
            DESA_OROBATU, "Desa Orobatu"),
    Persona("pengurus_kim_tapalang", "Rahmawati (Ketua KIM Orobatu Bersatu)", "ketua@demo.simpul.id", None,
            None, "Ketua KIM Orobatu Bersatu (juga bisa masuk dengan HP 0812 0000 0001)", "+6281200000001"),
    Persona("anggota_kim_tapalang", "Syamsul (Anggota KIM Orobatu Bersatu)", "anggota@demo.simpul.id", None,
            None, "Anggota KIM Orobatu Bersatu"),
    Persona("warga", "Warga Takandeang", "warga@demo.simpul.id", None, None,
            "Warga yang sedang membentuk KIM di Desa Takandeang (draf)"),
]

NAMA_DEPAN = ["Andi", "Muh.", "Siti", "Nur", "Rahmat", "Hasnah", "Ilham", "Fitri", "Syahrul", "Marlina",
              "Asri", "Irwan", "Yusuf", "Hartini", "Sukardi", "Wahyuni", "Darmawan", "Nurhayati", "Arif", "Sri"]
NAMA_BELAKANG = ["Patta", "Baso", "Saleh", "Rauf", "Hamid", "Latif", "Syam", "Maulana", "Ramli", "Tahir",
                 "Mansyur", "Kadir", "Jufri", "Haris", "Sudirman", "Amir"]
NAMA_KIM = ["Bersatu", "Maju", "Cerdas", "Mandiri", "Sipakatau", "Malaqbi", "Informasi Warga", "Suara Desa",
            "Pelita", "Harapan", "Sejahtera", "Lestari", "Bahari", "Manakarra", "Sauan Sibarrung"]

# A minimal, valid one-page PDF (the SK and founding documents of the demo KIMs).
PDF_DEMO = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 72 770 Td (Dokumen demo Simpul) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"xref\n0 6\n0000000000 65535 f \ntrailer<</Size 6/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def sudah_dimuat() -> bool:
    return User.objects.filter(email=PERSONA[0].email).exists()


def _user(p: Persona) -> User:
    user = User(nama=p.nama, email=p.email, telepon=p.telepon)
    user.set_password(SANDI_DEMO)
    user.save()
    if p.peran:
        wilayah = Wilayah.objects.get(kode=p.wilayah) if p.wilayah else None
        Penugasan.objects.create(user=user, peran=p.peran, wilayah=wilayah)
    return user


def _pdf(nama: str) -> ContentFile:
    return ContentFile(PDF_DEMO, name=nama)


def _nama_orang(rng: random.Random) -> str:
    return f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}"


def _kim_lengkap(*, actor, desa: Wilayah, nama: str, rng: random.Random, sumber_dana, ketua_user=None,
                 anggota_user=None, sk_berakhir: date | None = None) -> Kim:
    """A KIM with members, core officers, an SK and founding documents, ready to submit."""
    if ketua_user is not None:
        kim = kim_services.kim_create_draft(
            actor=ketua_user, nama=nama, desa=desa, alamat=f"Sekretariat {nama}, {desa.nama}",
            telepon="0812" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
            tanggal_berdiri=date(2024, rng.randint(1, 12), rng.randint(1, 28)), sumber_dana=sumber_dana,
            deskripsi=f"{nama} menyebarkan informasi pemerintah dan menampung aspirasi warga {desa.nama}.",
            kelompok_umur_pembuat="36-45", jenis_kelamin_pembuat="P",
        )
        ketua = kim.anggota.get(user=ketua_user)
    else:
        kim = kim_services.kim_create_draft(
            actor=actor, nama=nama, desa=desa, alamat=f"Balai {desa.nama_lengkap}",
            telepon="0813" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
            tanggal_berdiri=date(2023 + rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28)),
            sumber_dana=sumber_dana,
            deskripsi=f"{nama} menyebarkan informasi pemerintah dan menampung aspirasi warga {desa.nama}.",
        )
        ketua = kim_services.anggota_add(actor=actor, kim=kim, nama=_nama_orang(rng), jenis_kelamin="L",
                                         kelompok_umur="36-45")
    pelaku = ketua_user or actor
    sekretaris = kim_services.anggota_add(actor=pelaku, kim=kim, nama=_nama_orang(rng), jenis_kelamin="P",
                                          kelompok_umur="26-35")
    bendahara = kim_services.anggota_add(actor=pelaku, kim=kim, nama=_nama_orang(rng), jenis_kelamin="P",
                                         kelompok_umur="46-55")
    for _i in range(rng.randint(2, 9)):
        kim_services.anggota_add(actor=pelaku, kim=kim, nama=_nama_orang(rng), jenis_kelamin=rng.choice("LP"),
                                 kelompok_umur=rng.choice(["18-25", "26-35", "36-45", "46-55", "56+"]))
    if anggota_user is not None:
        from simpul.kim.models import Anggota

        Anggota.objects.create(kim=kim, user=anggota_user, nama=anggota_user.nama, kelompok_umur="18-25",
                               jenis_kelamin="L")
    kim_services.pengurus_inti_set(actor=pelaku, kim=kim, ketua=ketua, sekretaris=sekretaris, bendahara=bendahara)
    tanggal_sk = date(2025, rng.randint(1, 12), rng.randint(1, 28))
    kim_services.sk_upload(
        actor=pelaku, kim=kim, nomor=f"{rng.randint(10, 99)}/KPTS/DS/{tanggal_sk.year}", tanggal=tanggal_sk,
        penerbit_jenis="kepala_desa" if desa.jenis == "desa" else "lurah",
        penerbit_nama=f"Kepala {desa.nama_lengkap}",
        berlaku_sampai=sk_berakhir or date(tanggal_sk.year + 3, tanggal_sk.month, tanggal_sk.day),
        berkas=_pdf("sk.pdf"),
    )
    kim_services.dokumen_upload(actor=pelaku, kim=kim, jenis="notulen", berkas=_pdf("notulen.pdf"))
    kim_services.dokumen_upload(actor=pelaku, kim=kim, jenis="daftar_hadir", berkas=_pdf("hadir.pdf"))
    return kim


def _checklist():
    return [k for k, _label in kim_services.CHECKLIST_VERIFIKASI]


@dataclass
class KonteksDemo:
    """What a domain app's ``demo.py`` gets: the persona users by key (``PERSONA``), the persona
    KIM (KIM Orobatu Bersatu), the demo kabupaten's code and a seeded random generator."""

    users: dict[str, User]
    kim: Kim
    kab: str
    rng: random.Random


def akun_pengurus(ctx: KonteksDemo, kim: Kim, jabatan: str, *, email: str, bisa_masuk: bool = True) -> User | None:
    """The account of ``kim``'s officer in ``jabatan``, linked through the registry's service
    (the registry demo creates officers without accounts); None if the KIM has no such officer.
    ``bisa_masuk=False`` makes an account that cannot sign in (it only acts in the demo)."""
    from simpul.kim.models import Pengurus

    p = (Pengurus.objects.filter(kim=kim, jabatan=jabatan, diberhentikan__isnull=True)
         .select_related("anggota__user", "anggota__kim").first())
    if p is None:
        return None
    if p.anggota.user_id:
        return p.anggota.user
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(nama=p.anggota.nama, email=email)
        if bisa_masuk:
            user.set_password(SANDI_DEMO)
        else:
            user.set_unusable_password()
        user.save()
    kim_services.anggota_tautkan_akun(actor=ctx.users["diskominfo_mamuju"], anggota=p.anggota, user=user)
    return user


def demo_load(*, seed: int = 2026) -> dict[str, int]:
    """Load the demo: the registry here, then each domain app's own ``simpul/<app>/demo.py``
    (``muat(ctx: KonteksDemo) -> dict[str, int]``, idempotent on its own, so an app added later
    fills an installation whose registry demo is already loaded). Returns what was created."""
    counts = {f"KIM {k}": v for k, v in _muat_registri(seed).items()}
    ctx = KonteksDemo(users={p.kunci: User.objects.get(email=p.email) for p in PERSONA},
                      kim=Kim.objects.get(desa__kode=DESA_OROBATU, nama="KIM Orobatu Bersatu"),
                      kab=KAB, rng=random.Random(seed))
    for config in apps.get_app_configs():
        if not config.name.startswith("simpul.") or find_spec(f"{config.name}.demo") is None:
            continue
        muat = getattr(import_module(f"{config.name}.demo"), "muat", None)
        if muat is None:
            continue
        with transaction.atomic():
            for k, v in (muat(ctx) or {}).items():
                if v:
                    counts[f"{config.label} {k}"] = v
    return counts


@transaction.atomic
def _muat_registri(seed: int) -> dict[str, int]:
    if sudah_dimuat():
        return {}
    rng = random.Random(seed)
    users = {p.kunci: _user(p) for p in PERSONA}
    kantor = users["diskominfo_mamuju"]
    counts = {"aktif": 0, "diajukan": 0, "perlu_revisi": 0, "ditolak": 0, "dibekukan": 0, "draf": 0}

    # The persona KIM: active, led by the ketua persona, with an SK that ends in 25 days (reminders).
    orobatu = Wilayah.objects.get(kode=DESA_OROBATU)
    kim = _kim_lengkap(actor=kantor, desa=orobatu, nama="KIM Orobatu Bersatu", rng=rng, sumber_dana=["iuran", "usaha"],
                       ketua_user=users["pengurus_kim_tapalang"], anggota_user=users["anggota_kim_tapalang"],
                       sk_berakhir=timezone.localdate() + timedelta(days=25))
    kim_services.kim_submit(actor=users["pengurus_kim_tapalang"], kim=kim)
    kim_services.kim_approve(actor=kantor, kim=kim, checklist=_checklist())
    counts["aktif"] += 1

    # The warga persona is forming a KIM in Takandeang: a draft at step 2.
    draf = kim_services.kim_create_draft(actor=users["warga"], nama="KIM Takandeang Informasi",
                                         desa=DESA_TAKANDEANG, kelompok_umur_pembuat="26-35",
                                         jenis_kelamin_pembuat="L", sumber_dana=["iuran"])
    kim_services.kim_set_langkah(actor=users["warga"], kim=draf, langkah=2)
    counts["draf"] += 1

    # Across Kabupaten Mamuju: about half of the desa get a KIM, in every stage.
    desa_list = list(Wilayah.objects.filter(kode__startswith=KAB + ".", tingkat=Tingkat.DESA, aktif=True)
                     .exclude(kode__in=[DESA_OROBATU, DESA_TAKANDEANG]).order_by("kode"))
    rng.shuffle(desa_list)
    jumlah = len(desa_list) // 2
    # One cycle of 20: 13 active, 2 submitted (the verification queue), 1 to revise, 1 rejected,
    # 1 frozen, 2 drafts.
    tahap = ["aktif", "aktif", "diajukan", "aktif", "aktif", "perlu_revisi", "aktif", "aktif", "draf", "aktif",
             "dibekukan", "aktif", "aktif", "diajukan", "aktif", "ditolak", "aktif", "aktif", "draf", "aktif"]
    for i, desa in enumerate(desa_list[:jumlah]):
        status = tahap[i % len(tahap)]
        nama = f"KIM {desa.nama} {rng.choice(NAMA_KIM)}"
        dana = rng.choice([["iuran"], ["iuran", "usaha"], ["dana_desa"], ["dana_desa", "iuran"], ["apbd"],
                           ["hibah", "usaha"]])
        if status == "draf":
            kim_services.kim_create_draft(actor=kantor, nama=nama, desa=desa, sumber_dana=dana)
            counts["draf"] += 1
            continue
        k = _kim_lengkap(actor=kantor, desa=desa, nama=nama, rng=rng, sumber_dana=dana)
        kim_services.kim_submit(actor=kantor, kim=k)
        if status == "perlu_revisi":
            kim_services.kim_request_revision(actor=kantor, kim=k, catatan="Foto daftar hadir tidak terbaca; "
                                              "unggah ulang dengan resolusi lebih baik.")
        elif status == "ditolak":
            kim_services.kim_reject(actor=kantor, kim=k, alasan="Pengurus yang sama sudah terdaftar di KIM lain "
                                    "di desa ini.")
        elif status in ("aktif", "dibekukan"):
            kim_services.kim_approve(actor=kantor, kim=k, checklist=_checklist())
            if status == "dibekukan":
                kim_services.kim_freeze(actor=kantor, kim=k, alasan="Tidak ada kegiatan selama 12 bulan.")
        counts[status] += 1

    # A few active KIMs elsewhere in Sulawesi Barat, so the province view has something to compare.
    lain = list(Wilayah.objects.filter(kode__startswith="76.", tingkat=Tingkat.DESA, aktif=True)
                .exclude(kode__startswith=KAB + ".").order_by("kode"))
    verifikator: dict[str, User] = {}
    for desa in rng.sample(lain, min(40, len(lain))):
        kab = desa.kode[:5]
        if kab not in verifikator:
            verifikator[kab] = _user(Persona(f"kab{kab}", f"Diskominfo {Wilayah.objects.get(kode=kab).nama}",
                                             f"kab{kab.replace('.', '')}@demo.simpul.id", Peran.DISKOMINFO_KABKOTA,
                                             kab, ""))
        k = _kim_lengkap(actor=verifikator[kab], desa=desa, nama=f"KIM {desa.nama} {rng.choice(NAMA_KIM)}",
                         rng=rng, sumber_dana=rng.choice([["iuran"], ["dana_desa"], ["iuran", "usaha"]]))
        kim_services.kim_submit(actor=verifikator[kab], kim=k)
        kim_services.kim_approve(actor=verifikator[kab], kim=k, checklist=_checklist())
        counts["aktif"] += 1

    _targets(users)
    return counts


def _targets(users: dict[str, User]) -> None:
    """Coverage targets, when the cakupan services are present."""
    try:
        from simpul.cakupan.services import target_set
    except ImportError:  # pragma: no cover
        return
    tahun = timezone.localdate().year
    target_set(actor=users["komdigi"], wilayah_kode=None, jenis="kim_per_desa", tenggat=date(tahun + 4, 12, 31),
               catatan="Seluruh desa/kelurahan memiliki KIM")
    target_set(actor=users["diskominfo_sulbar"], wilayah_kode="76", jenis="kim_per_desa",
               tenggat=date(tahun + 1, 12, 31), catatan="Program pengembangan KIM Sulawesi Barat")
    target_set(actor=users["diskominfo_mamuju"], wilayah_kode=KAB, jenis="kim_per_desa",
               tenggat=date(tahun, 12, 31), catatan="100% desa/kelurahan memiliki KIM")
    target_set(actor=users["diskominfo_mamuju"], wilayah_kode=KAB, jenis="mandiri_per_kecamatan",
               tenggat=date(tahun + 1, 6, 30), catatan="Minimal satu KIM mandiri di setiap kecamatan")
