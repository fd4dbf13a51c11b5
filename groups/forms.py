from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import InterestsField, reject_markup
from accounts.languages import language_choices
from accounts.models import Interest, Language
from courses.models import Course

from .models import MAX_CAPACITY, MIN_CAPACITY, StudyGroup
from .schedule import weekday_names

MAX_MEETINGS_PER_WEEK = 21
MIN_MEETING_MINUTES = 15
MAX_MEETING_MINUTES = 8 * 60


class GroupFilterForm(forms.Form):
    SORTS = [
        ("fit", _("Best fit for me")),
        ("newest", _("Newest")),
        ("active", _("Most active")),
    ]

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label=_("Course"),
        required=False,
        empty_label=_("Any course"),
    )
    topic = forms.CharField(label=_("Topic"), max_length=40, required=False)
    language = forms.TypedChoiceField(
        label=_("Language"),
        choices=lambda: [("", _("Any language")), *language_choices()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    open_seats = forms.BooleanField(label=_("Has open seats"), required=False)
    fits = forms.BooleanField(label=_("Fits my week"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.taken_by(user)
        self.fields["topic"].widget.attrs["list"] = "topic-options"


class TwentyFourHourInput(forms.TimeInput):
    """A time typed as hh:mm on the 24-hour clock, as every time in Commons is shown; a
    browser's own time picker would show AM/PM in some locales."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "pattern": "([01]?[0-9]|2[0-3]):[0-5][0-9]",
                "placeholder": "hh:mm",
                "size": 5,
                "maxlength": 5,
                "autocomplete": "off",
                "class": "time-24h",
                **(attrs or {}),
            },
            format="%H:%M",
        )


class MeetingSlotForm(forms.Form):
    # The blank choice lets a row left untouched count as empty, not as "Monday".
    weekday = forms.TypedChoiceField(
        choices=lambda: [
            ("", _("Choose a day")),
            *((str(index), name) for index, name in enumerate(weekday_names())),
        ],
        coerce=int,
    )
    start = forms.TimeField(widget=TwentyFourHourInput(), input_formats=["%H:%M"])
    end = forms.TimeField(widget=TwentyFourHourInput(), input_formats=["%H:%M"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        if end == start:
            raise ValidationError(_("A meeting must end at another time than it starts."))
        # An end at or before the start is the next day: Tuesday 23:00–01:00 lasts 2 hours.
        minutes = (
            datetime.combine(datetime.min, end) - datetime.combine(datetime.min, start)
        ).seconds // 60
        if not MIN_MEETING_MINUTES <= minutes <= MAX_MEETING_MINUTES:
            raise ValidationError(_("A meeting lasts between 15 minutes and 8 hours."))
        cleaned["duration_minutes"] = minutes
        return cleaned


class BaseMeetingSlotFormSet(forms.BaseFormSet):
    def slots(self):
        """(weekday, start, minutes) for every filled-in row not marked for removal. Rows
        shown for editing count whether or not they were changed; empty new rows do not."""
        return [
            (cleaned["weekday"], cleaned["start"], cleaned["duration_minutes"])
            for cleaned in (form.cleaned_data for form in self.forms)
            if "duration_minutes" in cleaned and not cleaned.get("DELETE")
        ]


MeetingSlotFormSet = forms.formset_factory(
    MeetingSlotForm,
    formset=BaseMeetingSlotFormSet,
    extra=1,
    max_num=MAX_MEETINGS_PER_WEEK,
    validate_max=True,
    can_delete=True,
)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, validators=[reject_markup])
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What you will study, how you like to work, who is welcome. "
            "**Bold**, *italic*, lists and links work as in chat."
        ),
    )
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label=_("Course"),
        required=False,
        empty_label=_("Not tied to a course"),
    )
    topics = InterestsField(
        label=_("Topics"), help_text=_("Comma separated, e.g. probability, exams")
    )
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Languages spoken in the group"),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=MIN_CAPACITY,
        max_value=MAX_CAPACITY,
        initial=8,
        help_text=lazy(
            lambda: (
                _("Between %(min)s and %(max)s people, you included.")
                % {"min": MIN_CAPACITY, "max": MAX_CAPACITY}
            ),
            str,
        )(),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=StudyGroup.Visibility.choices,
        widget=forms.RadioSelect,
        initial=StudyGroup.Visibility.OPEN,
    )
    schedule_public = forms.BooleanField(
        label=_("Show when we meet to people deciding whether to ask"),
        required=False,
        help_text=_(
            "For a request-to-join group: the meeting times (never the members or "
            "their free hours) are shown to people who may ask to join."
        ),
    )
    location = forms.CharField(
        label=_("Where we meet"),
        max_length=300,
        required=False,
        help_text=_(
            "A video-call link (https://…) or a place, e.g. Library, room 2. "
            "It goes into the calendar file too."
        ),
    )
    take_seat = forms.BooleanField(
        label=_("Take a seat in the group myself"),
        required=False,
        initial=True,
        help_text=_(
            "As the course's instructor or TA you moderate its groups anyway: leave "
            "this off to start a group for students without joining it."
        ),
    )

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = Course.objects.taken_by(user)
        # Only someone who teaches a course can start one of its groups without a seat.
        if editing or not Course.objects.taught_by(user).exists():
            del self.fields["take_seat"]

    def clean_location(self):
        return clean_location(self.cleaned_data["location"])

    def clean(self):
        cleaned = super().clean()
        if "take_seat" in self.fields and not cleaned.get("take_seat", True):
            course = cleaned.get("course")
            if course is None or not Course.objects.taught_by(self.user).filter(pk=course.pk):
                self.add_error(
                    "take_seat", _("Choose a course you teach to start a group without a seat.")
                )
        return cleaned

    def topic_objects(self):
        return [
            Interest.objects.get_or_create(name=name)[0] for name in self.cleaned_data["topics"]
        ]


LINK_PREFIXES = ("http://", "https://", "www.")
OTHER_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
_call_link = URLValidator(schemes=["http", "https"])


def clean_location(value):
    """A call link (checked as a web address, https or http only) or plain words."""
    value = value.strip()
    if not value:
        return ""
    if value.lower().startswith(LINK_PREFIXES):
        link = "https://" + value if value.lower().startswith("www.") else value
        if any(char.isspace() for char in link):
            raise ValidationError(_("A link has no spaces: paste the call link alone."))
        try:
            _call_link(link)
        except ValidationError:
            raise ValidationError(_("That does not look like a call link (https://…).")) from None
        return link
    if "://" in value or value.lower().startswith(OTHER_SCHEMES):
        raise ValidationError(_("Only https:// and http:// links are accepted."))
    reject_markup(value)
    return value


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("A note for the organisers (optional)"),
    )


class PersonField(forms.CharField):
    """A person picked by their handle (as in /people/<handle>/)."""

    def clean(self, value):
        handle = super().clean(value).strip().lstrip("@")
        person = get_user_model().objects.filter(username=handle, is_active=True).first()
        if person is None:
            raise ValidationError(_("No one on Commons has that handle."))
        return person


class InviteForm(forms.Form):
    person = PersonField(
        label=_("Invite by handle"),
        max_length=150,
        help_text=_("Their handle, as in their profile address, e.g. ana"),
    )


class MemberChoiceForm(forms.Form):
    """Picks a member of `group` by user id; anyone else is a field error, not a crash."""

    # Bounded so that an out-of-range id is a form error, not a database overflow.
    user = forms.IntegerField(min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_user(self):
        membership = (
            self.group.memberships.select_related("user")
            .filter(user_id=self.cleaned_data["user"])
            .first()
        )
        if membership is None:
            raise ValidationError(_("That person is not a member of this group."))
        return membership.user
