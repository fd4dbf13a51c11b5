"""Mentorship forms. They parse and bound what people type; the verbs check it again
(the admin and the demo call them too) and decide."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import reject_markup
from accounts.models import Language
from courses.models import Course, Enrolment

from .localized import language_name, sort_key
from .models import (
    MAX_CAPACITY,
    MAX_CHECK_IN_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_FEEDBACK_LENGTH,
    MAX_GOAL_LENGTH,
    MAX_GOALS_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PROGRAMME_DAYS,
    MAX_RATING,
    MAX_ZONE_HOURS,
    MIN_CAPACITY,
    MIN_RATING,
    PairRule,
    Programme,
)


def zone_choices():
    """In the language of the request: a callable, as a form's choices may be."""
    return [("", gettext("Any distance"))] + [
        (str(hours), gettext("Within ±%(hours)s h of my zone") % {"hours": hours})
        for hours in (1, 2, 3, 4, 6, 8, MAX_ZONE_HOURS)
    ]


def _language_choices():
    """Languages named in the reader's language (a callable: read per form)."""
    choices = [
        (code, language_name(code, name))
        for code, name in Language.objects.values_list("code", "name")
    ]
    return sorted(choices, key=lambda choice: sort_key(choice[1]))


DAY_DEFAULTS = {"nudge_after_days": 3, "expire_after_days": 7, "check_in_every_days": 14}


class TopicsField(forms.CharField):
    """Comma-separated topics, e.g. "statistics, R"."""

    def to_python(self, value):
        value = super().to_python(value)
        return [name.strip() for name in value.split(",") if name.strip()]


class ProgrammeForm(forms.Form):
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
    starts_on = forms.DateField(
        label=_("Cycle starts"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Cycle ends"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    mentor_rule = forms.ChoiceField(
        label=_("Who may mentor"), choices=Programme.MentorRule.choices, widget=forms.RadioSelect
    )
    avoid_repeat_pairs = forms.BooleanField(
        label=_("Never pair people who were paired before"), required=False
    )
    nudge_after_days = forms.IntegerField(
        label=_("Remind a mentor of an unanswered request after (days)"),
        min_value=1,
        max_value=MAX_PROGRAMME_DAYS - 1,
        initial=3,
        required=False,
    )
    expire_after_days = forms.IntegerField(
        label=_("Let an unanswered request expire after (days)"),
        min_value=2,
        max_value=MAX_PROGRAMME_DAYS,
        initial=7,
        required=False,
        help_text=_("The mentee is then offered the next-best mentors."),
    )
    check_in_every_days = forms.IntegerField(
        label=_("Ask pairs how it is going every (days)"),
        min_value=1,
        max_value=MAX_PROGRAMME_DAYS,
        initial=14,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        taught = Course.objects.all()
        if not user.is_staff:
            taught = taught.filter(
                enrolments__user=user, enrolments__role=Enrolment.Role.INSTRUCTOR
            )
        self.fields["course"].queryset = taught

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("The cycle ends after it starts."))
        for name, default in DAY_DEFAULTS.items():
            if data.get(name) is None and name not in self.errors:
                data[name] = default  # left empty: the usual rhythm
        nudge, expire = data.get("nudge_after_days"), data.get("expire_after_days")
        if nudge and expire and expire <= nudge:
            self.add_error("expire_after_days", _("Expire the request after the reminder."))
        return data


class MentorForm(forms.Form):
    topics = TopicsField(
        label=_("Topics I can help with"),
        required=False,
        help_text=_("Separated by commas, e.g. statistics, R, study habits."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I mentor in"), choices=_language_choices, required=False
    )
    capacity = forms.IntegerField(
        label=_("Mentees at once"),
        min_value=MIN_CAPACITY,
        max_value=MAX_CAPACITY,
        initial=2,
        help_text=format_lazy(_("{low} to {high}."), low=MIN_CAPACITY, high=MAX_CAPACITY),
    )
    note = forms.CharField(
        label=_("A short note for mentees"),
        max_length=MAX_NOTE_LENGTH,
        required=False,
        validators=[reject_markup],
    )


class MenteeForm(forms.Form):
    goals = forms.CharField(
        label=_("What I want from mentoring"),
        max_length=MAX_GOALS_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topics = TopicsField(
        label=_("Topics I want help with"), required=False, help_text=_("Separated by commas.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"), choices=_language_choices, required=False
    )
    same_language = forms.BooleanField(
        label=_("Only mentors who speak one of my languages"), required=False, initial=True
    )
    max_zone_hours = forms.TypedChoiceField(
        label=_("Time-zone distance"),
        choices=zone_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(MessageForm):
    accept = forms.TypedChoiceField(
        choices=[("yes", _("Accept")), ("no", _("Decline"))], coerce=lambda value: value == "yes"
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("New goal"), max_length=MAX_GOAL_LENGTH, validators=[reject_markup]
    )


class GoalDoneForm(forms.Form):
    done = forms.BooleanField(required=False)


class PeopleForm(forms.Form):
    """A mentor and a mentee of the programme, by user id (the organiser's pages)."""

    mentor = forms.IntegerField(min_value=1)
    mentee = forms.IntegerField(min_value=1)


class PairRuleForm(PeopleForm):
    rule = forms.ChoiceField(choices=[*PairRule.Rule.choices, ("clear", _("Lift"))])


class CheckInForm(forms.Form):
    answer = forms.CharField(
        label=_("How is it going?"),
        max_length=MAX_CHECK_IN_LENGTH,
        help_text=_("A line for the two of you and the organisers."),
    )
    met = forms.BooleanField(label=_("We met since the last check-in"), required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("We met on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was this mentoring for you?"),
        choices=[(str(n), str(n)) for n in range(MAX_RATING, MIN_RATING - 1, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is best."),
    )
    text = forms.CharField(
        label=_("What worked, what would you change?"),
        max_length=MAX_FEEDBACK_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
