from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from accounts import views as account_views
from home import views as home_views

# Admin logins go through allauth's rate-limited login instead of admin's own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", home_views.home, name="home"),
    path("code-of-conduct/", account_views.code_of_conduct, name="code_of_conduct"),
    path("healthz", home_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Shows courses and groups, so home serves it. Always the viewer's own: "me" is
    # the viewer, whoever they are (a person whose handle is "me" included).
    path("people/me/connections/", home_views.connections, name="connections"),
    path("people/", include("accounts.people_urls")),
    path("notifications/", include("accounts.notification_urls")),
    # Compose courses, groups and mentorship, so home serves them.
    path("courses/", include("home.health_urls")),
    path("courses/", include("courses.urls")),
    path("groups/", include("groups.urls")),
    path("lounge/", include("lounge.urls")),
    path("mentorship/coffee/", include("mentorship.coffee.urls")),
    path("live/", include("groups.live.urls")),
    path("mentorship/", include("mentorship.urls")),
    # Lists study groups' meetings too, so home serves it.
    re_path(
        r"^meetups/feed/(?P<token>[\w-]{20,64})\.ics$",
        home_views.calendar_feed,
        name="calendar_feed",
    ),
    path("meetups/", include("lounge.meetups.urls")),
    path("admin/", admin.site.urls),
]
