"""Who may see and change people's data. Used by views and admin alike."""

from django.contrib.auth import get_user_model
from django.http import Http404


def can_view_profile(viewer, person):
    return viewer.is_authenticated and person.is_active


def can_edit_profile(viewer, person):
    return viewer.is_authenticated and viewer.pk == person.pk


def get_person_for(viewer, handle):
    """The active person with this handle, or 404 (the same for missing and hidden)."""
    person = (
        get_user_model()
        .objects.select_related("profile")
        .prefetch_related("profile__languages", "profile__interests")
        .filter(username=handle)
        .first()
    )
    if person is None or not can_view_profile(viewer, person):
        raise Http404("No such person.")
    return person


def is_site_moderator(user):
    """Site moderators are active staff: they moderate everywhere."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)
