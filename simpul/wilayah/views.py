from django.shortcuts import render


def cari(request):
    return render(request, "core/beranda.html")
