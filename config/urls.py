from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import last_modified
from django.views.i18n import JavaScriptCatalog

from accounts import views as account_views
from home import views as home_views

# The catalog changes only when Commons is deployed: cached per language, and answered
# 304 by the browser's copy until the process restarts.
STARTED_AT = timezone.now()
javascript_catalog = login_not_required(
    cache_page(3600)(
        last_modified(lambda request, **kwargs: STARTED_AT)(JavaScriptCatalog.as_view())
    )
)

# Admin logins go through allauth's rate-limited login instead of admin's own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", home_views.home, name="home"),
    path("code-of-conduct/", account_views.code_of_conduct, name="code_of_conduct"),
    path("accessibility/", account_views.accessibility, name="accessibility"),
    path("language/", account_views.set_language, name="set_language"),
    path("jsi18n/", javascript_catalog, name="javascript_catalog"),
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
