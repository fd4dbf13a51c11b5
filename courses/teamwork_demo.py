"""Demo teamwork in STAT101: teams formed from availability, one assignment in progress
(drafts with versions, tasks, files and team chat, one team submitted, one with an
extension), one in peer review (a round open, some reviews written, one rated), one
closed and graded (a rubric, one member's grade adjusted, released, and teammates'
ratings) and one whose review round has closed (every team's feedback in, rated, one
late review, one comment flagged and hidden, reviewing graded). Built with the verbs;
safe to re-run."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lounge import actions as lounge

from . import actions
from .models import Assignment, Course, Grouping

RUBRIC = [
    {
        "title": "Clear question",
        "prompt": "Is the question the team asks easy to find and to follow?",
        "scale": 5,
        "comment_required": True,
    },
    {"title": "Sound method", "prompt": "Would the method answer it?", "scale": 5},
    {"title": "Honest about limits", "prompt": "", "scale": 3},
]
DRAFTS = [
    "**Question**\n\nHow many hours a week do first-year students study?\n",
    "**Question**\n\nHow many hours a week do first-year students study, and does it change "
    "before exams?\n\n**Method**\n\nA two-week diary, 40 volunteers.\n",
    "**Question**\n\nHow many hours a week do first-year students study, and does it change "
    "before exams?\n\n**Method**\n\nA two-week diary, 40 volunteers from three courses.\n\n"
    "**Limits**\n\nVolunteers may study more than most.\n",
]


def seed(rng):
    course = Course.objects.get(code="STAT101")
    teacher = course.created_by
    now = timezone.now()
    grouping = Grouping.objects.filter(course=course, name="Project teams").first()
    if grouping is None:
        proposal = actions.propose_teams(
            teacher, course, min_size=3, max_size=4, min_shared_hours=2, now=now
        )
        grouping = actions.create_grouping(
            teacher,
            course,
            name="Project teams",
            teams=[(team.name, team.members) for team in proposal],
            method=Grouping.Method.AUTO,
            min_size=3,
            max_size=4,
            min_shared_hours=2,
        )
    if not Assignment.objects.filter(course=course, title="Study habits survey").exists():
        _in_review(course, teacher, grouping, now)
    if not Assignment.objects.filter(course=course, title="Sampling and bias").exists():
        _in_progress(course, teacher, grouping, now)
    if not Assignment.objects.filter(course=course, title="Describing a data set").exists():
        _graded(course, teacher, grouping, now)
    if not Assignment.objects.filter(course=course, title="Reading a chart").exists():
        _closed_with_feedback(course, teacher, grouping, now)


def _write(workspace, drafts):
    """Teammates take turns saving the drafts as versions; returns the members."""
    members = list(workspace.team.members.order_by("username"))
    for number, body in enumerate(drafts):
        actions.save_draft(
            members[number % len(members)], workspace, body=body, base_version=number
        )
        workspace.refresh_from_db()
    return members


def _in_review(course, teacher, grouping, now):
    """Set two weeks ago, due two days ago: every team but one submitted, and the
    review round is open with some reviews written."""
    assignment = actions.create_assignment(
        teacher,
        course,
        now=now - timedelta(days=14),
        title="Study habits survey",
        brief="Design a small survey of how students in this course study, run it, and "
        "report what you found.\n\n- one **clear question**\n- a method that answers it\n"
        "- what your data cannot tell",
        due_at=now - timedelta(days=2),
        time_zone=teacher.profile.time_zone,
        grouping=grouping,
        late_policy=Assignment.LatePolicy.REFUSE,
        late_hours=0,
    )
    workspaces = list(assignment.workspaces.select_related("team").order_by("team__name"))
    for index, workspace in enumerate(workspaces):
        members = _write(workspace, DRAFTS)
        if index < len(workspaces) - 1:
            actions.submit_work(
                members[0], workspace, version=workspace.version, now=now - timedelta(days=3)
            )
    round_ = actions.open_review_round(
        teacher, assignment, reviews_per_submission=2, criteria=RUBRIC, seed=2026, now=now
    )
    comments = [
        "The question is sharp and the diary fits it. Say how you picked the volunteers.",
        "Easy to follow. The limits section is honest; maybe add how many dropped out.",
    ]
    for number, review in enumerate(round_.reviews.order_by("anon_order")[:3]):
        scores = {
            criterion.pk: (min(criterion.scale, 3 + number % 2), comments[number % 2])
            for criterion in round_.criteria.all()
        }
        actions.submit_review(review.reviewer, review, scores=scores)
    first = round_.reviews.filter(submitted_at__isnull=False).order_by("anon_order").first()
    reader = first.submission.workspace.team.members.order_by("username").first()
    actions.rate_review(reader, first, helpful=5, note="The point about dropouts helped.")


def _in_progress(course, teacher, grouping, now):
    """Due in nine days: two teams are drafting, one has submitted."""
    assignment = actions.create_assignment(
        teacher,
        course,
        title="Sampling and bias",
        brief="Find a published poll, explain how it sampled people, and name one bias it "
        "may have. Half a page, written together.",
        due_at=now + timedelta(days=9),
        time_zone=teacher.profile.time_zone,
        grouping=grouping,
        late_policy=Assignment.LatePolicy.ACCEPT,
        late_hours=24,
    )
    actions.add_brief_file(
        teacher,
        assignment,
        SimpleUploadedFile("poll-checklist.md", POLL_CHECKLIST.encode(), "text/markdown"),
    )
    workspaces = list(assignment.workspaces.select_related("team").order_by("team__name"))
    for index, workspace in enumerate(workspaces[:3]):
        members = _write(workspace, DRAFTS[: 2 + index % 2])
        _work_together(workspace, members)
        if index == 0:
            actions.submit_work(members[-1], workspace, version=workspace.version)
    if len(workspaces) > 1:
        actions.extend_deadline(
            teacher,
            workspaces[1],
            due_at=assignment.due_at + timedelta(days=3),
            reason="Two of you are on the field trip that week.",
        )


POLL_CHECKLIST = """# Reading a poll

- Who was asked, and how were they reached?
- How many answered, out of how many asked?
- What exactly was the question?
"""
TASKS = ["Find a published poll", "Describe how it sampled", "Name one bias", "Proofread"]
CHAT = [
    "I found a YouGov poll on commuting, shall we use it?",
    "Yes! I'll describe the sampling tonight.",
    "I can take the bias part.",
]


def _work_together(workspace, members):
    """Tasks claimed and done, a shared file and a few chat messages, so the
    contribution ledger has something to count."""
    for number, title in enumerate(TASKS):
        person = members[number % len(members)]
        task = actions.add_task(members[0], workspace, title)
        if number < 2:
            actions.complete_task(person, task)
        elif number == 2:
            actions.claim_task(person, task)
    notes = f"# {workspace.team.name}: notes\n\nPoll: commuting habits, 2026.\n"
    actions.add_workspace_file(
        members[-1], workspace, SimpleUploadedFile("notes.md", notes.encode(), "text/markdown")
    )
    chat = actions.workspace_channel(workspace)
    for number, body in enumerate(CHAT):
        lounge.post_message(members[number % len(members)], chat, body)


GRADING = [("Clear description", 40), ("Right summaries", 40), ("Readable", 20)]


def _graded(course, teacher, grouping, now):
    """Set five weeks ago, due three weeks ago: every team submitted; graded with a
    rubric, one member's grade adjusted, grades released; teammates rated each other."""
    assignment = actions.create_assignment(
        teacher,
        course,
        now=now - timedelta(days=35),
        title="Describing a data set",
        brief="Describe the class survey's data set: its variables, a summary of each, and "
        "one chart that says something.",
        due_at=now - timedelta(days=21),
        time_zone=teacher.profile.time_zone,
        grouping=grouping,
        late_policy=Assignment.LatePolicy.ACCEPT,
        late_hours=48,
    )
    criteria = actions.set_grading_rubric(teacher, assignment, GRADING)
    workspaces = list(assignment.workspaces.select_related("team").order_by("team__name"))
    for index, workspace in enumerate(workspaces):
        members = _write(workspace, DRAFTS)
        late = index == len(workspaces) - 1
        actions.submit_work(
            members[0],
            workspace,
            version=workspace.version,
            now=now - timedelta(days=20 if late else 22),
        )
        points = {c.pk: c.points - (index + number) % 4 * 3 for number, c in enumerate(criteria)}
        adjustments = {}
        if index == 0 and len(members) > 2:
            adjustments[members[-1].pk] = (
                sum(points.values()) - 15,
                "Joined late and wrote little of the draft, as the team's ratings and the "
                "history show.",
            )
        actions.grade_submission(
            teacher,
            workspace,
            scores=points,
            feedback="Clear variables and honest summaries. The chart's axis needs a label.",
            adjustments=adjustments,
            now=now - timedelta(days=18),
        )
        for rater in members:
            actions.rate_teammates(
                rater,
                workspace,
                {m.pk: (4 if m != members[-1] or index else 2, "") for m in members},
            )
    actions.release_grades(teacher, assignment, now=now - timedelta(days=17))


CLOSED_COMMENTS = [
    "The chart is read carefully. Say what the grey band means before you use it.",
    "Good that you checked the axis starts at zero. The last paragraph repeats the first.",
    "Clear. I would add where the numbers come from.",
    "You only wrote one line. Lazy.",
]


def _closed_with_feedback(course, teacher, grouping, now):
    """Set five weeks ago, due four weeks ago; its review round ran for two weeks and
    closed a week ago by itself: every review written (one late), rated, one comment
    hidden after its team flagged it, and reviewing graded."""
    assignment = actions.create_assignment(
        teacher,
        course,
        now=now - timedelta(days=35),
        title="Reading a chart",
        brief="Pick one chart from this week's reading and explain, in a few lines, what "
        "it shows and one way it could mislead.",
        due_at=now - timedelta(days=28),
        time_zone=teacher.profile.time_zone,
        grouping=grouping,
        late_policy=Assignment.LatePolicy.REFUSE,
        late_hours=0,
    )
    for workspace in assignment.workspaces.select_related("team").order_by("team__name"):
        members = _write(workspace, DRAFTS[:2])
        actions.submit_work(
            members[0], workspace, version=workspace.version, now=now - timedelta(days=29)
        )
    opened = now - timedelta(days=27)
    round_ = actions.open_review_round(
        teacher,
        assignment,
        reviews_per_submission=2,
        criteria=RUBRIC,
        reviews_due_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=7),
        graded=True,
        seed=7,
        now=opened,
    )
    reviews = list(round_.reviews.order_by("anon_order"))
    for number, review in enumerate(reviews):
        comment = CLOSED_COMMENTS[number % len(CLOSED_COMMENTS)]
        late = number == len(reviews) - 1
        scores = {
            criterion.pk: (min(criterion.scale, 2 + number % 3), comment)
            for criterion in round_.criteria.all()
        }
        written = opened + timedelta(days=9 if late else 2 + number % 4)
        actions.submit_review(review.reviewer, review, scores=scores, now=written)
        reader = review.submission.workspace.team.members.order_by("username").first()
        if comment.endswith("Lazy."):
            actions.flag_review(reader, review, reason="Rude, and it tells us nothing.")
            for score in review.scores.all():
                actions.set_comment_hidden(teacher, score)
            actions.rate_review(reader, review, helpful=1)
        else:
            actions.rate_review(reader, review, helpful=3 + number % 3, note="Thanks.")
    actions.advance_review_rounds(now)
