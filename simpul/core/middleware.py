"""Indonesian first: the interface is in Indonesian unless the user chose another language.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and many phones in
Indonesia are set to English; Simpul's users expect Indonesian. A choice made with the language
switch (the ``django_language`` cookie, set by ``set_language``) is honoured.
"""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


@functools.cache
def _tersedia() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def bahasa_permintaan(request) -> str:
    """The language of this request: the visitor's chosen one (cookie), else Indonesian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in _tersedia() else settings.LANGUAGE_CODE


def tandai_bahasa(response, lang: str) -> None:
    """The headers every page carries about its language (the cache fast path adds them too)."""
    patch_vary_headers(response, ("Cookie",))
    response.headers.setdefault("Content-Language", lang)


class BahasaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = bahasa_permintaan(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        tandai_bahasa(response, lang)
        return response
