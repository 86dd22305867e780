"""A cached page with a POST form, for the CSRF placeholder test (no public page has one today)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from simpul.portal.cache import cache_anonim, konteks_placeholder

_HALAMAN = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')


@cache_anonim
def formulir(request):
    if request.method == "POST":
        return HttpResponse("ok")
    return HttpResponse(_HALAMAN.render(konteks_placeholder(request), request))


urlpatterns = [path("uji/formulir/", formulir)]
