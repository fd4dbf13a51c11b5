from django.db.models import Sum

from .models import Membership


def unread_chat_total(request):
    """Unread messages across the person's channels, for the Lounge link of every page.
    Lazy, so pages that never show it never query it; none on an error page rendered
    before the authentication middleware ran."""
    user = getattr(request, "user", None)

    def total():
        if user is None or not user.is_authenticated:
            return 0
        memberships = Membership.objects.filter(
            user=user, muted=False, channel__archived_at__isnull=True
        ).with_unread()
        return memberships.aggregate(total=Sum("unread"))["total"] or 0

    return {"unread_chat_total": total}
