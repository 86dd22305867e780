from django.conf import settings


def simpul(request):
    return {"SIMPUL_DEMO": settings.SIMPUL_DEMO}
