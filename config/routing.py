"""Collects every Commons app's websocket routes; each app owns its paths under /ws/."""

from importlib import import_module

COMMONS_APPS = ["accounts", "lounge", "courses", "groups", "mentorship"]


def collect_websocket_urlpatterns(app_names):
    patterns = []
    for name in app_names:
        try:
            module = import_module(f"{name}.routing")
        except ModuleNotFoundError as error:
            if error.name != f"{name}.routing":
                raise
            continue
        patterns.extend(module.websocket_urlpatterns)
    return patterns


websocket_urlpatterns = collect_websocket_urlpatterns(COMMONS_APPS)
