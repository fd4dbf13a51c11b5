from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import realtime
from .languages import forget_language_choices
from .models import Language, Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile, however it was created (signup, admin, createsuperuser)."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(user_logged_out, dispatch_uid="accounts_close_sockets_of_session")
def close_sockets_of_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    realtime.session_ended(getattr(session, "session_key", None))


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_close_sockets")
def close_sockets_of_deactivated(sender, instance, **kwargs):
    """A banned (deactivated) person's open pages stop at once."""
    if not instance.is_active:
        realtime.user_deactivated(instance)


@receiver(post_save, sender=Language, dispatch_uid="accounts_language_saved")
@receiver(post_delete, sender=Language, dispatch_uid="accounts_language_deleted")
def language_changed(sender, **kwargs):
    forget_language_choices()
