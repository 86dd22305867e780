"""Indonesian first: the interface is in Indonesian unless the user chose another language.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and many phones in
Indonesia are set to English; Simpul's users expect Indonesian. A choice made with the language
switch (the ``django_language`` cookie, set by ``set_language``) is honoured.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class BahasaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        lang = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", lang)
        return response
