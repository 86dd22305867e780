import pytest
from django.urls import reverse
from simpul.kim.models import SuratKeputusan
from simpul.kim.tests.test_services_bantuan import bentuk_draf, lengkapi
from .conftest import masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser

def test_tmp(page, live_server, warga):
    p = pantau(page)
    masuk_lewat_halaman(page, live_server.url, warga)
    kim = lengkapi(warga, bentuk_draf(warga))
    sk = SuratKeputusan.objects.get(kim=kim)
    msgs = []
    page.on("console", lambda m: msgs.append(m.text))
    try:
        resp = page.goto(live_server.url + reverse("kim:berkas_sk", args=[kim.pk, sk.pk]))
        print("status", resp.status if resp else None, resp.headers.get("content-type") if resp else None)
    except Exception as e:
        print("EXC", e)
    page.wait_for_timeout(1500)
    print("msgs", msgs, p.masalah(page))
    print(page.content()[:500])
