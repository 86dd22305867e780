"""Background work of the KIM registry.

``pengingat_sk_kedaluwarsa`` runs once a day (``manage.py jadwal``): it reminds the officers of
each active KIM, and the desa's officials, that the KIM's SK is about to expire (60, 30 and 7
days before, ``settings.SIMPUL_SK_REMINDER_DAYS``) or has expired.

Idempotent at two levels: each SK records the reminders already sent
(``SuratKeputusan.pengingat_terkirim``, updated under a row lock in the same transaction as the
notifications), and each notification carries the key ``sk:<id>:<days>``, unique per user, so a
retried or concurrent run never notifies anyone twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simpul.akun.selectors import pengguna_dengan_peran_di
from simpul.core.jadwal import periodik
from simpul.core.peran import Peran
from simpul.notifikasi.services import notifikasi_kirim

from . import selectors
from .models import KimEvent, SuratKeputusan

KEDALUWARSA = 0  # the "days" of the reminder sent once the term has ended


def jendela_pengingat(sisa_hari: int, jendela: list[int]) -> int | None:
    """The reminder an SK with ``sisa_hari`` days left is due for: ``0`` once its term has ended,
    else the smallest window it has reached (20 days left with windows 60/30/7 -> 30), else None.
    A window skipped while the task did not run is not sent late: only the most urgent one is."""
    if sisa_hari < 0:
        return KEDALUWARSA
    dicapai = [h for h in jendela if sisa_hari <= h]
    return min(dicapai) if dicapai else None


def _pesan(sk: SuratKeputusan, sisa_hari: int) -> tuple[str, str]:
    nama = sk.kim.nama
    sampai = formats.date_format(sk.berlaku_sampai, "j F Y")
    if sisa_hari < 0:
        judul = _("SK %(kim)s sudah tidak berlaku") % {"kim": nama}
        isi = _(
            "SK nomor %(nomor)s untuk %(kim)s berakhir pada %(tanggal)s. Mintakan SK baru kepada "
            "penerbitnya dan unggah di Simpul agar status KIM tetap tercatat sah."
        ) % {"nomor": sk.nomor, "kim": nama, "tanggal": sampai}
    else:
        judul = ngettext(
            "SK %(kim)s berakhir dalam %(n)d hari",
            "SK %(kim)s berakhir dalam %(n)d hari",
            sisa_hari,
        ) % {"kim": nama, "n": sisa_hari}
        isi = _(
            "SK nomor %(nomor)s untuk %(kim)s berlaku sampai %(tanggal)s. Siapkan perpanjangan SK "
            "dan unggah SK baru di Simpul sebelum tanggal itu."
        ) % {"nomor": sk.nomor, "kim": nama, "tanggal": sampai}
    return judul, isi


def sk_reminders_send(*, hari_ini: date) -> int:
    """Send the SK reminders due on ``hari_ini``. Returns how many SKs got a reminder.

    Selection is set-based (the latest SK of every active KIM ending within the largest window,
    one query); recipients for all of them are read in two queries; then each due reminder is
    recorded and sent in its own short transaction.
    """
    jendela = sorted({int(h) for h in settings.SIMPUL_SK_REMINDER_DAYS if int(h) > 0}, reverse=True)
    if not jendela:
        return 0
    due: list[tuple[SuratKeputusan, int]] = []
    for sk in selectors.sk_terakhir_kim_aktif_berakhir_sebelum(hari_ini + timedelta(days=jendela[0])):
        hari = jendela_pengingat((sk.berlaku_sampai - hari_ini).days, jendela)
        if hari is not None and hari not in (sk.pengingat_terkirim or []):
            due.append((sk, hari))
    if not due:
        return 0

    pengurus = selectors.pengguna_pengurus_aktif({sk.kim_id for sk, _h in due}, hari_ini=hari_ini)
    pejabat_desa = pengguna_dengan_peran_di(Peran.DESA, {sk.kim.desa_id for sk, _h in due})

    dikirim = 0
    with translation.override(settings.LANGUAGE_CODE):
        for sk, hari in due:
            with transaction.atomic():
                # Re-read under a row lock: a concurrent or retried run that already sent this
                # reminder sees it recorded here and stops.
                sudah = (
                    SuratKeputusan.objects.select_for_update()
                    .filter(pk=sk.pk).values_list("pengingat_terkirim", flat=True).first()
                )
                if sudah is None or hari in sudah:
                    continue
                penerima = [*pengurus.get(sk.kim_id, []), *pejabat_desa.get(sk.kim.desa_id, [])]
                judul, isi = _pesan(sk, (sk.berlaku_sampai - hari_ini).days)
                baru = notifikasi_kirim(
                    users=penerima, kunci=f"sk:{sk.pk}:{hari}", judul=judul, isi=isi,
                    url=reverse("kim:profil", args=[sk.kim.slug]),
                )
                SuratKeputusan.objects.filter(pk=sk.pk).update(
                    pengingat_terkirim=sorted({*sudah, hari}, reverse=True), diubah=timezone.now(),
                )
                KimEvent.objects.create(
                    kim_id=sk.kim_id, jenis=KimEvent.Jenis.PENGINGAT_SK,
                    alasan=judul,
                    data={"sk_id": sk.pk, "nomor": sk.nomor, "hari": hari,
                          "berlaku_sampai": sk.berlaku_sampai.isoformat(), "penerima": baru},
                )
                dikirim += 1
    return dikirim


@periodik(setiap=timedelta(hours=24), kunci="kim.pengingat_sk")
@task()
def pengingat_sk_kedaluwarsa() -> int:
    """Daily: remind KIM officers and the desa before (and when) a KIM's SK expires."""
    return sk_reminders_send(hari_ini=timezone.localdate())
