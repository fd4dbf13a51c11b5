from datetime import UTC, datetime

from django import forms
from django.utils import timezone

from accounts.forms import reject_markup
from accounts.timezones import get_zone

from .models import Assignment, Course, Grouping
from .models.assignments import MAX_BRIEF_LENGTH, MAX_DRAFT_LENGTH, MAX_LATE_HOURS
from .models.assignments import MAX_TITLE_LENGTH as MAX_ASSIGNMENT_TITLE
from .models.groupings import MAX_MIN_SHARED_HOURS, MAX_NAME_LENGTH, MAX_TEAM_SIZE, MIN_TEAM_SIZE
from .models.reviews import (
    MAX_COMMENT_LENGTH,
    MAX_CRITERIA,
    MAX_NOTE_LENGTH,
    MAX_REVIEWS_PER_SUBMISSION,
    MAX_SCALE,
    MIN_SCALE,
)


class CourseForm(forms.ModelForm):
    title = forms.CharField(max_length=120, validators=[reject_markup])
    code = forms.RegexField(
        regex=r"^[A-Za-z0-9-]{2,20}$",
        max_length=20,
        help_text="Letters, digits and dashes, e.g. STAT101.",
        error_messages={"invalid": "Use 2 to 20 letters, digits or dashes, e.g. STAT101."},
    )
    term = forms.CharField(max_length=40, validators=[reject_markup])

    class Meta:
        model = Course
        fields = ["title", "code", "term", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        if Course.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("A course with this code already exists.")
        return code


class CourseDetailsForm(forms.Form):
    """What an instructor may change of a course: its code stays, since students were
    given it."""

    title = forms.CharField(max_length=120, validators=[reject_markup])
    term = forms.CharField(max_length=40, validators=[reject_markup])
    description = forms.CharField(
        max_length=Course._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JoinCourseForm(forms.Form):
    join_code = forms.CharField(
        label="Join code",
        max_length=20,
        help_text="The code your instructor shared, e.g. K7QX2M9P.",
    )


# Teamwork: groupings, assignments, drafts, review rounds and reviews. The forms check
# shapes and sizes; the verbs check the rules (who, when, which), so both the pages and
# the admin and the demo get the same refusals.

MAX_TEAMS_TEXT = 20_000


class HandGroupingForm(forms.Form):
    name = forms.CharField(max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    teams = forms.CharField(
        max_length=MAX_TEAMS_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One team a line: its name, a colon, then its members' handles separated "
        "by commas. For example: Red: alice, bob, chen",
    )

    def __init__(self, *args, students, **kwargs):
        # Shares its page with AutoGroupingForm: distinct ids keep each label on its field.
        kwargs.setdefault("auto_id", "hand_%s")
        super().__init__(*args, **kwargs)
        self.students = {student.username.lower(): student for student in students}

    def clean_teams(self):
        teams = []
        for number, line in enumerate(self.cleaned_data["teams"].splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, handles = line.partition(":")
            if not colon or not name.strip():
                raise forms.ValidationError(f"Line {number}: write the team's name, then a colon.")
            reject_markup(name)
            members = []
            for handle in filter(None, (h.strip().lstrip("@") for h in handles.split(","))):
                if handle.lower() not in self.students:
                    raise forms.ValidationError(
                        f"Line {number}: “{handle}” is not a student of this course."
                    )
                members.append(self.students[handle.lower()])
            teams.append((name.strip(), members))
        if not teams:
            raise forms.ValidationError("Write at least one team.")
        return teams


class AutoGroupingForm(forms.Form):
    name = forms.CharField(max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    min_size = forms.IntegerField(
        label="Smallest team", min_value=MIN_TEAM_SIZE, max_value=MAX_TEAM_SIZE, initial=3
    )
    max_size = forms.IntegerField(
        label="Largest team", min_value=MIN_TEAM_SIZE, max_value=MAX_TEAM_SIZE, initial=4
    )
    min_shared_hours = forms.IntegerField(
        label="Hours a week every member is free",
        min_value=0,
        max_value=MAX_MIN_SHARED_HOURS,
        initial=3,
        help_text="From students' weekly availability.",
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_size"), cleaned.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("max_size", "The largest team cannot be smaller than the smallest.")
        return cleaned

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "auto_%s")
        super().__init__(*args, **kwargs)


class KeepTeamsForm(forms.Form):
    """The proposed teams, posted back as "id,id,id" lines, to keep as they were shown."""

    name = forms.CharField(max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    teams = forms.CharField(max_length=MAX_TEAMS_TEXT, widget=forms.HiddenInput)
    min_size = forms.IntegerField(min_value=MIN_TEAM_SIZE, max_value=MAX_TEAM_SIZE)
    max_size = forms.IntegerField(min_value=MIN_TEAM_SIZE, max_value=MAX_TEAM_SIZE)
    min_shared_hours = forms.IntegerField(min_value=0, max_value=MAX_MIN_SHARED_HOURS)

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = {student.pk: student for student in students}

    def clean_teams(self):
        teams = []
        for number, line in enumerate(self.cleaned_data["teams"].split(";"), start=1):
            try:
                ids = [int(part) for part in line.split(",") if part.strip()]
            except ValueError:
                raise forms.ValidationError("The teams were garbled: preview them again.") from None
            if any(pk not in self.students for pk in ids):
                raise forms.ValidationError("The course's students changed: preview them again.")
            teams.append((f"Team {number}", [self.students[pk] for pk in ids]))
        return teams


class MoveForm(forms.Form):
    user = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    team = forms.IntegerField(min_value=0, max_value=2**63 - 1, required=False)


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=MAX_ASSIGNMENT_TITLE, validators=[reject_markup])
    brief = forms.CharField(
        max_length=MAX_BRIEF_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="**bold**, _italic_, [links](https://…) and lists work.",
    )
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_time = forms.TimeField(
        label="Due time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    grouping = forms.ModelChoiceField(queryset=Grouping.objects.none(), label="Teams from")
    late_policy = forms.ChoiceField(
        choices=Assignment.LatePolicy.choices, initial=Assignment.LatePolicy.REFUSE
    )
    late_hours = forms.IntegerField(
        label="Late work accepted for (hours)",
        min_value=0,
        max_value=MAX_LATE_HOURS,
        initial=0,
        required=False,
    )

    def __init__(self, *args, course, time_zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields["grouping"].queryset = course.groupings.order_by("name")
        self.fields["grouping"].label_from_instance = lambda grouping: grouping.name

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("due_date"), cleaned.get("due_time")
        if day is not None and at is not None:
            due = datetime.combine(day, at, tzinfo=get_zone(self.time_zone))
            if due <= timezone.now():
                self.add_error("due_time", "Choose a due time in the future.")
            cleaned["due_at"] = due.astimezone(UTC)
        if cleaned.get("late_policy") == Assignment.LatePolicy.ACCEPT and not cleaned.get(
            "late_hours"
        ):
            self.add_error("late_hours", "Say for how many hours late work is accepted.")
        return cleaned

    def details(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "brief": data["brief"],
            "due_at": data["due_at"],
            "time_zone": self.time_zone,
            "grouping": data["grouping"],
            "late_policy": data["late_policy"],
            "late_hours": data.get("late_hours") or 0,
        }


class DraftForm(forms.Form):
    body = forms.CharField(
        label="Draft",
        max_length=MAX_DRAFT_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="**bold**, _italic_, [links](https://…) and lists work; leave a blank line "
        "between paragraphs.",
    )
    base_version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31, widget=forms.HiddenInput)


class ReviewRoundForm(forms.Form):
    reviews_per_submission = forms.IntegerField(
        label="Reviews of each submission",
        min_value=1,
        max_value=MAX_REVIEWS_PER_SUBMISSION,
        initial=2,
    )


class CriterionForm(forms.Form):
    title = forms.CharField(max_length=120, required=False, validators=[reject_markup])
    prompt = forms.CharField(
        label="What to comment on", max_length=300, required=False, validators=[reject_markup]
    )
    scale = forms.IntegerField(
        label="Scores from 1 to",
        min_value=MIN_SCALE,
        max_value=MAX_SCALE,
        initial=5,
        help_text="1 is the weakest, the highest the strongest.",
    )
    comment_required = forms.BooleanField(label="A comment is required", required=False)


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.criteria():
            raise forms.ValidationError("Give the rubric at least one criterion.")

    def criteria(self):
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("title")]


CriterionFormSet = forms.formset_factory(
    CriterionForm,
    formset=BaseCriterionFormSet,
    extra=3,
    max_num=MAX_CRITERIA,
    validate_max=True,
    absolute_max=MAX_CRITERIA,
)


class ReviewForm(forms.Form):
    """One score and one comment per criterion of the round's rubric."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[(n, str(n)) for n in criterion.levels],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"1 is the weakest, {criterion.scale} the strongest.",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=criterion.prompt or "Comment",
                max_length=MAX_COMMENT_LENGTH,
                required=criterion.comment_required,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(criterion, its score field, its comment field) for the template."""
        return [(c, self[f"level_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self):
        data = self.cleaned_data
        return {c.pk: (data[f"level_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}


class HelpfulForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label="How helpful was this review?",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 is not helpful, 5 very helpful.",
    )
    note = forms.CharField(
        label="A note for the reviewer (optional)", max_length=MAX_NOTE_LENGTH, required=False
    )
