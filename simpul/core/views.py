from django.shortcuts import render


def beranda(request):
    return render(request, "core/beranda.html")


def tidak_ditemukan(request, exception=None):
    return render(request, "core/404.html", status=404)


def galat_server(request):
    return render(request, "core/500.html", status=500)
