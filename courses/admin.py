from django.contrib import admin, messages

from . import actions
from .models import Course, Enrolment


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    raw_id_fields = ["user"]


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
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "role", "joined_at"]
    list_filter = ["role", "course"]
    search_fields = ["user__username", "user__email", "course__code", "course__title"]
    raw_id_fields = ["user", "course"]
    list_select_related = ["user", "course"]
