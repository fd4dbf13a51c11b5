from django.urls import re_path

from . import views

app_name = "people"

urlpatterns = [
    # A handle is a username (Django's [\w.@+-], at most 150 characters); anything
    # else is a 404 here rather than a query (PostgreSQL rejects NUL bytes outright).
    re_path(r"^(?P<handle>[\w.@+-]{1,150})/$", views.person_detail, name="detail"),
    re_path(r"^(?P<handle>[\w.@+-]{1,150})/block/$", views.block_person, name="block"),
    re_path(
        r"^(?P<handle>[\w.@+-]{1,150})/picture/(?P<size>[0-9]{1,4})/$",
        views.picture,
        name="picture",
    ),
]
