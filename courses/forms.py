from datetime import UTC, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import reject_markup
from accounts.timezones import get_zone

from .models import Assignment, Course, Grouping
from .models.assignments import MAX_BRIEF_LENGTH, MAX_DRAFT_LENGTH, MAX_LATE_HOURS
from .models.assignments import MAX_TITLE_LENGTH as MAX_ASSIGNMENT_TITLE
from .models.grading import (
    MAX_CRITERION_POINTS,
    MAX_FEEDBACK_LENGTH,
    MAX_GRADING_CRITERIA,
    MAX_RATING_NOTE_LENGTH,
)
from .models.grading import MAX_REASON_LENGTH as MAX_ADJUSTMENT_REASON_LENGTH
from .models.groupings import MAX_MIN_SHARED_HOURS, MAX_NAME_LENGTH, MAX_TEAM_SIZE, MIN_TEAM_SIZE
from .models.reviews import (
    MAX_COMMENT_LENGTH,
    MAX_CRITERIA,
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    MAX_REVIEWS_PER_SUBMISSION,
    MAX_SCALE,
    MIN_SCALE,
)
from .models.workspaces import MAX_TASK_LENGTH


class CourseForm(forms.ModelForm):
    title = forms.CharField(label=_("Title"), max_length=120, validators=[reject_markup])
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^[A-Za-z0-9-]{2,20}$",
        max_length=20,
        help_text=_("Letters, digits and dashes, e.g. STAT101."),
        error_messages={"invalid": _("Use 2 to 20 letters, digits or dashes, e.g. STAT101.")},
    )
    term = forms.CharField(label=_("Term"), max_length=40, validators=[reject_markup])

    class Meta:
        model = Course
        fields = ["title", "code", "term", "description"]
        labels = {"description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        if Course.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A course with this code already exists."))
        return code


class CourseDetailsForm(forms.Form):
    """What an instructor may change of a course: its code stays, since students were
    given it."""

    title = forms.CharField(label=_("Title"), max_length=120, validators=[reject_markup])
    term = forms.CharField(label=_("Term"), max_length=40, validators=[reject_markup])
    description = forms.CharField(
        label=_("Description"),
        max_length=Course._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tas_see_health = forms.BooleanField(
        required=False,
        label=_("Teaching assistants see community health"),
        help_text=_("Who has no peer connection and which study groups are fading."),
    )


class JoinCourseForm(forms.Form):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("The code your instructor shared, e.g. K7QX2M9P."),
    )


# Teamwork: groupings, assignments, drafts, review rounds and reviews. The forms check
# shapes and sizes; the verbs check the rules (who, when, which), so both the pages and
# the admin and the demo get the same refusals.

MAX_TEAMS_TEXT = 20_000


class HandGroupingForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    teams = forms.CharField(
        label=_("Teams"),
        max_length=MAX_TEAMS_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One team a line: its name, a colon, then its members' handles separated "
            "by commas. For example: Red: alice, bob, chen"
        ),
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
                raise forms.ValidationError(
                    gettext("Line %(number)s: write the team's name, then a colon.")
                    % {"number": number}
                )
            reject_markup(name)
            members = []
            for handle in filter(None, (h.strip().lstrip("@") for h in handles.split(","))):
                if handle.lower() not in self.students:
                    raise forms.ValidationError(
                        gettext("Line %(number)s: “%(handle)s” is not a student of this course.")
                        % {"number": number, "handle": handle}
                    )
                members.append(self.students[handle.lower()])
            teams.append((name.strip(), members))
        if not teams:
            raise forms.ValidationError(_("Write at least one team."))
        return teams


class AutoGroupingForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    min_size = forms.IntegerField(
        label=_("Smallest team"), min_value=MIN_TEAM_SIZE, max_value=MAX_TEAM_SIZE, initial=3
    )
    max_size = forms.IntegerField(
        label=_("Largest team"), min_value=MIN_TEAM_SIZE, max_value=MAX_TEAM_SIZE, initial=4
    )
    min_shared_hours = forms.IntegerField(
        label=_("Hours a week every member is free"),
        min_value=0,
        max_value=MAX_MIN_SHARED_HOURS,
        initial=3,
        help_text=_("From students' weekly availability."),
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_size"), cleaned.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("max_size", _("The largest team cannot be smaller than the smallest."))
        return cleaned

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "auto_%s")
        super().__init__(*args, **kwargs)


class KeepTeamsForm(forms.Form):
    """The proposed teams, posted back as "id,id,id" lines, to keep as they were shown."""

    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, validators=[reject_markup])
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
                raise forms.ValidationError(
                    _("The teams were garbled: preview them again.")
                ) from None
            if any(pk not in self.students for pk in ids):
                raise forms.ValidationError(_("The course's students changed: preview them again."))
            teams.append(
                (gettext("Team %(number)s") % {"number": number}, [self.students[pk] for pk in ids])
            )
        return teams


class MoveForm(forms.Form):
    user = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    team = forms.IntegerField(min_value=0, max_value=2**63 - 1, required=False)


class AssignmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=MAX_ASSIGNMENT_TITLE, validators=[reject_markup]
    )
    brief = forms.CharField(
        label=_("Brief"),
        max_length=MAX_BRIEF_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("**bold**, _italic_, [links](https://…) and lists work."),
    )
    opens_date = forms.DateField(
        label=_("Opens on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty to open it now."),
    )
    opens_time = forms.TimeField(
        label=_("Opens at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    due_time = forms.TimeField(
        label=_("Due time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    grouping = forms.ModelChoiceField(queryset=Grouping.objects.none(), label=_("Teams from"))
    late_policy = forms.ChoiceField(
        label=_("Late policy"),
        choices=Assignment.LatePolicy.choices,
        initial=Assignment.LatePolicy.REFUSE,
    )
    late_hours = forms.IntegerField(
        label=_("Late work accepted for (hours)"),
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
                self.add_error("due_time", _("Choose a due time in the future."))
            cleaned["due_at"] = due.astimezone(UTC)
        cleaned["opens_at"] = None
        opens_day = cleaned.get("opens_date")
        if opens_day is not None:
            opens = datetime.combine(
                opens_day, cleaned.get("opens_time") or time(0), tzinfo=get_zone(self.time_zone)
            )
            cleaned["opens_at"] = opens.astimezone(UTC)
            if "due_at" in cleaned and cleaned["due_at"] <= cleaned["opens_at"]:
                self.add_error("due_date", _("The due date must come after the assignment opens."))
        if cleaned.get("late_policy") == Assignment.LatePolicy.ACCEPT and not cleaned.get(
            "late_hours"
        ):
            self.add_error("late_hours", _("Say for how many hours late work is accepted."))
        return cleaned

    def details(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "brief": data["brief"],
            "opens_at": data.get("opens_at"),
            "due_at": data["due_at"],
            "time_zone": self.time_zone,
            "grouping": data["grouping"],
            "late_policy": data["late_policy"],
            "late_hours": data.get("late_hours") or 0,
        }


class DraftForm(forms.Form):
    body = forms.CharField(
        label=_("Draft"),
        max_length=MAX_DRAFT_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "**bold**, _italic_, [links](https://…) and lists work; leave a blank line "
            "between paragraphs."
        ),
    )
    base_version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31, widget=forms.HiddenInput)


def _local_moment(day, at, zone):
    return datetime.combine(day, at, tzinfo=get_zone(zone)).astimezone(UTC)


class ReviewRoundForm(forms.Form):
    """The round's size, its phases' end times (entered in the instructor's zone) and
    its options."""

    reviews_per_submission = forms.IntegerField(
        label=_("Reviews of each submission"),
        min_value=1,
        max_value=MAX_REVIEWS_PER_SUBMISSION,
        initial=2,
    )
    reviews_due_date = forms.DateField(
        label=_("Reviews due on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reviews_due_time = forms.TimeField(
        label=_("Reviews due at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Later reviews are still taken during the feedback phase, marked late."),
    )
    closes_date = forms.DateField(
        label=_("Feedback phase ends on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    closes_time = forms.TimeField(
        label=_("Feedback phase ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Teams rate their reviews until then; then everything is final."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: the reviewed team does not see who reviewed them"),
        required=False,
        initial=True,
    )
    same_team_reviewers = forms.BooleanField(
        label=_("Two reviewers of one submission may come from the same team"),
        required=False,
        initial=True,
    )
    self_assessment = forms.BooleanField(
        label=_("Each student also assesses their own team's work"), required=False
    )
    graded = forms.BooleanField(
        label=_("Grade reviewing, from helpfulness and agreement with the other reviewers"),
        required=False,
    )

    def __init__(self, *args, time_zone="UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        if not self.is_bound:
            local = timezone.now().astimezone(get_zone(time_zone))
            self.initial.update(
                reviews_due_date=(local + timedelta(days=7)).date(),
                reviews_due_time=time(18, 0),
                closes_date=(local + timedelta(days=14)).date(),
                closes_time=time(18, 0),
            )

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in ("reviews_due_date", "reviews_due_time")]
        if None not in parts:
            cleaned["reviews_due_at"] = _local_moment(*parts, self.time_zone)
            if cleaned["reviews_due_at"] <= timezone.now():
                self.add_error("reviews_due_time", _("Choose a time in the future."))
        parts = [cleaned.get(name) for name in ("closes_date", "closes_time")]
        if None not in parts:
            cleaned["closes_at"] = _local_moment(*parts, self.time_zone)
            due = cleaned.get("reviews_due_at")
            if due is not None and cleaned["closes_at"] <= due:
                self.add_error("closes_time", _("End the feedback phase after reviews are due."))
        return cleaned

    def options(self):
        data = self.cleaned_data
        keys = ["reviews_per_submission", "reviews_due_at", "closes_at", "anonymous"]
        keys += ["same_team_reviewers", "self_assessment", "graded"]
        return {key: data[key] for key in keys}


class CriterionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=120, required=False, validators=[reject_markup]
    )
    prompt = forms.CharField(
        label=_("What to comment on"), max_length=300, required=False, validators=[reject_markup]
    )
    scale = forms.IntegerField(
        label=_("Scores from 1 to"),
        min_value=MIN_SCALE,
        max_value=MAX_SCALE,
        initial=5,
        help_text=_("1 is the weakest, the highest the strongest."),
    )
    comment_required = forms.BooleanField(label=_("A comment is required"), required=False)


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.criteria():
            raise forms.ValidationError(_("Give the rubric at least one criterion."))

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
                help_text=_("1 is the weakest, %(scale)s the strongest.")
                % {"scale": criterion.scale},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=criterion.prompt or _("Comment"),
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
        label=_("How helpful was this review?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is not helpful, 5 very helpful."),
    )
    note = forms.CharField(
        label=_("A note for the reviewer (optional)"), max_length=MAX_NOTE_LENGTH, required=False
    )


MAX_CSV_BYTES = 1024 * 1024


class CsvGroupingForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per student: the team's name, then the student's handle or "
            "email. For example: Red,alice"
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "csv_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("Keep the file under 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not text in UTF-8: save it as “CSV UTF-8” and try again.")
            ) from None


class TeamChoiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, validators=[reject_markup])
    team_count = forms.IntegerField(
        label=_("Number of teams"), min_value=1, max_value=500, initial=6
    )
    max_size = forms.IntegerField(
        label=_("At most this many in a team"),
        min_value=MIN_TEAM_SIZE,
        max_value=MAX_TEAM_SIZE,
        initial=4,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "choice_%s")
        super().__init__(*args, **kwargs)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Add a file"), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "attach_%s")
        super().__init__(*args, **kwargs)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("New task"), max_length=MAX_TASK_LENGTH)


class ExtensionForm(forms.Form):
    due_date = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    due_time = forms.TimeField(
        label=_("New due time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    reason = forms.CharField(label=_("Reason (shown to the team)"), max_length=300, required=False)

    def __init__(self, *args, time_zone, **kwargs):
        kwargs.setdefault("auto_id", "extend_%s")
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("due_date"), cleaned.get("due_time")
        if day is not None and at is not None:
            due = datetime.combine(day, at, tzinfo=get_zone(self.time_zone))
            cleaned["due_at"] = due.astimezone(UTC)
        return cleaned


class GradingCriterionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=120, required=False, validators=[reject_markup]
    )
    points = forms.IntegerField(
        label=_("Points"), min_value=1, max_value=MAX_CRITERION_POINTS, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("points"):
            self.add_error("points", _("Say how many points this criterion is worth."))
        return cleaned


class BaseGradingRubricFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.criteria():
            raise forms.ValidationError(_("Give the rubric at least one criterion."))

    def criteria(self):
        return [
            (form.cleaned_data["title"], form.cleaned_data["points"])
            for form in self.forms
            if form.cleaned_data.get("title")
        ]


GradingRubricFormSet = forms.formset_factory(
    GradingCriterionForm,
    formset=BaseGradingRubricFormSet,
    extra=4,
    max_num=MAX_GRADING_CRITERIA,
    validate_max=True,
    absolute_max=MAX_GRADING_CRITERIA,
)


class GradeForm(forms.Form):
    """Points for each criterion, feedback for the team, and for any member whose grade
    differs, their total and the reason."""

    feedback = forms.CharField(
        label=_("Feedback"),
        max_length=MAX_FEEDBACK_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown to the team when grades are released. **bold**, _italic_ and lists work."
        ),
    )

    def __init__(self, *args, criteria, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.members = list(criteria), list(members)
        self.out_of = sum(c.points for c in self.criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=gettext("%(criterion)s (out of %(points)s)")
                % {"criterion": criterion.title, "points": criterion.points},
                min_value=0,
                max_value=criterion.points,
            )
        for person in self.members:
            self.fields[f"total_{person.pk}"] = forms.IntegerField(
                label=gettext("%(name)s's grade, if it differs") % {"name": person.display_name},
                min_value=0,
                max_value=self.out_of,
                required=False,
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=gettext("Why %(name)s's grade differs") % {"name": person.display_name},
                max_length=MAX_ADJUSTMENT_REASON_LENGTH,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        for person in self.members:
            total, reason = cleaned.get(f"total_{person.pk}"), cleaned.get(f"reason_{person.pk}")
            if total is not None and not (reason or "").strip():
                self.add_error(f"reason_{person.pk}", _("Say why this member's grade differs."))
        return cleaned

    def criterion_fields(self):
        return [self[f"points_{c.pk}"] for c in self.criteria]

    def member_fields(self):
        return [(p, self[f"total_{p.pk}"], self[f"reason_{p.pk}"]) for p in self.members]

    def scores(self):
        return {c.pk: self.cleaned_data[f"points_{c.pk}"] for c in self.criteria}

    def adjustments(self):
        data = self.cleaned_data
        return {
            p.pk: (data[f"total_{p.pk}"], data[f"reason_{p.pk}"])
            for p in self.members
            if data.get(f"total_{p.pk}") is not None
        }


class TeammateRatingForm(forms.Form):
    """A 1–5 rating and an optional note for each member, the rater included."""

    def __init__(self, *args, members, rater, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for person in self.members:
            if person.pk == rater.pk:
                score_label = gettext("How much did you contribute?")
                note_label = gettext("A note about yourself (optional)")
            else:
                names = {"name": person.display_name}
                score_label = gettext("How much did %(name)s contribute?") % names
                note_label = gettext("A note about %(name)s (optional)") % names
            self.fields[f"score_{person.pk}"] = forms.TypedChoiceField(
                label=score_label,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 is very little, 5 a great deal."),
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=note_label,
                max_length=MAX_RATING_NOTE_LENGTH,
                required=False,
            )

    def rows(self):
        return [(p, self[f"score_{p.pk}"], self[f"note_{p.pk}"]) for p in self.members]

    def ratings(self):
        data = self.cleaned_data
        return {p.pk: (data[f"score_{p.pk}"], data[f"note_{p.pk}"]) for p in self.members}


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this review?"),
        max_length=MAX_REASON_LENGTH,
        help_text=_("Only the course's instructors and TAs read it."),
    )


class ReassignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label=_("Give this review to"))

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["reviewer"].queryset = User.objects.filter(pk__in=[p.pk for p in eligible])
        loads = {person.pk: person.load for person in eligible}
        self.fields["reviewer"].label_from_instance = lambda person: (
            gettext("%(name)s (%(count)s to write)")
            % {"name": person.display_name, "count": loads.get(person.pk, 0)}
        )


class ReviewGradeForm(forms.Form):
    reviewer = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    points = forms.IntegerField(
        label=_("Grade (out of 100)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty to use the computed grade."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON_LENGTH, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("points") is not None and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why you set this grade."))

        return cleaned
