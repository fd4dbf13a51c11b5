from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .availability import DAYS_PER_WEEK, HOURS_PER_DAY, PRESETS, WEEKDAY_NAMES, copy_day
from .models import CodeOfConduct, Language, Profile
from .timezones import (
    available_time_zones,
    canonical_time_zone,
    is_valid_time_zone,
    zone_links,
)

# Fixed markup in the project's own catalogue, not people's input.
mark_safe_lazy = lazy(mark_safe, str)

MAX_INTERESTS = 12
MAX_INTEREST_LENGTH = 40
FORBIDDEN_NAME_CHARACTERS = set("<>{}")


def reject_markup(value):
    """Names show up in many places (member lists, mentions, emails): keep them plain text."""
    if any(char in FORBIDDEN_NAME_CHARACTERS for char in value):
        raise ValidationError(_("Please use plain text: the characters < > { } are not allowed."))
    if any(ord(char) < 32 for char in value):
        raise ValidationError(_("Please remove control characters."))


class TimeZoneInput(forms.TextInput):
    """A text input with a <datalist> of every zone: searchable by typing, no JavaScript."""

    template_name = "widgets/time_zone_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id", name)
        context["widget"]["attrs"]["list"] = f"{widget_id}-options"
        context["widget"]["attrs"]["data-zone-links"] = f"{widget_id}-links"
        context["widget"]["time_zones"] = available_time_zones()
        context["widget"]["zone_links"] = zone_links()
        context["widget"]["zone_links_id"] = f"{widget_id}-links"
        return context


class TimeZoneField(forms.CharField):
    """An IANA zone typed into a searchable list; unknown names get a field error."""

    widget = TimeZoneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault(
            "help_text",
            _("Start typing a city, e.g. Berlin, Kolkata or St_Johns, and pick your zone."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "data-browser-time-zone": ""})

    def clean(self, value):
        value = super().clean(value)
        if value and is_valid_time_zone(value):
            return canonical_time_zone(value)
        if value:
            raise ValidationError(
                _(
                    "“%(zone)s” is not a time zone we know. Pick one from the list, "
                    "such as Europe/Berlin."
                ),
                params={"zone": value[:64]},
            )
        return value


class SignupExtrasForm(forms.Form):
    """Extra fields on allauth's signup form; the zone is preset from the browser by JS
    and stored as the person's choice."""

    display_name = forms.CharField(
        max_length=60,
        required=False,
        validators=[reject_markup],
        label=_("Display name"),
        help_text=_("How others see you. You can change it later."),
    )
    time_zone = TimeZoneField(required=False)
    accept_code_of_conduct = forms.BooleanField(
        label=_("I agree to follow the code of conduct"),
        help_text=mark_safe_lazy(
            _(
                '<a href="/code-of-conduct/" target="_blank" rel="noopener">Read the code of '
                "conduct</a>: be kind, help rather than compete, respect time zones and privacy."
            ),
        ),
        error_messages={"required": _("Please agree to the code of conduct to join.")},
    )

    def signup(self, request, user):
        from .actions import accept_code_of_conduct, set_interface_language, update_time_zone

        accept_code_of_conduct(user, CodeOfConduct.current_version())
        profile = user.profile
        profile.display_name = self.cleaned_data.get("display_name", "")
        profile.save(update_fields=["display_name"])
        # The language the visitor was reading while signing up (LocaleMiddleware's
        # pick: the switcher's choice, else their browser's Accept-Language).
        set_interface_language(user, translation.get_language())
        if self.cleaned_data.get("time_zone"):
            # The form shows the zone (preset from the browser) for the person to keep or
            # change: what they send is their choice, so home does not ask again.
            update_time_zone(user, self.cleaned_data["time_zone"], confirmed=True)


class InterestsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Comma separated, e.g. statistics, chess, jazz"))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        # CharField's max_length validator runs on the cleaned value, here a list of
        # names, so the limit on the typed text is checked before splitting.
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                gettext("Keep the list to at most %(limit)s characters.")
                % {"limit": self.max_length}
            )
        names = []
        for raw in text.split(","):
            name = " ".join(raw.split()).lower()
            if name and name not in names:
                names.append(name)
        return names

    def validate(self, value):
        if len(value) > MAX_INTERESTS:
            raise ValidationError(
                gettext("Choose at most %(limit)s interests.") % {"limit": MAX_INTERESTS}
            )
        for name in value:
            if len(name) > MAX_INTEREST_LENGTH:
                raise ValidationError(
                    gettext("Each interest must be at most %(limit)s characters.")
                    % {"limit": MAX_INTEREST_LENGTH}
                )
            reject_markup(name)


class ProfileForm(forms.ModelForm):
    display_name = forms.CharField(
        max_length=60, required=False, validators=[reject_markup], label=_("Display name")
    )
    pronouns = forms.CharField(
        max_length=30,
        required=False,
        validators=[reject_markup],
        label=_("Pronouns"),
        help_text=_("Optional, e.g. she/her, they/them."),
    )
    time_zone = TimeZoneField()
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages you speak"),
    )
    learning_languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages you are learning"),
        help_text=_("Language-tandem coffee chats pair you with someone who speaks one of them."),
    )
    interests = InterestsField(label=_("Interests"))
    bio = forms.CharField(
        max_length=500,
        label=_("Bio"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines about you and what you're studying (500 characters at most)."),
    )

    class Meta:
        model = Profile
        # No "role": instructors are made by admins, since the role unlocks creating courses.
        fields = [
            "display_name",
            "pronouns",
            "interface_language",
            "contrast",
            "time_zone",
            "languages",
            "learning_languages",
            "interests",
            "bio",
        ]
        labels = {"interface_language": _("Language of Commons")}
        help_texts = {
            "interface_language": _("Pages, emails and notifications use it."),
            "contrast": _("High contrast uses stronger colours and outlines everywhere."),
        }

        widgets = {"contrast": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty: the browser's Accept-Language picks, as for a visitor.
        self.fields["interface_language"].choices = [
            ("", _("As my browser says")),
            *settings.LANGUAGES,
        ]
        # A form sent without it (an older page) keeps the device's setting.
        self.fields["contrast"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["interests"] = ", ".join(
                self.instance.interests.values_list("name", flat=True)
            )

    def clean_contrast(self):
        return self.cleaned_data.get("contrast") or "auto"


class TimeZoneConfirmForm(forms.Form):
    time_zone = TimeZoneField()


SLOT_CHOICES = [
    (f"{day}-{hour}", format_lazy("{} {:02d}:00", WEEKDAY_NAMES[day], hour))
    for day in range(DAYS_PER_WEEK)
    for hour in range(HOURS_PER_DAY)
]
WEEKDAY_CHOICES = list(enumerate(WEEKDAY_NAMES))


class WeekForm(forms.Form):
    """The whole week as the page shows it (`free`: 'weekday-hour' values such as
    '1-19'), and what to do with it: save it as it is, add a preset, copy a day to
    other days, or clear it. `tool` is required so that an empty or garbled request
    is refused rather than taken for an empty week."""

    free = forms.MultipleChoiceField(
        choices=SLOT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("That hour is not in the week.")},
    )
    tool = forms.ChoiceField(
        choices=[("save", _("Save")), ("copy", _("Copy")), ("clear", _("Clear"))]
        + [(key, preset.label) for key, preset in PRESETS.items()],
        error_messages={
            "required": _("Choose what to do with your week."),
            "invalid_choice": _("Choose what to do with your week."),
        },
    )
    copy_from = forms.TypedChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("That day is not in the week.")},
    )
    copy_to = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("That day is not in the week.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tool") == "copy":
            if cleaned.get("copy_from") in (None, ""):
                self.add_error("copy_from", gettext("Choose the day to copy."))
            elif not cleaned.get("copy_to"):
                self.add_error("copy_to", gettext("Choose the days to copy it to."))
        return cleaned

    def week(self):
        """The (weekday, hour) pairs the week should hold once the tool is applied."""
        shown = {tuple(int(part) for part in slot.split("-")) for slot in self.cleaned_data["free"]}
        tool = self.cleaned_data["tool"]
        if tool == "clear":
            return set()
        if tool == "copy":
            return copy_day(shown, self.cleaned_data["copy_from"], self.cleaned_data["copy_to"])
        if tool in PRESETS:
            return shown | PRESETS[tool].free_hours
        return shown


class PictureForm(forms.Form):
    # The square chosen in the browser's crop box (static/js/picture-crop.js), in pixels
    # of the picture; without JavaScript they stay empty and the centre is used.
    crop_x = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    crop_y = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    crop_size = forms.IntegerField(required=False, min_value=8, widget=forms.HiddenInput)

    picture = forms.FileField(
        label=_("New picture"),
        help_text=_(
            "A JPEG, PNG, GIF or WebP photo up to 10 MB. Choose the square to keep, "
            "or it is cropped around its centre."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    def crop(self):
        data = self.cleaned_data
        values = (data.get("crop_x"), data.get("crop_y"), data.get("crop_size"))
        return values if None not in values else None
