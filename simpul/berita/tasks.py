from datetime import timedelta

from django.tasks import task

from simpul.core.jadwal import periodik


@periodik(setiap=timedelta(minutes=5), kunci="berita.terbit_terjadwal")
@task()
def terbitkan_terjadwal() -> int:
    """Publish approved articles whose scheduled time has come (idempotent)."""
    from .services import terbitkan_terjadwal as jalankan

    return jalankan()
