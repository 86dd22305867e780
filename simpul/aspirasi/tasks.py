"""Background work of the aspiration service.

``tenggat_harian`` runs every hour (``manage.py jadwal``): it flags and escalates aspirations past
their working-day deadline (:func:`services.tenggat_periksa`, set-based and idempotent).

``kabari_petugas_masuk`` tells the desa's operators and the KIM's officers about new aspirations
(after the citizens' submissions have committed and been answered): one run per burst of
submissions handles all of them, and the scheduler runs it every minute as a safety net.

``kabari_warga`` tells a citizen about a change to their aspiration on the channel they gave:
through ``notifikasi.services.kirim_ke_kontak`` when the notification service offers it
(WhatsApp, Telegram, SMS, email), otherwise by email. Idempotent by its key.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from simpul.core.errors import ApplicationError
from simpul.core.jadwal import periodik

from . import services
from .models import Aspirasi, AspirasiEvent, Kanal

E = AspirasiEvent.JenisEvent


def pesan_warga(a: Aspirasi, jenis: str, catatan: str = "") -> tuple[str, str]:
    """(title, body) of the message a citizen gets for event ``jenis``."""
    url = f"{settings.SIMPUL_SITE_URL}{reverse('aspirasi:status', args=[a.kode])}"
    judul = {
        E.MASUK: _("Aspirasi Anda diterima. Kode lacak: %(kode)s"),
        E.DIVERIFIKASI: _("Aspirasi %(kode)s sudah diverifikasi"),
        E.DITUNDA: _("Aspirasi %(kode)s ditunda"),
        E.DITERUSKAN: _("Aspirasi %(kode)s diteruskan ke pihak yang berwenang"),
        E.DIARSIPKAN: _("Aspirasi %(kode)s diarsipkan"),
        E.DIGABUNG: _("Aspirasi %(kode)s digabung dengan laporan yang sama"),
        E.DIDISPOSISI: _("Aspirasi %(kode)s diteruskan ke instansi"),
        E.DITANGGAPI: _("Aspirasi %(kode)s mendapat tanggapan"),
        E.DINILAI: _("Terima kasih atas penilaian untuk aspirasi %(kode)s"),
        E.DIBUKA_ULANG: _("Aspirasi %(kode)s dibuka kembali"),
    }.get(jenis, _("Aspirasi %(kode)s diperbarui")) % {"kode": a.kode}
    isi = _("Status: %(status)s.") % {"status": a.get_status_display()}
    if catatan:
        isi += " " + catatan
    isi += " " + _("Pantau di %(url)s") % {"url": url}
    return judul, isi


def _kanal_kontak(a: Aspirasi) -> list[tuple[str, str]]:
    """The channels to answer on, most direct first: the messaging channel it came from, then
    the contacts the citizen gave."""
    out: list[tuple[str, str]] = []
    if a.kanal in (Kanal.WHATSAPP, Kanal.TELEGRAM, Kanal.SMS) and a.kanal_alamat:
        out.append((a.kanal, a.kanal_alamat))
    if a.telepon and not out:
        out.append(("whatsapp", a.telepon))
    if a.email:
        out.append(("email", a.email))
    return out


@task()
def kabari_warga(aspirasi_id: int, kunci: str, jenis: str, catatan: str = "") -> int:
    from django.core.cache import cache
    from django.core.mail import send_mail

    from simpul.notifikasi import services as notif

    a = Aspirasi.objects.filter(pk=aspirasi_id).first()
    if a is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        judul, isi = pesan_warga(a, jenis, catatan)
    kirim_ke_kontak = getattr(notif, "kirim_ke_kontak", None)
    terkirim = 0
    for kanal, alamat in _kanal_kontak(a):
        if kirim_ke_kontak is not None:
            try:
                terkirim += bool(kirim_ke_kontak(kanal=kanal, alamat=alamat, kunci=f"{kunci}:{kanal}", judul=judul,
                                                 isi=isi, url=reverse("aspirasi:status", args=[a.kode])))
            except ApplicationError:  # an address the channel cannot use: try the next one
                continue
        # Without the notification service's contact channel: email, claimed once per key.
        elif kanal == "email" and cache.add(f"aspirasi:email:{kunci}", 1, timeout=7 * 24 * 3600):
            send_mail(f"[Simpul] {judul}", isi, None, [alamat], fail_silently=True)
            terkirim += 1
    return terkirim


@periodik(setiap=timedelta(minutes=1), kunci="aspirasi.kabar_masuk")  # the safety net of antre_gabung
@task()
def kabari_petugas_masuk() -> int:
    """Announce every new aspiration not yet announced to the desa's operators and the KIM's
    officers. Enqueued once per burst of submissions (``core.jadwal.antre_gabung``) and every
    minute by the scheduler; idempotent."""
    return services.kabari_petugas_masuk()


@periodik(setiap=timedelta(hours=1), kunci="aspirasi.tenggat")
@task()
def tenggat_harian() -> dict:
    return services.tenggat_periksa()


@periodik(setiap=timedelta(minutes=10), kunci="aspirasi.ringkasan")
@task()
def ringkasan_dasbor() -> int:
    """Recompute the dashboard summary of national and provincial reaches
    (:func:`services.ringkasan_aspirasi_hitung_ulang`); idempotent."""
    return services.ringkasan_aspirasi_hitung_ulang()
