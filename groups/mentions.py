"""`@organisers` in a study group's chat mentions its owner and co-organisers
(registered with lounge.group_mentions when the app is ready)."""

from django.contrib.contenttypes.models import ContentType

from lounge.models import Channel

from .models import Membership, StudyGroup


def organisers_of_group_chat(channel):
    """The organisers' ids when `channel` is a study group's chat, else None."""
    if channel.kind != Channel.Kind.GROUP or channel.owner_id is None:
        return None
    if channel.owner_type_id != ContentType.objects.get_for_model(StudyGroup).pk:
        return None
    organisers = Membership.objects.filter(
        group_id=channel.owner_id, role__in=Membership.ORGANISER_ROLES
    )
    return set(organisers.values_list("user_id", flat=True))
