"""The site's URLs plus one view that fails, to see the real 500 handler at work."""

from django.urls import path

from config.urls import handler404, handler500, urlpatterns  # noqa: F401


def rusak(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [*urlpatterns, path("uji/rusak/", rusak)]
