from django.apps import AppConfig


class LoungeConfig(AppConfig):
    name = "lounge"
    verbose_name = "Lounge"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from . import realtime

        def close_sockets_of_session(sender, request, user, **kwargs):
            session = getattr(request, "session", None)
            realtime.session_ended(getattr(session, "session_key", None))

        user_logged_out.connect(close_sockets_of_session, dispatch_uid="lounge-logout")
