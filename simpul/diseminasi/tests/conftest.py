from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.diseminasi import services


@pytest.fixture
def buat_kampanye():
    def buat(actor, *, target=("76.02.02",), judul="Tour de Central Celebes", **kw):
        hari_ini = timezone.localdate()
        data = {"isi": "Ayo dukung **Tour de Central Celebes** di desa kita.", "kategori": "acara",
                "prioritas": "biasa", "mulai": hari_ini - timedelta(days=3), "selesai": hari_ini + timedelta(days=20)}
        data.update(kw)
        return services.kampanye_create(actor=actor, judul=judul, target=list(target), **data)

    return buat


@pytest.fixture
def terbit(buat_kampanye, diskominfo_mamuju, kim_tapalang, django_capture_on_commit_callbacks):
    k = buat_kampanye(diskominfo_mamuju)
    with django_capture_on_commit_callbacks(execute=True):
        services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k)
    return k
