"""What a person has filled in, shown on home as a checklist with a percentage."""

from dataclasses import dataclass

from django.urls import reverse

MIN_FREE_HOURS = 3


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str


def completeness_for(profile):
    edit = reverse("accounts:profile_edit")
    steps = [
        Step("Confirm your time zone", profile.time_zone_confirmed, edit),
        Step("Choose a display name", bool(profile.display_name), edit),
        Step("Add the languages you speak", profile.languages.exists(), edit),
        Step("Add a few interests", profile.interests.exists(), edit),
        Step("Write a short bio", bool(profile.bio.strip()), edit),
        Step(
            f"Mark at least {MIN_FREE_HOURS} free hours in your week",
            profile.user.availability.count() >= MIN_FREE_HOURS,
            reverse("accounts:availability"),
        ),
    ]
    done = sum(step.done for step in steps)
    return {"steps": steps, "done": done, "percent": round(100 * done / len(steps))}
