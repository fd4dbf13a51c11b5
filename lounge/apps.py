from django.apps import AppConfig


class LoungeConfig(AppConfig):
    name = "lounge"
    verbose_name = "Lounge"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import post_save

        from accounts import page_sections
        from accounts.admin_site import register_moderator_check

        from . import permissions, realtime
        from .dashboard import moderation_dashboard

        # Channel moderators (a course's instructors and TAs) may enter the admin; the
        # lounge's ModelAdmins show them only their channels.
        register_moderator_check(permissions.is_any_moderator)
        page_sections.register(page_sections.ADMIN_DASHBOARD, moderation_dashboard)

        def close_sockets_of_session(sender, request, user, **kwargs):
            session = getattr(request, "session", None)
            realtime.session_ended(getattr(session, "session_key", None))

        user_logged_out.connect(close_sockets_of_session, dispatch_uid="lounge-logout", weak=False)

        def close_sockets_of_banned(sender, instance, **kwargs):
            if not instance.is_active:
                realtime.user_deactivated(instance)

        post_save.connect(
            close_sockets_of_banned,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="lounge-deactivated",
            weak=False,
        )
