"""Coffee-chat forms. They parse and bound what people type; the verbs check it again
(the admin and the demo call them too) and decide."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import reject_markup
from courses.models import Course, Enrolment

from .models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_ISOLATED_DAYS,
    MAX_NAME_LENGTH,
    MAX_NO_REPEAT_ROUNDS,
    MAX_SNOOZE_ROUNDS,
    MIN_ISOLATED_DAYS,
    Series,
)


class SeriesForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        required=False,
        label=_("Course"),
        empty_label=_("Everyone on Commons"),
    )
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    description = forms.CharField(
        label=_("Description"),
        max_length=MAX_DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cadence_days = forms.TypedChoiceField(
        label=_("How often"), choices=Series.Cadence.choices, coerce=int, widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(
        label=_("Who meets whom"), choices=Series.Mode.choices, widget=forms.RadioSelect
    )
    no_repeat_rounds = forms.IntegerField(
        label=_("Rounds before two people may meet again"),
        min_value=0,
        max_value=MAX_NO_REPEAT_ROUNDS,
        initial=6,
    )
    isolated_days = forms.IntegerField(
        label=_("Pair first those with no peer contact for this many days"),
        min_value=MIN_ISOLATED_DAYS,
        max_value=MAX_ISOLATED_DAYS,
        initial=14,
    )
    first_day = forms.DateField(
        label=_("First round on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    first_time = forms.TimeField(
        label=_("At (your time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        taught = Course.objects.all()
        if not user.is_staff:
            taught = taught.filter(
                enrolments__user=user, enrolments__role=Enrolment.Role.INSTRUCTOR
            )
            self.fields["course"].required = True
            self.fields["course"].empty_label = None
        self.fields["course"].queryset = taught
        self.fields["first_time"].label = gettext("At (%(zone)s)") % {
            "zone": user.profile.time_zone
        }
        if not self.is_bound:
            tomorrow = user.profile.local_now().date() + timedelta(days=1)
            self.initial.setdefault("first_day", tomorrow)
            self.initial.setdefault("first_time", time(9))
            self.initial.setdefault("cadence_days", Series.Cadence.WEEKLY)
            self.initial.setdefault("mode", Series.Mode.ANYONE)

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("first_time"):
            zone = self.user.profile.zone
            at = datetime.combine(data["first_day"], data["first_time"], tzinfo=zone)
            if at < timezone.now() - timedelta(minutes=5):
                self.add_error("first_day", _("Choose a time still to come."))
            data["first_round_at"] = at
        return data

    def verb_arguments(self):
        data = self.cleaned_data
        names = ["course", "name", "description", "cadence_days", "mode"]
        names += ["no_repeat_rounds", "isolated_days", "first_round_at"]
        return {name: data[name] for name in names}


class SnoozeForm(forms.Form):
    rounds = forms.IntegerField(
        label=_("Skip the next rounds"), min_value=0, max_value=MAX_SNOOZE_ROUNDS, required=False
    )
    until = forms.DateField(
        label=_("Or skip every round until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("rounds") and not data.get("until"):
            raise forms.ValidationError(_("Say how many rounds to skip, or until when."))
        return data


class AvoidForm(forms.Form):
    handle = forms.CharField(label=_("Their handle"), max_length=150)

    def clean_handle(self):
        handle = self.cleaned_data["handle"].strip().lstrip("@")
        person = get_user_model().objects.filter(username__iexact=handle, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("Nobody on Commons has that handle."))
        return person


class CheckInForm(forms.Form):
    answer = forms.ChoiceField(choices=[("met", _("We met")), ("missed", _("We didn't meet"))])
