from django.shortcuts import render


def index(request):
    return render(request, "lounge/index.html")


def meetups(request):
    return render(request, "lounge/meetups.html")
