from datetime import date

import pytest

from simpul.akun.testing import login_dengan_mfa
from simpul.penilaian import services
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def test_ranking_api_is_scoped(client, diskominfo_mamuju, diskominfo_makassar, kim_tapalang):
    mamuju = Wilayah.objects.get(kode="76.02")
    skema = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=skema, wilayah=mamuju, nama="2026",
                              dari=date(2026, 1, 1), sampai=date(2026, 12, 31))
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=p)
    login_dengan_mfa(client, diskominfo_mamuju)
    assert [x["id"] for x in client.get("/api/v1/penilaian/putaran").json()] == [p.pk]
    r = client.get(f"/api/v1/penilaian/putaran/{p.pk}/peringkat").json()
    assert r[0]["kim"] == "KIM Orobatu Bersatu" and r[0]["peringkat"] == 1 and len(r[0]["skor_dimensi"]) == 5
    client.logout()
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get("/api/v1/penilaian/putaran").json() == []
    assert client.get(f"/api/v1/penilaian/putaran/{p.pk}/peringkat").status_code == 404
