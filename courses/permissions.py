"""Who may see and manage courses. Used by views, groups and admin alike."""

from django.http import Http404

from .models import Assignment, Attachment, Course, Enrolment, Grouping, Review, Workspace


def enrolment_of(user, course):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def is_enrolled(user, course):
    return enrolment_of(user, course) is not None


def can_create_course(user):
    return user.is_authenticated and (user.is_staff or user.profile.role == "instructor")


def can_manage_course(user, course, enrolment=None):
    """Instructors of the course (and site staff) manage codes, roles and the roster.
    Passing `user`'s enrolment in it, when at hand, spares the query."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    enrolment = enrolment or enrolment_of(user, course)
    return enrolment is not None and enrolment.role == Enrolment.Role.INSTRUCTOR


def acts_as_moderator(user, course, enrolment=None):
    """Whether managing `course`'s roster is a moderation act for `user`: site staff who
    are not one of its instructors. Such acts are given a reason and recorded."""
    if not (user.is_authenticated and user.is_staff):
        return False
    enrolment = enrolment or enrolment_of(user, course)
    return enrolment is None or enrolment.role != Enrolment.Role.INSTRUCTOR


def get_course_for(user, pk, courses=None):
    """Any course exists to a signed-in person (name and join form); 404 otherwise.
    `courses` is the queryset to read it from, when it should select or annotate more."""
    if not user.is_authenticated:
        raise Http404("No such course.")
    course = (Course.objects.all() if courses is None else courses).filter(pk=pk).first()
    if course is None:
        raise Http404("No such course.")
    return course


# Groupings, assignments, workspaces and reviews. A course's staff (its instructors and
# TAs, and site staff) see everything of its teamwork; instructors (and site staff)
# change it. A student sees the course's assignments, their own team's workspace, the
# reviews they were given to write, and their team's feedback without reviewers' names.


def can_teach(user, course, enrolment=None):
    """Instructors and TAs of the course, and site staff: they see every team's work."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    enrolment = enrolment or enrolment_of(user, course)
    return enrolment is not None and enrolment.is_staff_role


def get_course_to_teach(user, pk):
    """A course whose teamwork `user` may see, or 404 as for any other course page."""
    course = Course.objects.filter(pk=pk).first()
    if course is None or not can_teach(user, course):
        raise Http404("No such course.")
    return course


def get_course_for_member(user, pk):
    """A course `user` is enrolled in (or teaches), or 404."""
    course = Course.objects.filter(pk=pk).first()
    if course is None or not (is_enrolled(user, course) or can_teach(user, course)):
        raise Http404("No such course.")
    return course


def get_grouping_for(user, pk):
    grouping = Grouping.objects.select_related("course").filter(pk=pk).first()
    if grouping is None or not can_teach(user, grouping.course):
        raise Http404("No such grouping.")
    return grouping


def get_assignment_for(user, pk):
    """Everyone in the course sees its assignments; others get a 404."""
    assignment = Assignment.objects.select_related("course", "grouping").filter(pk=pk).first()
    if assignment is None or not (
        is_enrolled(user, assignment.course) or can_teach(user, assignment.course)
    ):
        raise Http404("No such assignment.")
    return assignment


def is_team_member(user, workspace):
    return user.is_authenticated and workspace.team.memberships.filter(user=user).exists()


def can_see_workspace(user, workspace):
    return is_team_member(user, workspace) or can_teach(user, workspace.assignment.course)


def can_edit_workspace(user, workspace):
    """Only the team writes its draft and submits it; the course's staff read."""
    return is_team_member(user, workspace) and is_enrolled(user, workspace.assignment.course)


def get_workspace_for(user, pk):
    """A team's workspace for its members and the course's staff; 404 for anyone else."""
    workspace = Workspace.objects.select_related("assignment__course", "team").filter(pk=pk).first()
    if workspace is None or not can_see_workspace(user, workspace):
        raise Http404("No such workspace.")
    return workspace


def workspace_of(user, assignment):
    """The workspace of `user`'s team for `assignment`, or None."""
    if not user.is_authenticated:
        return None
    return (
        Workspace.objects.select_related("team", "assignment__course")
        .filter(assignment=assignment, team__memberships__user=user)
        .first()
    )


def get_review_for(user, pk):
    """A review for the reviewer who writes it and the course's staff; 404 otherwise.
    The reviewed team reads its reviews through their workspace, never by this id."""
    review = (
        Review.objects.select_related("round__assignment__course", "submission__workspace__team")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    course = review.round.assignment.course
    if not (review.reviewer_id == user.pk and is_enrolled(user, course)) and not can_teach(
        user, course
    ):
        raise Http404("No such review.")
    return review


def get_attachment_for(user, pk):
    """A file of a brief for anyone in the course; a workspace's file for its team and
    the course's staff; 404 for anyone else, as for a file that does not exist."""
    attachment = (
        Attachment.objects.select_related("assignment__course", "workspace__team")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404("No such file.")
    if attachment.workspace_id is None:
        course = attachment.assignment.course
        visible = is_enrolled(user, course) or can_teach(user, course)
    else:
        visible = can_see_workspace(user, attachment.workspace)
    if not visible:
        raise Http404("No such file.")
    return attachment


def get_task_for(user, workspace, pk):
    """A task of `workspace` (which the caller got through get_workspace_for)."""
    task = workspace.tasks.filter(pk=pk).first()
    if task is None:
        raise Http404("No such task.")
    return task


def get_choice_for(user, pk):
    """A grouping whose teams students choose, for the course's students and staff."""
    grouping = Grouping.objects.select_related("course").filter(pk=pk).first()
    if (
        grouping is None
        or grouping.method != Grouping.Method.CHOICE
        or not (is_enrolled(user, grouping.course) or can_teach(user, grouping.course))
    ):
        raise Http404("No such grouping.")
    return grouping


def get_assignment_to_grade(user, pk):
    """An assignment for its course's instructors and TAs, who grade; 404 otherwise."""
    assignment = Assignment.objects.select_related("course", "grouping").filter(pk=pk).first()
    if assignment is None or not can_teach(user, assignment.course):
        raise Http404("No such assignment.")
    return assignment


def get_workspace_to_grade(user, pk):
    workspace = Workspace.objects.select_related("assignment__course", "team").filter(pk=pk).first()
    if workspace is None or not can_teach(user, workspace.assignment.course):
        raise Http404("No such workspace.")
    return workspace


# Community health: who is alone, which groups fade. It is about students, so only the
# course's instructors (and site staff) see it, and its TAs when the course allows.


def can_view_health(user, course, enrolment=None):
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    enrolment = enrolment or enrolment_of(user, course)
    if enrolment is None:
        return False
    if enrolment.role == Enrolment.Role.INSTRUCTOR:
        return True
    return enrolment.role == Enrolment.Role.TA and course.tas_see_health


def get_course_for_health(user, pk):
    """A course whose community health `user` may see, or the 404 of any other course."""
    course = Course.objects.filter(pk=pk).first()
    if course is None or not can_view_health(user, course):
        raise Http404("No such course.")
    return course
