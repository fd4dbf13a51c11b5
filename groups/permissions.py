"""Who may see, join and run study groups. Views, admin and verbs all ask here.

A course's groups exist only for people in that course; invite-only groups exist
only for their members and invitees, and for the staff of their course (its
instructors and TAs moderate all of its groups, so they see all of them). Anyone
else gets the same 404 as for a group that does not exist.
"""

from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.http import Http404

from courses.models import Enrolment

from .models import Invitation, Membership, StudyGroup


def membership_of(user, group):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(group=group, user=user).first()


def _courses_staffed_by(user):
    """Ids of the courses `user` teaches or assists in: their staff moderate its groups."""
    return Enrolment.objects.staff().filter(user=user).values("course_id")


def _in_group(user):
    return Q(pk__in=Membership.objects.filter(user=user).values("group_id"))


def _within_reach(user):
    """Groups tied to no course or to one of `user`'s courses."""
    enrolled_in = Enrolment.objects.filter(user=user).values("course_id")
    return Q(course__isnull=True) | Q(course_id__in=enrolled_in)


def groups_visible_to(user, groups=None):
    """Of `groups` (every group by default), those `user` may know exist."""
    groups = StudyGroup.objects.all() if groups is None else groups
    if not user.is_authenticated:
        return groups.none()
    if user.is_staff:
        return groups
    invited_to = Invitation.objects.filter(invitee=user, status=Invitation.Status.PENDING).values(
        "group_id"
    )
    discoverable = Q(
        visibility__in=[StudyGroup.Visibility.OPEN, StudyGroup.Visibility.REQUEST]
    ) & _within_reach(user)
    return groups.filter(
        _in_group(user)
        | Q(pk__in=invited_to)
        | discoverable
        | Q(course_id__in=_courses_staffed_by(user))
    )


def get_group_for(user, pk, groups=None):
    """The group `pk`, read from `groups` (a queryset that may select or annotate more), if
    `user` may know it exists; the same 404 whether it is missing or hidden."""
    visible = groups_visible_to(user, groups).select_related("course", "owner__profile")
    group = visible.filter(pk=pk).first()
    if group is None:
        raise Http404("No such study group.")
    return group


def get_group_with_standing_for(user, pk, groups=None):
    """get_group_for and `user`'s Standing in the group, its membership and course-staff
    facts read in the same query. Whether a non-member sees the details is left to its
    first use: members, most of a group page's visitors, never need that subquery."""
    if not user.is_authenticated:
        raise Http404("No such study group.")
    groups = StudyGroup.objects.all() if groups is None else groups
    group = get_group_for(
        user,
        pk,
        groups.annotate(
            standing_membership=FilteredRelation(
                "memberships", condition=Q(memberships__user=user)
            ),
            standing_course_staff=Exists(
                _courses_staffed_by(user).filter(course_id=OuterRef("course_id"))
            ),
        ).select_related("standing_membership"),
    )
    standing = Standing(
        user,
        group,
        # A filtered relation that matched no row leaves its attribute unset.
        membership=getattr(group, "standing_membership", None),
        course_staff=group.standing_course_staff,
    )
    return group, standing


class Standing:
    """What `user` is to `group`, as the predicates below ask it: their membership (None
    when they are not in it), whether they teach or assist in its course, whether they
    may see its details. Each fact is read on first use and kept, so build one per
    request (or read it with the group: get_group_with_standing_for); a verb that changes
    these facts leaves an older Standing stale."""

    def __init__(self, user, group, **known):
        self.user = user
        self.group = group
        # Facts already read: a cached_property finds its value in the instance's dict.
        self.__dict__.update(known)

    @cached_property
    def membership(self):
        return membership_of(self.user, self.group)

    @cached_property
    def course_staff(self):
        return is_course_staff(self.user, self.group)

    @cached_property
    def sees_details(self):
        """groups_with_details_visible_to for one group; a member always may."""
        if self.membership is not None:
            return True
        return groups_with_details_visible_to(self.user).filter(pk=self.group.pk).exists()


def is_course_staff(user, group):
    return (
        group.course_id is not None
        and _courses_staffed_by(user).filter(course_id=group.course_id).exists()
    )


def groups_with_details_visible_to(user):
    """The groups whose member list and meeting times `user` may see: the ones they are in,
    open groups that are not archived, their course's groups if they are its staff, and
    every group for site staff.

    Whatever is worked out from a group's meetings or its members' free time (the next
    meeting, the fit, "fits my week", best-fit order, the heat map, the .ics feed) is shown
    only for these groups; for the others it is unknown, not computed and then hidden.
    """
    if not user.is_authenticated:
        return StudyGroup.objects.none()
    return StudyGroup.objects.filter(details_visible_to(user))


def details_visible_to(user):
    """groups_with_details_visible_to as a condition on groups, to filter or annotate by."""
    if not user.is_authenticated:
        return Q(pk__isnull=True)
    if user.is_staff:
        return Q(pk__isnull=False)
    # A subset of groups_visible_to, spelled out from the same parts rather than filtered
    # from it: browsing asks for both over thousands of groups.
    open_to_all = Q(
        visibility=StudyGroup.Visibility.OPEN, archived_at__isnull=True
    ) & _within_reach(user)
    return _in_group(user) | open_to_all | Q(course_id__in=_courses_staffed_by(user))


def can_see_details(user, group, standing=None):
    return (standing or Standing(user, group)).sees_details


def schedule_visible_to(user):
    """The groups whose meeting times `user` may see, as a condition on groups: those whose
    details they see (details_visible_to), and request-to-join groups within their reach
    whose organisers chose to show when they meet, so that people know before they ask.
    Members and their free hours stay behind details_visible_to."""
    if not user.is_authenticated:
        return Q(pk__isnull=True)
    shown = Q(
        visibility=StudyGroup.Visibility.REQUEST, schedule_public=True, archived_at__isnull=True
    ) & _within_reach(user)
    return details_visible_to(user) | shown


def can_see_schedule(user, group, standing=None):
    standing = standing or Standing(user, group)
    if standing.sees_details:
        return True
    return StudyGroup.objects.filter(schedule_visible_to(user), pk=group.pk).exists()


def teaches(user, course):
    """Whether `user` is an instructor or TA of `course`."""
    return _courses_staffed_by(user).filter(course_id=course.pk).exists()


def can_create_group_in(user, course):
    if course is None:
        return user.is_authenticated
    return Enrolment.objects.filter(course=course, user=user).exists()


def _organises(standing):
    return standing.membership is not None and standing.membership.is_organiser


def can_manage(user, group, standing=None):
    """Owner and co-organisers approve, invite, remove and edit; so do site staff and, as
    course moderators, the instructors and TAs of the group's course."""
    if user.is_staff:
        return True
    standing = standing or Standing(user, group)
    return _organises(standing) or standing.course_staff


def acts_as_moderator(user, group, standing=None):
    """Whether what `user` does to `group` is a moderation act: they manage it only as
    site staff or as an instructor or TA of its course, not as one of its organisers.
    Such acts are given a reason and recorded in the audit log."""
    standing = standing or Standing(user, group)
    if _organises(standing):
        return False
    return user.is_staff or standing.course_staff


def can_archive(user, group, standing=None):
    if user.is_staff or is_owner(user, group):
        return True
    return (standing or Standing(user, group)).course_staff


def is_owner(user, group):
    return group.owner_id == user.pk


def detail_visible_pairs(pairs):
    """groups_with_details_visible_to for many people at once: pairs {(user id, group
    id)} -> those whose user may see the group's details. A constant number of queries
    whatever the number of pairs (notification digests ask for thousands)."""
    if not pairs:
        return set()
    user_ids = {user_id for user_id, _ in pairs}
    group_ids = {group_id for _, group_id in pairs}
    groups = {
        g["pk"]: g
        for g in StudyGroup.objects.filter(pk__in=group_ids).values(
            "pk", "visibility", "archived_at", "course_id"
        )
    }
    staff = set(
        get_user_model().objects.filter(pk__in=user_ids, is_staff=True).values_list("pk", flat=True)
    )
    members = set(
        Membership.objects.filter(user_id__in=user_ids, group_id__in=group_ids).values_list(
            "user_id", "group_id"
        )
    )
    enrolments = {
        (user_id, course_id): role
        for user_id, course_id, role in Enrolment.objects.filter(
            user_id__in=user_ids, course_id__in={g["course_id"] for g in groups.values()}
        ).values_list("user_id", "course_id", "role")
    }

    def visible(user_id, group_id):
        group = groups.get(group_id)
        if group is None:
            return False
        if user_id in staff or (user_id, group_id) in members:
            return True
        role = enrolments.get((user_id, group["course_id"]))
        if role in Enrolment.STAFF_ROLES:
            return True
        reachable = group["course_id"] is None or role is not None
        open_now = group["visibility"] == StudyGroup.Visibility.OPEN and not group["archived_at"]
        return open_now and reachable

    return {(user_id, group_id) for user_id, group_id in pairs if visible(user_id, group_id)}
