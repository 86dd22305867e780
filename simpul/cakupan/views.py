from django.shortcuts import render


def nasional(request):
    return render(request, "core/beranda.html")
