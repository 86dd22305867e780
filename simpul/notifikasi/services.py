"""The one notification service (in-app + email now; WhatsApp/Telegram/SMS come with the
diseminasi work). Idempotent: ``kunci`` identifies the event, so a retried task never notifies
the same person twice."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import Notifikasi


def notifikasi_kirim(*, users: Iterable, kunci: str, judul: str, isi: str = "", url: str = "") -> int:
    """Notify each user once per ``kunci``. Returns how many new notifications were created."""
    users = [u for u in users if u is not None and u.is_active]
    if not users:
        return 0
    existing = set(
        Notifikasi.objects.filter(kunci=kunci, user__in=users).values_list("user_id", flat=True)
    )
    baru = [Notifikasi(user=u, kunci=kunci, judul=judul[:200], isi=isi, url=url)
            for u in {u.pk: u for u in users}.values() if u.pk not in existing]
    created = Notifikasi.objects.bulk_create(baru, ignore_conflicts=True)
    ids = [n.pk for n in created if n.pk]
    if not ids:  # ignore_conflicts does not return ids on every backend
        ids = list(Notifikasi.objects.filter(kunci=kunci, user__in=[n.user_id for n in baru],
                                             email_terkirim__isnull=True).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: kirim_email_notifikasi.enqueue(ids))
    return len(baru)


@task()
def kirim_email_notifikasi(ids: list[int]) -> int:
    """Email the notifications not yet emailed. Idempotent: marks each one as it is sent."""
    from django.conf import settings
    from django.core.mail import send_mail

    sent = 0
    for n in Notifikasi.objects.filter(pk__in=ids, email_terkirim__isnull=True).select_related("user"):
        if not n.user.email:
            continue
        # Claim first, so a concurrent retry cannot send the same message again.
        if not Notifikasi.objects.filter(pk=n.pk, email_terkirim__isnull=True).update(email_terkirim=timezone.now()):
            continue
        link = f"\n\n{settings.SIMPUL_SITE_URL}{n.url}" if n.url else ""
        send_mail(f"[Simpul] {n.judul}", f"{n.isi}{link}", None, [n.user.email], fail_silently=False)
        sent += 1
    return sent


def notifikasi_tandai_dibaca(*, user, ids: Iterable[int] | None = None) -> int:
    qs = Notifikasi.objects.filter(user=user, dibaca__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(dibaca=timezone.now())
