"""Celery + Redis as a ``django.tasks`` backend (``SIMPUL_TASKS=celery``).

Jobs stay ``django.tasks`` tasks everywhere in the code. This backend puts each enqueued task on
the Celery queue of the same name as one generic Celery task, ``simpul.jalankan_tugas``, which
imports the ``django.tasks`` task by its module path and runs it. Worker::

    SIMPUL_TASKS=celery REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/celery -A config.celery worker -Q default --concurrency 2

Delivery is at-least-once (``acks_late`` + ``reject_on_worker_lost``): a worker that dies
mid-task leaves it on the queue for another worker. Every Simpul task is idempotent, which makes
that safe. See docs/decisions/0004-task-backends.md.
"""

from __future__ import annotations

import os

from celery import Celery
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskContext, TaskResult, TaskResultStatus
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("simpul")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_default_queue="default",
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_track_started=True,
    result_extended=True,  # keeps the task's name/args, so get_result() can rebuild a TaskResult
    result_expires=7 * 24 * 3600,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
)

NAMA_TUGAS = "simpul.jalankan_tugas"


def jalankan_tugas(module_path: str, args: list, kwargs: dict, takes_context: bool = False, result_id: str = ""):
    """Run the ``django.tasks`` task at ``module_path`` (the one generic Celery task)."""
    t = import_string(module_path)
    if takes_context:
        hasil = _hasil(t, result_id, TaskResultStatus.RUNNING, args, kwargs)
        return normalize_json(t.call(TaskContext(task_result=hasil), *args, **kwargs))
    return normalize_json(t.call(*args, **kwargs))


def daftarkan(celery_app: Celery):
    """Register the generic task on ``celery_app`` (the project app, or a test app)."""
    return celery_app.task(name=NAMA_TUGAS)(jalankan_tugas)


tugas = daftarkan(app)


def _hasil(t, result_id: str, status, args, kwargs, *, backend: str = "default", **waktu) -> TaskResult:
    return TaskResult(
        task=t, id=result_id, status=status, enqueued_at=waktu.get("enqueued_at"),
        started_at=waktu.get("started_at"), last_attempted_at=waktu.get("started_at"),
        finished_at=waktu.get("finished_at"), args=list(args), kwargs=dict(kwargs), backend=backend,
        errors=[], worker_ids=[],
    )


_STATUS = {
    "PENDING": TaskResultStatus.READY, "RECEIVED": TaskResultStatus.READY, "RETRY": TaskResultStatus.READY,
    "STARTED": TaskResultStatus.RUNNING, "SUCCESS": TaskResultStatus.SUCCESSFUL,
    "FAILURE": TaskResultStatus.FAILED, "REVOKED": TaskResultStatus.FAILED,
}


class CeleryBackend(BaseTaskBackend):
    """``django.tasks`` backend that enqueues to Celery. ``OPTIONS={"APP": "dotted.path"}`` picks
    the Celery app (default: ``config.celery.app``)."""

    supports_defer = True
    supports_get_result = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.app_path = self.options.get("APP", "config.celery.app")

    @property
    def celery_app(self) -> Celery:
        return import_string(self.app_path)

    def enqueue(self, task, args, kwargs):
        from django.tasks.signals import task_enqueued
        from django.utils.crypto import get_random_string

        self.validate_task(task)
        result_id = get_random_string(32)
        self.celery_app.send_task(
            NAMA_TUGAS, args=[task.module_path, list(args), dict(kwargs), task.takes_context, result_id],
            task_id=result_id, queue=task.queue_name, eta=task.run_after,
        )
        hasil = _hasil(task, result_id, TaskResultStatus.READY, args, kwargs, backend=self.alias,
                       enqueued_at=timezone.now())
        task_enqueued.send(type(self), task_result=hasil)
        return hasil

    def get_result(self, result_id):
        from django.tasks.base import TaskError
        from django.tasks.exceptions import TaskResultDoesNotExist

        r = self.celery_app.AsyncResult(result_id)
        if r.state == "PENDING" or not r.args:
            raise TaskResultDoesNotExist(result_id)
        module_path, args, kwargs = r.args[0], r.args[1], r.args[2]
        status = _STATUS.get(r.state, TaskResultStatus.READY)
        hasil = _hasil(import_string(module_path), result_id, status, args, kwargs, backend=self.alias,
                       finished_at=r.date_done if r.ready() else None)
        if status == TaskResultStatus.SUCCESSFUL:
            object.__setattr__(hasil, "_return_value", r.result)
        elif status == TaskResultStatus.FAILED:
            exc = r.result
            hasil.errors.append(TaskError(
                exception_class_path=f"{type(exc).__module__}.{type(exc).__qualname__}",
                traceback=r.traceback or "",
            ))
        if r.worker:
            hasil.worker_ids.append(r.worker)
        return hasil
