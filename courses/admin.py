"""Courses in Django admin. Enrolments and roles are kept in step with the course's
chat (and its groups' chats) by the verbs in courses.actions, so they are read-only
here and change through admin actions that call those verbs."""

from django.contrib import admin, messages

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline, reasoned_action, run_each

from . import actions
from .models import Course, Enrolment


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

    @admin.display(description="students")
    def student_count(self, course):
        return course.enrolments.filter(role=Enrolment.Role.STUDENT).count()

    @admin.action(description="Regenerate the join code (old codes and invite links stop working)")
    def regenerate_join_codes(self, request, queryset):
        for course in queryset:
            actions.regenerate_join_code(request.user, course)
        messages.success(request, f"New join codes for {queryset.count()} course(s).")


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "course", "role", "joined_at"]
    list_filter = ["role", "course"]
    search_fields = ["user__username", "user__email", "course__code", "course__title"]
    list_select_related = ["user", "course"]
    actions = ["remove_from_course", "make_teaching_assistants", "make_students"]

    @reasoned_action("Remove the selected people from their course and its study groups")
    def remove_from_course(self, request, queryset, data):
        def remove(enrolment):
            actions.remove_from_course(
                request.user, enrolment.course, enrolment.user, data["reason"]
            )

        enrolments = queryset.select_related("course", "user")
        return f"Removed {run_each(self, request, enrolments, remove)} person(s)."

    def _set_roles(self, request, queryset, role):
        done = run_each(
            self,
            request,
            queryset.select_related("course", "user"),
            lambda e: actions.set_course_role(request.user, e.course, e.user, role),
        )
        label = Enrolment.Role(role).label.lower()
        self.message_user(request, f"{done} person(s) are now {label}s.", messages.SUCCESS)

    @admin.action(description="Make the selected people teaching assistants")
    def make_teaching_assistants(self, request, queryset):
        self._set_roles(request, queryset, Enrolment.Role.TA)

    @admin.action(description="Make the selected people students")
    def make_students(self, request, queryset):
        self._set_roles(request, queryset, Enrolment.Role.STUDENT)
