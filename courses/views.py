from django.shortcuts import render

from .models import Course


def index(request):
    courses = Course.objects.select_related("instructor__profile")
    return render(request, "courses/index.html", {"courses": courses})
