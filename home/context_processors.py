from django.db import connection
from django.utils.functional import SimpleLazyObject

from accounts.models import BADGE_CAP, Notification
from lounge.models import Membership


def header_badges(request):
    """The two counts every page's header shows (unread chat, unread notifications),
    read together in one query the first time a template asks for either. Lazy, so
    pages that never show them never query; none on an error page rendered before the
    authentication middleware ran."""
    user = getattr(request, "user", None)
    counts = SimpleLazyObject(lambda: _header_counts(user))
    return {
        "unread_chat_total": lambda: counts["chat"],
        "unread_notification_count": lambda: counts["notifications"],
    }


def _header_counts(user):
    if user is None or not user.is_authenticated:
        return {"chat": 0, "notifications": 0}
    unread_chat = (
        Membership.objects.filter(user=user, muted=False, channel__archived_at__isnull=True)
        .with_unread()
        .values("unread")
    )
    # Counted up to BADGE_CAP (shown as "99+"), so the bell's part stays cheap.
    unread_notifications = (
        Notification.objects.for_recipient(user).unread().order_by().values("pk")[:BADGE_CAP]
    )
    chat_sql, chat_params = unread_chat.query.sql_with_params()
    notifications_sql, notifications_params = unread_notifications.query.sql_with_params()
    # Two scalar subqueries in one statement: the ORM has no FROM-less SELECT, and
    # one round trip instead of two is paid on every signed-in page. Both parts are
    # the ORM's own SQL; every value stays a parameter.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM(chat.unread), 0) FROM ({chat_sql}) chat), "  # noqa: S608
            f"(SELECT COUNT(*) FROM ({notifications_sql}) notifications)",
            (*chat_params, *notifications_params),
        )
        chat, notifications = cursor.fetchone()
    return {"chat": int(chat), "notifications": int(notifications)}
