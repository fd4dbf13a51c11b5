"""Finding groups: the filters, search and sort behind /groups/ and the suggestions."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    StringAgg,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Interest, Language
from accounts.templatetags.commons_time import local_time_text
from courses.models import Enrolment
from lounge.meetups.models import Meetup
from lounge.models import Channel, Message

from .models import (
    Invitation,
    JoinRequest,
    MeetingSlot,
    Membership,
    StudyGroup,
    WaitlistEntry,
)
from .permissions import groups_visible_to, schedule_visible_to
from .schedule import fit_of, viewer_week, with_fit
from .search import search_groups

PAGE_SIZE = 12
SUGGESTION_CANDIDATES = 200


def browsable_groups(viewer):
    """What /groups/ can list for `viewer`: the groups they may see, archived ones left out."""
    return groups_visible_to(viewer).active()


def browse_topics(viewer):
    """The topic filter's suggestions: topics of groups `viewer` can browse, and no others,
    so that the list never names what a hidden group is about."""
    return Interest.objects.filter(Exists(browsable_groups(viewer).filter(topics=OuterRef("pk"))))


def browse_groups(viewer, filters, now, page_number=1):
    """A page of groups matching the cleaned GroupFilterForm data, each with `.fit`."""
    groups = browsable_groups(viewer)
    if filters.get("q"):
        groups = search_groups(groups, filters["q"])
    if filters.get("course"):
        groups = groups.filter(course=filters["course"])
    if filters.get("topic"):
        groups = groups.filter(topics__name=filters["topic"].strip().lower())
    if filters.get("language"):
        groups = groups.filter(languages=filters["language"])
    if filters.get("open_seats"):
        groups = groups.with_open_seats()
    sort = filters.get("sort") or "fit"
    ordering = {
        "newest": ["-created_at", "-pk"],
        "active": ["-activity", "-last_activity_at", "-pk"],
    }
    if sort == "active":
        groups = with_activity(groups, viewer, now)
    if filters.get("q") and connection.vendor == "postgresql":
        ordering["fit"] = ["-search_rank", "-created_at", "-pk"]
    else:
        ordering["fit"] = ordering["newest"]
    week = viewer_week(viewer, now)
    if filters.get("fits") or sort == "fit":
        groups = with_fit(groups, week)
        if filters.get("fits"):
            # An unknown fit never fits my week.
            groups = groups.filter(fits_week=True)
        if sort == "fit":
            # Most of its meetings in my free time first. Groups whose schedule is
            # hidden from me come after every known fit, zero included, all alike, so
            # their place says nothing about their meetings; ties keep relevance or
            # newest first.
            ordering["fit"] = ["-fit_known", "-fit_minutes", *ordering["fit"]]
    page, ids = _counted_page(groups.order_by(*ordering.get(sort, ordering["newest"])), page_number)
    page.object_list = _with_fits(week, ids)
    return page


# "Most active" counts what happened in the last two weeks: each message in the group's
# chat, and each meeting (a weekly meeting twice, a meetup in its chat once) as much as
# MESSAGES_PER_MEETING messages, since a meeting is worth more than one message.
ACTIVITY_WINDOW = timedelta(days=14)
MESSAGES_PER_MEETING = 10


def with_activity(groups, viewer, now):
    """`groups` annotated with `activity`: messages in each group's chat and meetups in it
    over the last two weeks, and its weekly meetings where `viewer` may see the schedule
    (permissions.schedule_visible_to), so that the order says nothing of a hidden one."""
    since = now - ACTIVITY_WINDOW
    in_chat = {
        "channel__owner_type": ContentType.objects.get_for_model(StudyGroup),
        "channel__owner_id": OuterRef("pk"),
        "channel__kind": Channel.Kind.GROUP,
    }
    messages = (
        Message.objects.filter(
            **in_chat,
            created_at__gte=since,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            pending=False,
        )
        .order_by()
        .values("channel")
        .annotate(count=Count("pk"))
        .values("count")
    )
    meetups = (
        Meetup.objects.active()
        .filter(**in_chat, starts_at__lte=now, last_starts_at__gte=since)
        .order_by()
        .values("channel")
        .annotate(count=Count("pk"))
        .values("count")
    )
    weekly = (
        MeetingSlot.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    weeks = ACTIVITY_WINDOW.days // 7
    return groups.annotate(
        activity=Coalesce(Subquery(messages), 0)
        + MESSAGES_PER_MEETING * Coalesce(Subquery(meetups), 0)
        + Case(
            When(
                schedule_visible_to(viewer),
                then=MESSAGES_PER_MEETING * weeks * Coalesce(Subquery(weekly), 0),
            ),
            default=0,
        )
    )


def _counted_page(groups, page_number):
    """Paginator.get_page for `groups` (ordered) and that page's ids, in one query: the
    ids come with the total beside each (a window count) instead of a COUNT first."""
    paginator = Paginator(groups, PAGE_SIZE)
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = groups.annotate(total=Window(Count("pk"))).values_list("pk", "total")

    def rows_of(number):
        return list(counted[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])

    rows = rows_of(number)
    if rows:
        paginator.count = rows[0][1]
    else:
        paginator.count = groups.count() if number > 1 else 0
        if number > paginator.num_pages:
            # Past the end, as get_page answers: the last page.
            number = paginator.num_pages
            rows = rows_of(number)
    return paginator.page(number), [pk for pk, _ in rows]


def _with_fits(week, ids):
    by_id = {group.pk: group for group in _cards(StudyGroup.objects.filter(pk__in=ids), week)}
    return [by_id[pk] for pk in ids]


def _cards(groups, week):
    """`groups` read with what a group card shows, in one query: each with its `.fit`,
    its topic and language names (`topic_names`, `language_names`) and where the viewer
    stands in it (`standing`, a Standing)."""
    viewer = week.viewer
    groups = list(
        with_fit(groups, week, members=True)
        .select_related("course")
        .annotate(
            topics_joined=_names_of(StudyGroup.topics.through, "interest"),
            languages_joined=_names_of(StudyGroup.languages.through, "language"),
            viewer_role=Subquery(
                Membership.objects.filter(group=OuterRef("pk"), user=viewer).values("role")[:1]
            ),
            viewer_requested=Exists(
                JoinRequest.objects.filter(
                    group=OuterRef("pk"), user=viewer, status=JoinRequest.Status.PENDING
                )
            ),
            viewer_invited=Exists(
                Invitation.objects.filter(
                    group=OuterRef("pk"), invitee=viewer, status=Invitation.Status.PENDING
                )
            ),
            viewer_waitlist_place=_waitlist_place(viewer),
        )
    )
    for group in groups:
        group.fit = fit_of(group)
        group.topic_names = _split(group.topics_joined)
        group.language_names = _split(group.languages_joined)
        group.standing = CardStanding(
            role=group.viewer_role,
            requested=group.viewer_requested,
            invited=group.viewer_invited,
            waitlist_position=group.viewer_waitlist_place,
        )
    return groups


@dataclass(frozen=True)
class CardStanding:
    """Where the viewer stands in a group, as its card says it."""

    role: str | None = None
    requested: bool = False
    invited: bool = False
    waitlist_position: int | None = None

    @property
    def label(self):
        if self.role == Membership.Role.OWNER:
            return _("You organise it")
        if self.role == Membership.Role.CO_ORGANISER:
            return _("You co-organise it")
        if self.role:
            return _("You are a member")
        if self.invited:
            return _("You are invited")
        if self.requested:
            return _("You asked to join")
        if self.waitlist_position:
            return _("You are number %(place)s on the waitlist") % {"place": self.waitlist_position}
        return ""


def _waitlist_place(viewer):
    """A subquery: the viewer's place (from 1) on the waitlist of the group OuterRef("pk"),
    or NULL when they are not on it."""
    ahead_or_same = (
        WaitlistEntry.objects.filter(
            group=OuterRef("group"), created_at__lte=OuterRef("created_at")
        )
        .order_by()
        .values("group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(
        WaitlistEntry.objects.filter(group=OuterRef("pk"), user=viewer)
        .annotate(place=Subquery(ahead_or_same))
        .values("place")[:1]
    )


# Joins names in SQL and splits them here: a unit separator never appears in a name
# typed into a form.
NAME_SEPARATOR = "\x1f"


def _names_of(through, field):
    """The names of a group's topics or languages, joined, as a subquery (unordered:
    SQLite cannot order an aggregate, so _split sorts them)."""
    return Subquery(
        through.objects.filter(studygroup=OuterRef("pk"))
        .order_by()
        .values("studygroup")
        .annotate(names=StringAgg(f"{field}__name", Value(NAME_SEPARATOR)))
        .values("names")
    )


def _split(joined):
    return sorted(joined.split(NAME_SEPARATOR)) if joined else []


def suggested_groups(viewer, now, *, course=None, limit=4):
    """Groups worth a look for `viewer`, each with `.fit` and a one-line `.reason`."""
    interests, languages, my_courses = _viewer_ties(viewer)
    candidates = (
        browsable_groups(viewer)
        .exclude(visibility=StudyGroup.Visibility.INVITE)
        .exclude(memberships__user=viewer)
    )
    if course is not None:
        candidates = candidates.filter(course=course)
    groups = _cards(
        candidates.order_by("-last_activity_at")[:SUGGESTION_CANDIDATES], viewer_week(viewer, now)
    )
    scored = []
    for group in groups:
        shared_topics = sorted(set(group.topic_names) & interests)
        shared_languages = [name for name in group.language_names if name in languages]
        in_my_course = group.course_id in my_courses
        score = (
            3 * in_my_course
            + 2 * len(shared_topics)
            + (1 if shared_languages else 0)
            # Both zero for a group whose schedule is hidden from the viewer (UNKNOWN_FIT).
            + min(group.fit.fit_hours, 4)
            + 0.5 * min(group.fit.members_sharing_my_time, 4)
            - (2 if group.open_seats == 0 else 0)
        )
        group.reason = _reason(group, shared_topics, shared_languages, in_my_course)
        scored.append((score, group))
    scored.sort(key=lambda pair: -pair[0])
    return [group for score, group in scored[:limit] if score > 0]


def _viewer_ties(viewer):
    """(interest names, language names, course ids) of `viewer`, read in one query."""
    profile = viewer.profile
    parts = [
        Interest.objects.filter(people=profile).annotate(kind=Value("interest"), value=F("name")),
        Language.objects.filter(speakers=profile).annotate(kind=Value("language"), value=F("name")),
        # A course id goes as text, so that the three parts have the same columns.
        Enrolment.objects.filter(user=viewer).annotate(
            kind=Value("course"), value=Cast("course_id", CharField())
        ),
    ]
    # The parts' default orderings go: SQLite refuses ORDER BY inside a UNION.
    first, *others = (part.order_by().values_list("kind", "value") for part in parts)
    ties = {"interest": set(), "language": set(), "course": set()}
    for kind, value in first.union(*others, all=True).order_by():
        ties[kind].add(int(value) if kind == "course" else value)
    return ties["interest"], ties["language"], ties["course"]


def _reason(group, shared_topics, shared_languages, in_my_course):
    parts = []
    if group.fit.fits_my_week and group.fit.next_meeting:
        meets = local_time_text(group.fit.next_meeting, "weekday")
        parts.append(_("meets %(when)s your time, when you are free") % {"when": meets})
    elif group.fit.fit_hours:
        parts.append(
            _("%(hours)s h of its meetings fall in your free time")
            % {"hours": f"{group.fit.fit_hours:g}"}
        )
    if in_my_course and group.course:
        parts.append(_("for your course %(course)s") % {"course": group.course.code})
    if shared_topics:
        parts.append(_("about %(topics)s") % {"topics": ", ".join(shared_topics[:2])})
    if shared_languages:
        # Translators: the language a group speaks, e.g. "in Spanish".
        parts.append(_("in %(language)s") % {"language": shared_languages[0]})
    if group.fit.members_sharing_my_time:
        count = group.fit.members_sharing_my_time
        parts.append(
            ngettext(
                "%(count)s member free when you are",
                "%(count)s members free when you are",
                count,
            )
            % {"count": count}
        )
    if not parts:
        return _("A new group with open seats")
    sentence = "; ".join(parts[:3])
    return sentence[0].upper() + sentence[1:]
