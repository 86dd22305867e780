from django.conf import settings


def simpul(request):
    return {"SIMPUL_DEMO": settings.SIMPUL_DEMO}


def menu(request):
    """The navigation for this user, computed only if the template shows it."""
    from functools import partial

    from simpul.core import menu as _menu

    return {"menu": partial(_menu.untuk, getattr(request, "user", None))}
