"""The notification centre's pages: /notifications/, the bell's dropdown, marking
read, the preferences page and the one-click unsubscribe link of every email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import actions, emails
from .models import Notification
from .notification_forms import NotificationSettingsForm
from .notifications import KINDS, PREFERENCE_KINDS, render_for

PAGE_SIZE = 25
LATEST_IN_DROPDOWN = 6


def _listed(user, kind=""):
    listed = Notification.objects.for_recipient(user).select_related("actor__profile")
    return listed.filter(kind=kind) if kind else listed


def notifications_page(request):
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        kind = ""
    page = Paginator(_listed(request.user, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/notifications.html",
        {
            "items": render_for(request.user, page.object_list),
            "page": page,
            "kind": kind,
            "kinds": [(code, KINDS[code].label) for code in KINDS],
        },
    )


def notifications_latest(request):
    items = render_for(request.user, _listed(request.user)[:LATEST_IN_DROPDOWN])
    return render(request, "accounts/_bell.html#latest", {"items": items})


def notification_open(request, pk):
    """Follow a notification to what it is about, marking it read on the way."""
    notification = actions.mark_notification_read(request.user, pk)
    if notification is None:
        raise Http404
    [item] = render_for(request.user, [notification])
    return redirect(item.url or "notifications:index")


@require_POST
def notification_read(request, pk):
    if actions.mark_notification_read(request.user, pk) is None:
        raise Http404
    return redirect("notifications:index")


@require_POST
def notifications_read_all(request):
    kind = request.POST.get("kind", "")
    actions.mark_notifications_read(request.user, kind=kind if kind in KINDS else None)
    messages.success(request, _("All caught up."))
    return redirect("notifications:index")


def notification_preferences(request):
    form = NotificationSettingsForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.update_notification_settings(request.user, **form.settings())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "accounts/notification_preferences.html",
        {"form": form, "kind_fields": [form[f"kind_{code}"] for code in PREFERENCE_KINDS]},
        status=400 if form.errors else 200,
    )


@login_not_required
@csrf_exempt  # RFC 8058: mail clients POST here without a session or CSRF token
def unsubscribe(request, token):
    """GET asks (mail scanners follow links), POST unsubscribes: the form's button and
    a mail client's one-click `List-Unsubscribe-Post` both land here."""
    found = emails.read_unsubscribe_token(token)
    if found is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    user, kinds = found
    done = request.method == "POST"
    if done:
        actions.unsubscribe_from_email(user, kinds)
    labels = [KINDS[kind].label for kind in kinds]
    # In the language of the email the link came from, whoever's browser opens it.
    with translation.override(emails.language_of(user)):
        return render(request, "accounts/unsubscribe.html", {"labels": labels, "done": done})
