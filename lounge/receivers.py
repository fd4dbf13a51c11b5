"""The lounge greets people who sign up: they join the community's welcome channels."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .actions import join_welcome_channels


@receiver(user_signed_up, dispatch_uid="lounge_join_welcome_channels")
def welcome(sender, request, user, **kwargs):
    join_welcome_channels(user)
