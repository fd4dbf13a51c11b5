"""What a person has filled in, shown on home as a checklist with a percentage."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Profile

MIN_FREE_HOURS = 3


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str


def _filled_in(profile):
    """Whether `profile` has languages and interests, and how many free hours its person
    marked, in one query."""
    return (
        Profile.objects.filter(pk=profile.pk)
        .annotate(
            has_languages=Exists(Profile.languages.through.objects.filter(profile=OuterRef("pk"))),
            has_interests=Exists(Profile.interests.through.objects.filter(profile=OuterRef("pk"))),
            free_hours=Count("user__availability"),
        )
        .values("has_languages", "has_interests", "free_hours")
        .get()
    )


def completeness_for(profile):
    edit = reverse("accounts:profile_edit")
    filled_in = _filled_in(profile)
    steps = [
        Step(_("Confirm your time zone"), profile.time_zone_confirmed, edit),
        Step(_("Choose a display name"), bool(profile.display_name), edit),
        Step(_("Add the languages you speak"), filled_in["has_languages"], edit),
        Step(_("Add a few interests"), filled_in["has_interests"], edit),
        Step(_("Write a short bio"), bool(profile.bio.strip()), edit),
        Step(
            ngettext(
                "Mark at least %(count)s free hour in your week",
                "Mark at least %(count)s free hours in your week",
                MIN_FREE_HOURS,
            )
            % {"count": MIN_FREE_HOURS},
            filled_in["free_hours"] >= MIN_FREE_HOURS,
            reverse("accounts:availability"),
        ),
    ]
    done = sum(step.done for step in steps)
    return {"steps": steps, "done": done, "percent": round(100 * done / len(steps))}
