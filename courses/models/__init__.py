"""The courses app's models: courses and enrolments, groupings of students into teams,
assignments with their team workspaces and submissions, and peer-review rounds."""

from .assignments import Assignment, DraftVersion, Submission, Workspace
from .courses import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Course, Enrolment, new_join_code
from .grading import Grade, GradeScore, GradingCriterion, MemberAdjustment, TeammateRating
from .groupings import Grouping, Team, TeamMember
from .health import CourseHealth
from .reviews import Criterion, Review, ReviewGrade, ReviewRound, Score
from .workspaces import Attachment, Task

__all__ = [
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "Assignment",
    "Attachment",
    "Course",
    "CourseHealth",
    "Criterion",
    "DraftVersion",
    "Enrolment",
    "Grade",
    "GradeScore",
    "GradingCriterion",
    "Grouping",
    "MemberAdjustment",
    "Review",
    "ReviewGrade",
    "ReviewRound",
    "Score",
    "Submission",
    "Task",
    "Team",
    "TeamMember",
    "TeammateRating",
    "Workspace",
    "new_join_code",
]
