"""Test-only URLs: the site plus a page with a WilayahField, for the picker's browser test."""

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as situs
from simpul.wilayah.forms import WilayahField

HALAMAN = engines["django"].from_string("""{% extends "base.html" %}
{% block head %}{{ form.media }}{% endblock %}
{% block content %}<form method="post">{% csrf_token %}{{ form }}<button type="submit">Kirim</button></form>
{% if hasil %}<p id="hasil">{{ hasil.kode }}</p>{% endif %}{% endblock %}""")


class PemilihForm(forms.Form):
    desa = WilayahField(label="Desa/kelurahan")


def pemilih(request):
    form = PemilihForm(request.POST or None)
    hasil = form.cleaned_data["desa"] if request.method == "POST" and form.is_valid() else None
    return HttpResponse(HALAMAN.render({"form": form, "hasil": hasil}, request))


urlpatterns = [path("uji-pemilih/", pemilih), *situs]
