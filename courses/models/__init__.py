"""The courses app's models: courses and enrolments, groupings of students into teams,
assignments with their team workspaces and submissions, and peer-review rounds."""

from .assignments import Assignment, DraftVersion, Submission, Workspace
from .courses import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Course, Enrolment, new_join_code
from .groupings import Grouping, Team, TeamMember
from .reviews import Criterion, Review, ReviewGrade, ReviewRound, Score

__all__ = [
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "Assignment",
    "Course",
    "Criterion",
    "DraftVersion",
    "Enrolment",
    "Grouping",
    "Review",
    "ReviewGrade",
    "ReviewRound",
    "Score",
    "Submission",
    "Team",
    "TeamMember",
    "Workspace",
    "new_join_code",
]
