from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from simpul.core.views import ganti_bahasa, sehat
from simpul.portal import views as portal_views

urlpatterns = [
    path("", portal_views.beranda, name="beranda"),  # the national home is the portal's
    path("sehat/", sehat, name="sehat"),  # liveness: 200 when the database answers
    path("bahasa/", ganti_bahasa, name="set_language"),  # no CSRF token: docs/decisions/0005
    path("akun/", include("simpul.akun.urls")),  # first: it overrides allauth's email page
    path("akun/", include("allauth.urls")),
    path("wilayah/", include("simpul.wilayah.urls")),
    path("kim/", include("simpul.kim.urls")),
    path("cakupan/", include("simpul.cakupan.urls")),
    path("notifikasi/", include("simpul.notifikasi.urls")),
    path("diseminasi/", include("simpul.diseminasi.urls")),
    path("aspirasi/", include("simpul.aspirasi.urls")),
    path("musyawarah/", include("simpul.musyawarah.urls")),
    path("kegiatan/", include("simpul.kegiatan.urls")),
    path("berita/", include("simpul.berita.urls")),
    path("potensi/", include("simpul.potensi.urls")),
    path("cari/", include("simpul.cari.urls")),
    path("pembinaan/", include("simpul.pembinaan.urls")),
    path("fasilitas/", include("simpul.fasilitas.urls")),
    path("keuangan/", include("simpul.keuangan.urls")),
    path("penilaian/", include("simpul.penilaian.urls")),
    path("api/v1/", include("simpul.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("simpul.portal.urls")),  # last: public KIM and region sites at clean URLs
]

if settings.DEBUG or settings.SIMPUL_DEMO:
    from django.views.static import serve

    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "simpul.core.views.tidak_ditemukan"
handler500 = "simpul.core.views.galat_server"
