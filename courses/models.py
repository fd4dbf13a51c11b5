from django.conf import settings
from django.db import models


class Course(models.Model):
    """An online course whose students study together on Commons."""

    title = models.CharField(max_length=120)
    code = models.CharField(max_length=20, unique=True, help_text="e.g. STAT101")
    term = models.CharField(max_length=40, help_text="e.g. Spring 2027")
    description = models.TextField(max_length=2000, blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses_taught"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.title}"
