from django.shortcuts import render


def direktori(request):
    return render(request, "core/beranda.html")


def kelola(request):
    return render(request, "core/beranda.html")
