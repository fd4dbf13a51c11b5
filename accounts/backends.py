"""Django's and allauth's sign-in backends, reading the profile with the user.

Nearly every page and socket reads the signed-in person's profile (zone, name, the
code-of-conduct check), so loading it in the same query as the user saves a query
on every signed-in request and every socket handshake.
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model


class _ProfileWithUser:
    def _users(self):
        return get_user_model()._default_manager.select_related("profile")

    def get_user(self, user_id):
        user = self._users().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        user = await self._users().filter(pk=user_id).afirst()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_ProfileWithUser, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_ProfileWithUser, allauth_backends.AuthenticationBackend):
    pass
