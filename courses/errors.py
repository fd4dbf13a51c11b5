"""Refusals of the courses verbs: `code` for programs, the message for people."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class CourseError(DomainError):
    """A course action that cannot be done; the message is shown to the person."""

    code = "course_error"


class NotAllowed(CourseError):
    code = "forbidden"
    default_message = _("You cannot do that here.")


class InvalidJoinCode(CourseError):
    code = "invalid_join_code"


class InvalidGrouping(CourseError):
    code = "invalid_grouping"
    default_message = _("Check the teams.")


class CannotFormTeams(CourseError):
    code = "cannot_form_teams"
    default_message = _("These teams cannot be formed.")


class InvalidAssignment(CourseError):
    code = "invalid_assignment"
    default_message = _("Check the assignment's details.")


class DraftConflict(CourseError):
    code = "draft_conflict"
    default_message = _(
        "A teammate saved a newer version while you were editing. Your text was not saved: "
        "copy it, open the latest version and add your changes again."
    )


class AlreadySubmitted(CourseError):
    code = "already_submitted"
    default_message = _("Your team has already submitted: the submitted version is final.")


class SubmissionClosed(CourseError):
    code = "submission_closed"
    default_message = _("Submissions for this assignment are closed.")


class InvalidReviewRound(CourseError):
    code = "invalid_review_round"
    default_message = _("Check the review round's details.")


class ReviewClosed(CourseError):
    code = "review_closed"
    default_message = _("This review round is closed.")


class InvalidReview(CourseError):
    code = "invalid_review"
    default_message = _("Check the scores and comments.")


class InvalidFile(CourseError):
    code = "invalid_file"
    default_message = _("That file cannot be added.")


class InvalidTask(CourseError):
    code = "invalid_task"
    default_message = _("Check the task.")


class InvalidGrade(CourseError):
    code = "invalid_grade"
    default_message = _("Check the grade.")


class TeamChoiceError(CourseError):
    code = "team_choice"
    default_message = _("You cannot choose that team.")
