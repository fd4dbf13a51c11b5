"""Admin actions that cannot be taken without a reason (and sometimes a duration).

`reasoned_action(form_class)` turns `run(modeladmin, request, queryset, data)` into
an admin action that first shows a form for the reason; nothing changes until a
valid form is posted. Every moderation admin action in every app uses it.

`run_each` calls a verb for each selected row, turning refusals into warnings, and
`ReadOnlyAdmin` / `ReadOnlyInline` show records that only verbs write.
"""

from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

DURATION_CHOICES = [
    (10, _("10 minutes")),
    (60, _("1 hour")),
    (60 * 24, _("1 day")),
    (60 * 24 * 7, _("7 days")),
    (60 * 24 * 28, _("28 days")),
]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text=_("Recorded in the audit log. Required."),
    )


class ReasonAndDurationForm(ReasonForm):
    duration_minutes = forms.TypedChoiceField(
        choices=DURATION_CHOICES, coerce=int, label=_("For how long")
    )


def reasoned_action(description, form_class=ReasonForm):
    def decorator(run):
        @admin.action(description=description)
        @wraps(run)
        def action(modeladmin, request, queryset):
            form = form_class(request.POST if "apply" in request.POST else None)
            if form.is_bound and form.is_valid():
                done = run(modeladmin, request, queryset, form.cleaned_data)
                if done:
                    messages.success(request, done)
                return None
            context = {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "form": form,
                "queryset": queryset,
                "action_name": run.__name__,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            }
            return TemplateResponse(request, "admin/action_with_reason.html", context)

        return action

    return decorator


def run_each(modeladmin, request, items, verb):
    """Call `verb(item)` for each item, each in its own transaction. A refusal (the
    verb's DomainError) is shown as a warning and the others go on; returns how many
    worked."""
    done = 0
    for item in items:
        try:
            with transaction.atomic():
                verb(item)
        except DomainError as error:
            modeladmin.message_user(request, f"{item}: {error}", messages.WARNING)
        else:
            done += 1
    return done


class ReadOnlyPermissions:
    """A record that only verbs write: nobody adds, edits or deletes it here (admin
    actions that call the verbs still run)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyPermissions, admin.TabularInline):
    extra = 0


class RefreshesWeekRanges:
    """An admin whose edits change what a WeekTable is derived from (someone's free
    hours or zone, a group's meetings): rewrites the owner's rows in the weeks already
    worked out, as the verbs do (accounts.week_ranges)."""

    week_table = None
    # The field of the edited row that names the owner of the rows.
    owner_field = None

    def _refresh(self, owner_ids):
        self.week_table.refresh(owner_ids)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._refresh([getattr(form.instance, self.owner_field)])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._refresh([getattr(obj, self.owner_field)])

    def delete_queryset(self, request, queryset):
        owner_ids = list(queryset.values_list(self.owner_field, flat=True))
        super().delete_queryset(request, queryset)
        self._refresh(owner_ids)
