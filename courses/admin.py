from django.contrib import admin

from .models import Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "term", "instructor", "created_at"]
    list_filter = ["term"]
    search_fields = ["code", "title", "instructor__username", "instructor__email"]
    raw_id_fields = ["instructor"]
