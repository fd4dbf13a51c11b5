from django.db import connection
from django.utils.functional import SimpleLazyObject

from accounts.models import BADGE_CAP, Notification
from accounts.permissions import is_site_moderator
from lounge.models import Membership
from lounge.permissions import reports_visible_to


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
        # Site moderators, and course staff who moderate a chat: the header links to the
        # moderation queue with the open reports they may act on.
        "moderation_queue": lambda: counts["moderation"],
    }


def _header_counts(user):
    if user is None or not user.is_authenticated:
        return {"chat": 0, "notifications": 0, "moderation": None}
    unread_chat = (
        Membership.objects.filter(user=user, muted=False, channel__archived_at__isnull=True)
        .with_unread()
        .values("unread")
    )
    # Counted up to BADGE_CAP (shown as "99+"), so the bell's part stays cheap.
    unread_notifications = (
        Notification.objects.for_recipient(user).unread().order_by().values("pk")[:BADGE_CAP]
    )
    moderates = Membership.objects.filter(user=user, role=Membership.Role.MODERATOR).values("pk")[
        :1
    ]
    open_reports = reports_visible_to(user).open().order_by().values("pk")[:BADGE_CAP]
    chat_sql, chat_params = unread_chat.query.sql_with_params()
    notifications_sql, notifications_params = unread_notifications.query.sql_with_params()
    moderates_sql, moderates_params = moderates.query.sql_with_params()
    reports_sql, reports_params = open_reports.query.sql_with_params()
    # Scalar subqueries in one statement: the ORM has no FROM-less SELECT, and one round
    # trip instead of four is paid on every signed-in page. Every part is the ORM's own
    # SQL; every value stays a parameter.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM(chat.unread), 0) FROM ({chat_sql}) chat), "  # noqa: S608
            f"(SELECT COUNT(*) FROM ({notifications_sql}) notifications), "
            f"(SELECT COUNT(*) FROM ({moderates_sql}) moderates), "
            f"(SELECT COUNT(*) FROM ({reports_sql}) reports)",
            (*chat_params, *notifications_params, *moderates_params, *reports_params),
        )
        chat, notifications, moderates_a_chat, reports = cursor.fetchone()
    moderator = is_site_moderator(user) or bool(moderates_a_chat)
    return {
        "chat": int(chat),
        "notifications": int(notifications),
        "moderation": {"open": int(reports)} if moderator else None,
    }
