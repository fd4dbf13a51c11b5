"""Courses in Django admin. Enrolments and roles are kept in step with the course's
chat (and its groups' chats) by the verbs in courses.actions, so they are read-only
here and change through admin actions that call those verbs."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline, reasoned_action, run_each

from . import actions
from .models import (
    Assignment,
    Attachment,
    Course,
    CourseHealth,
    Criterion,
    DraftVersion,
    Enrolment,
    Grade,
    GradeScore,
    GradingCriterion,
    Grouping,
    MemberAdjustment,
    Review,
    ReviewGrade,
    ReviewRound,
    Score,
    Submission,
    Task,
    Team,
    TeammateRating,
    TeamMember,
    Workspace,
)


class EnrolmentInline(ReadOnlyInline):
    """Who is in the course; change it with the Enrolments actions."""

    model = Enrolment
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "term", "join_code", "student_count", "created_at"]
    list_filter = ["term"]
    search_fields = ["code", "title", "description"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["join_code", "created_at"]
    inlines = [EnrolmentInline]
    actions = ["regenerate_join_codes"]

    @admin.display(description=_("students"))
    def student_count(self, course):
        return course.enrolments.filter(role=Enrolment.Role.STUDENT).count()

    @admin.action(
        description=_("Regenerate the join code (old codes and invite links stop working)")
    )
    def regenerate_join_codes(self, request, queryset):
        for course in queryset:
            actions.regenerate_join_code(request.user, course)
        count = queryset.count()
        messages.success(
            request,
            ngettext(
                "New join codes for %(count)s course(s).",
                "New join codes for %(count)s course(s).",
                count,
            )
            % {"count": count},
        )


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "course", "role", "joined_at"]
    list_filter = ["role", "course"]
    search_fields = ["user__username", "user__email", "course__code", "course__title"]
    list_select_related = ["user", "course"]
    actions = ["remove_from_course", "make_teaching_assistants", "make_students"]

    @reasoned_action(_("Remove the selected people from their course and its study groups"))
    def remove_from_course(self, request, queryset, data):
        def remove(enrolment):
            actions.remove_from_course(
                request.user, enrolment.course, enrolment.user, data["reason"]
            )

        enrolments = queryset.select_related("course", "user")
        done = run_each(self, request, enrolments, remove)
        return ngettext("Removed %(count)s person(s).", "Removed %(count)s person(s).", done) % {
            "count": done
        }

    def _set_roles(self, request, queryset, role):
        done = run_each(
            self,
            request,
            queryset.select_related("course", "user"),
            lambda e: actions.set_course_role(request.user, e.course, e.user, role),
        )
        if role == Enrolment.Role.TA:
            message = ngettext(
                "%(count)s person(s) are now teaching assistants.",
                "%(count)s person(s) are now teaching assistants.",
                done,
            )
        else:
            message = ngettext(
                "%(count)s person(s) are now students.",
                "%(count)s person(s) are now students.",
                done,
            )
        self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Make the selected people teaching assistants"))
    def make_teaching_assistants(self, request, queryset):
        self._set_roles(request, queryset, Enrolment.Role.TA)

    @admin.action(description=_("Make the selected people students"))
    def make_students(self, request, queryset):
        self._set_roles(request, queryset, Enrolment.Role.STUDENT)


# Teamwork is changed on the course's pages, through the verbs; the admin reads it and
# closes review rounds through the verb.


@admin.register(Grouping)
class GroupingAdmin(ReadOnlyAdmin):
    list_display = ["name", "course", "method", "created_at"]
    list_filter = ["method"]
    search_fields = ["name", "course__code"]
    list_select_related = ["course"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "course", "due_at", "late_policy", "grouping"]
    search_fields = ["title", "course__code"]
    list_select_related = ["course", "grouping"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["workspace", "submitted_by", "submitted_at", "is_late"]
    list_filter = ["is_late"]
    list_select_related = ["workspace__team", "workspace__assignment", "submitted_by"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = [
        "assignment",
        "status",
        "reviews_per_submission",
        "reviews_due_at",
        "closes_at",
        "anonymous",
        "graded",
    ]
    list_filter = ["status", "anonymous", "graded"]
    list_select_related = ["assignment"]
    actions = ["close_rounds"]

    @admin.action(description=_("Close the selected review rounds"))
    def close_rounds(self, request, queryset):
        done = run_each(
            self, request, queryset, lambda r: actions.close_review_round(request.user, r)
        )
        message = ngettext(
            "Closed %(count)s review round(s).", "Closed %(count)s review round(s).", done
        )
        self.message_user(request, message % {"count": done}, messages.SUCCESS)


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = [
        "round",
        "submission",
        "reviewer",
        "is_self",
        "submitted_at",
        "is_late",
        "helpful",
        "flagged_at",
    ]
    list_filter = ["is_self", "is_late", ("flagged_at", admin.EmptyFieldListFilter)]
    list_select_related = ["round__assignment", "submission__workspace__team", "reviewer"]
    actions = ["dismiss_flags"]

    @admin.action(description=_("Clear the flags of the selected reviews"))
    def dismiss_flags(self, request, queryset):
        done = run_each(self, request, queryset, lambda r: actions.dismiss_flag(request.user, r))
        message = ngettext("Cleared %(count)s flag(s).", "Cleared %(count)s flag(s).", done)
        self.message_user(request, message % {"count": done}, messages.SUCCESS)


@admin.register(ReviewGrade)
class ReviewGradeAdmin(ReadOnlyAdmin):
    """Grades for reviewing set by hand; instructors set them on the progress board."""

    list_display = ["reviewer", "round", "points", "reason", "set_by", "set_at"]
    list_select_related = ["reviewer", "round__assignment", "set_by"]


@admin.register(CourseHealth)
class CourseHealthAdmin(ReadOnlyAdmin):
    """The latest community-health snapshot of each course, made by the worker (hourly,
    or on an instructor's "Refresh now"): when, and how much it holds. Counts and ties
    only; the instructor's pages show it."""

    list_display = ["course", "computed_at", "requested_at", "students", "ties"]
    list_select_related = ["course"]
    exclude = ["data"]
    readonly_fields = ["students", "ties"]

    @admin.display(description=_("students"))
    def students(self, snapshot):
        return len(snapshot.data.get("students", ()))

    @admin.display(description=_("peer ties"))
    def ties(self, snapshot):
        return len(snapshot.data.get("ties", ()))


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "grouping"]
    search_fields = ["name", "grouping__name"]
    list_select_related = ["grouping"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "team", "grouping"]
    search_fields = ["user__username", "team__name"]
    list_select_related = ["user", "team", "grouping"]


@admin.register(Workspace)
class WorkspaceAdmin(ReadOnlyAdmin):
    list_display = ["team", "assignment", "version", "extended_due_at"]
    list_select_related = ["team", "assignment"]


@admin.register(DraftVersion)
class DraftVersionAdmin(ReadOnlyAdmin):
    list_display = ["workspace", "number", "author", "created_at"]
    list_select_related = ["workspace__team", "workspace__assignment", "author"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["title", "round", "position", "scale"]
    list_select_related = ["round__assignment"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["review", "criterion", "level", "hidden_at"]
    list_filter = [("hidden_at", admin.EmptyFieldListFilter)]
    list_select_related = ["review__submission__workspace__team", "criterion"]
    actions = ["hide_comments", "show_comments"]

    @admin.action(description=_("Hide the selected comments from the reviewed team"))
    def hide_comments(self, request, queryset):
        done = run_each(
            self, request, queryset, lambda s: actions.set_comment_hidden(request.user, s)
        )
        message = ngettext("Hid %(count)s comment(s).", "Hid %(count)s comment(s).", done)
        self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Show the selected comments to the reviewed team again"))
    def show_comments(self, request, queryset):
        done = run_each(
            self,
            request,
            queryset,
            lambda s: actions.set_comment_hidden(request.user, s, hidden=False),
        )
        message = ngettext(
            "Showed %(count)s comment(s) again.", "Showed %(count)s comment(s) again.", done
        )
        self.message_user(request, message % {"count": done}, messages.SUCCESS)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Files are read here by their facts; their bytes only through the download view,
    which checks who asks."""

    list_display = ["name", "assignment", "workspace", "content_type", "size", "uploaded_by"]
    list_filter = ["content_type"]
    search_fields = ["name", "assignment__title"]
    list_select_related = ["assignment", "workspace__team", "uploaded_by"]
    exclude = ["key"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "workspace", "claimed_by", "done_by", "done_at"]
    list_select_related = ["workspace__team", "workspace__assignment", "claimed_by", "done_by"]
    search_fields = ["title"]


@admin.register(GradingCriterion)
class GradingCriterionAdmin(ReadOnlyAdmin):
    list_display = ["title", "assignment", "position", "points"]
    list_select_related = ["assignment"]


class GradeScoreInline(ReadOnlyInline):
    model = GradeScore
    fields = ["criterion", "points"]
    readonly_fields = fields


class MemberAdjustmentInline(ReadOnlyInline):
    model = MemberAdjustment
    fields = ["user", "total", "reason"]
    readonly_fields = fields


@admin.register(GradeScore)
class GradeScoreAdmin(ReadOnlyAdmin):
    list_display = ["grade", "criterion", "points"]
    list_select_related = ["grade__workspace__team", "criterion"]


@admin.register(MemberAdjustment)
class MemberAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["grade", "user", "total", "reason"]
    list_select_related = ["grade__workspace__team", "user"]
    search_fields = ["user__username", "reason"]


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ["workspace", "total", "out_of", "graded_by", "graded_at", "released_at"]
    list_select_related = ["workspace__team", "workspace__assignment", "graded_by"]
    inlines = [GradeScoreInline, MemberAdjustmentInline]
    actions = ["release"]

    @admin.action(description=_("Release the grades of the selected grades' assignments"))
    def release(self, request, queryset):
        assignments = {
            grade.workspace.assignment
            for grade in queryset.select_related("workspace__assignment__course")
        }
        done = run_each(
            self,
            request,
            list(assignments),
            lambda assignment: actions.release_grades(request.user, assignment),
        )
        message = ngettext(
            "Released the grades of %(count)s assignment(s).",
            "Released the grades of %(count)s assignment(s).",
            done,
        )
        self.message_user(request, message % {"count": done}, messages.SUCCESS)


@admin.register(TeammateRating)
class TeammateRatingAdmin(ReadOnlyAdmin):
    list_display = ["workspace", "rater", "ratee", "score", "rated_at"]
    list_select_related = ["workspace__team", "rater", "ratee"]
