"""Periodic work: one registry, one entry point (``manage.py jadwal``).

An app registers a ``django.tasks`` task in its ``tasks.py``::

    @periodik(setiap=timedelta(hours=24), kunci="kim.pengingat_sk")
    @task()
    def pengingat_sk_kedaluwarsa(): ...

``manage.py jadwal`` (started by the demo, or run from cron with ``--sekali``) enqueues each task
when it is due. The last run is claimed in the database with a conditional UPDATE, so two
schedulers never enqueue the same slot twice; the tasks themselves are idempotent too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Periodik:
    kunci: str
    task: object  # django.tasks.Task
    setiap: timedelta


REGISTRY: dict[str, Periodik] = {}


def periodik(*, setiap: timedelta, kunci: str):
    def register(task_obj):
        REGISTRY[kunci] = Periodik(kunci=kunci, task=task_obj, setiap=setiap)
        return task_obj

    return register


def muat_semua() -> dict[str, Periodik]:
    autodiscover_modules("tasks")
    return REGISTRY


def klaim(p: Periodik, now=None) -> bool:
    """Claim the current slot of ``p``; True if this caller should enqueue it."""
    from .models import JadwalJalan

    now = now or timezone.now()
    batas = now - p.setiap
    try:
        with transaction.atomic():
            JadwalJalan.objects.create(kunci=p.kunci, terakhir=now)
            return True
    except IntegrityError:
        pass
    return bool(
        JadwalJalan.objects.filter(kunci=p.kunci, terakhir__lte=batas).update(terakhir=now)
    )


def jalankan_yang_jatuh_tempo(now=None) -> list[str]:
    """Enqueue every registered task whose slot is due. Returns their keys."""
    done = []
    for p in muat_semua().values():
        if klaim(p, now):
            p.task.enqueue()
            done.append(p.kunci)
    return done


def antre_gabung(task_obj, *, kunci: str, jeda: int = 2) -> None:
    """Enqueue ``task_obj`` to run in ``jeda`` seconds, at most once per ``jeda``-second window
    across every process: a burst of events (200 submissions a second) makes one run that
    handles them all, instead of one task each.

    Call it inside the transaction that records the work: it acts after commit (at once outside
    a transaction). The window is claimed with an atomic cache ``add``. Whoever finds it claimed
    relies on the claimed run, which starts after the window closes, so after every event seen
    inside the window has committed. The task must therefore handle *all* pending work it finds
    in the database, and should also be registered with :func:`periodik`, which catches a run
    lost between the claim and the broker. A backend that cannot defer (the immediate one, in
    tests) runs the task after commit, every time."""
    transaction.on_commit(lambda: _antre_gabung(task_obj, kunci, jeda))


def _antre_gabung(task_obj, kunci: str, jeda: int) -> None:
    from django.core.cache import cache

    if not task_obj.get_backend().supports_defer:
        task_obj.enqueue()
        return
    if cache.add(f"jadwal:gabung:{kunci}", 1, timeout=jeda):
        # Half a second past the window, so clock skew between hosts cannot start it early.
        task_obj.using(run_after=timezone.now() + timedelta(seconds=jeda + 0.5)).enqueue()
