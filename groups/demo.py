"""Demo study groups: 32 groups across the demo courses, some full, some by request,
meeting at realistic times in their organisers' zones, and one an instructor started
without taking a seat. Safe to re-run."""

from datetime import time

from django.contrib.auth import get_user_model

from accounts.models import Interest, Language
from courses.models import Course, Enrolment
from lounge.actions import post_message

from . import actions
from .models import StudyGroup

# (name, course code or None, topics, language codes, capacity, visibility, fill)
# fill: "full", or the share of seats taken.
GROUPS = [
    (
        "Probability problem-set crew",
        "STAT101",
        ["probability", "statistics"],
        ["en"],
        6,
        "open",
        "full",
    ),
    ("Stats in Spanish", "STAT101", ["statistics"], ["es", "en"], 8, "open", 0.5),
    ("Night owls: regression", "STAT101", ["regression", "statistics"], ["en"], 5, "open", 0.6),
    ("Exam prep sprint", "STAT101", ["exams", "statistics"], ["en"], 10, "request", 0.5),
    ("Hypothesis testing, slowly", "STAT101", ["hypothesis testing"], ["en", "fr"], 6, "open", 0.3),
    ("Weekend R practice", "STAT101", ["r", "data visualisation"], ["en"], 8, "open", 0.4),
    ("Estatística em português", "STAT101", ["statistics"], ["pt"], 6, "open", 0.5),
    ("Bayes before breakfast", "STAT101", ["bayesian statistics"], ["en"], 4, "open", "full"),
    ("STAT101 mums and dads", "STAT101", ["statistics", "parenting"], ["en"], 6, "request", 0.5),
    ("Visualising data together", "STAT101", ["data visualisation"], ["en", "de"], 8, "open", 0.3),
    ("Asia-Pacific stats circle", "STAT101", ["statistics"], ["en"], 8, "open", 0.4),
    ("Quiet study hall", "STAT101", ["focus"], ["en"], 12, "open", 0.2),
    (
        "Dynamic programming dojo",
        "CS201",
        ["dynamic programming", "python"],
        ["en"],
        6,
        "open",
        "full",
    ),
    ("Graph algorithms reading group", "CS201", ["graphs", "algorithms"], ["en"], 8, "open", 0.5),
    ("LeetCode-free zone", "CS201", ["algorithms"], ["en"], 6, "request", 0.5),
    ("Python pair programming", "CS201", ["python"], ["en", "hi"], 4, "open", 0.5),
    ("Algoritmos en español", "CS201", ["algorithms"], ["es"], 6, "open", 0.5),
    ("Sorting out sorting", "CS201", ["sorting", "algorithms"], ["en"], 5, "open", 0.4),
    ("CS201 Africa study hub", "CS201", ["algorithms", "python"], ["en"], 10, "open", 0.4),
    ("Big-O and coffee", "CS201", ["complexity"], ["en", "fr"], 6, "open", 0.3),
    ("Late-night debugging", "CS201", ["python", "debugging"], ["en"], 5, "invite", 0.6),
    ("Data structures flashcards", "CS201", ["data structures"], ["en"], 8, "open", 0.2),
    ("Design critique circle", "DES110", ["design", "ux"], ["en"], 6, "request", 0.5),
    ("Sketch together", "DES110", ["sketching", "design"], ["en", "es"], 8, "open", 0.4),
    ("User research buddies", "DES110", ["user research"], ["en"], 4, "open", "full"),
    ("Prototyping hour", "DES110", ["prototyping"], ["en"], 6, "open", 0.3),
    ("Portfolio reviews", "DES110", ["portfolio", "design"], ["en"], 5, "invite", 0.6),
    ("Language exchange: English ↔ Spanish", None, ["languages"], ["en", "es"], 10, "open", 0.4),
    ("Chess and study breaks", None, ["chess"], ["en"], 8, "open", 0.3),
    ("Writing accountability club", None, ["writing"], ["en"], 6, "request", 0.5),
    ("Machine learning paper club", None, ["machine learning"], ["en"], 8, "open", 0.5),
    ("Climate science discussion", None, ["climate"], ["en", "fr"], 8, "open", 0.3),
]

# Meeting patterns in the organiser's own zone: (weekday, start, minutes).
PATTERNS = [
    [(1, time(19), 90), (3, time(19), 90)],
    [(5, time(10), 120)],
    [(0, time(20), 60), (2, time(20), 60), (4, time(20), 60)],
    [(6, time(9, 30), 90)],
    [(2, time(12), 60)],
    [(1, time(7), 60), (4, time(7), 60)],
    [(3, time(21), 90)],
    [(5, time(16), 90), (6, time(16), 90)],
    # Tuesday 23:00 to Wednesday 01:00: after the children are asleep.
    [(1, time(23), 120)],
]

# Request-to-join groups that show when they meet to people deciding whether to ask.
SCHEDULE_PUBLIC = {"Exam prep sprint", "Design critique circle", "Writing accountability club"}
PLACES = ["Library, group study room 2", "Student union café, upstairs"]


def seed(rng):
    if StudyGroup.objects.filter(name=GROUPS[0][0]).exists():
        return  # already seeded: verbs below are not idempotent by design
    users = get_user_model().objects.select_related("profile")
    courses = {course.code: course for course in Course.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    students = [user for user in users if user.profile.role == "student" and not user.is_staff]
    for index, (name, code, topics, codes, capacity, visibility, fill) in enumerate(GROUPS):
        course = courses.get(code)
        pool = _pool(course, students)
        owner = pool[index % len(pool)]
        group = actions.create_group(
            owner,
            name=name,
            description=_description(index, course),
            course=course,
            capacity=capacity,
            visibility=visibility,
            topics=[Interest.objects.get_or_create(name=topic)[0] for topic in topics],
            languages=[languages[c] for c in codes if c in languages],
            slots=PATTERNS[index % len(PATTERNS)],
            schedule_public=name in SCHEDULE_PUBLIC,
            location=_location(index, name),
        )
        others = [person for person in pool if person != owner]
        rng.shuffle(others)
        seats = capacity if fill == "full" else max(1, round(capacity * fill))
        for person in others[: seats - 1]:
            _add(group, owner, person, visibility)
        if fill == "full" and visibility == "open":
            for person in others[seats - 1 : seats + 1]:
                actions.join_waitlist(person, group)
        if visibility == "request":
            for person in others[seats - 1 : seats + 1]:
                actions.request_to_join(
                    person, group, "Hi! I'd love to join, I'm free at these times."
                )
        if index < CHATTY_GROUPS:
            _chat(group)
    _seed_group_without_seat(courses.get("STAT101"))


def _location(index, name):
    if index % 3 == 2:
        return PLACES[index % len(PLACES)]
    slug = "".join(char for char in name.lower() if char.isalnum())[:24]
    return f"https://meet.example.org/{slug}"


# Demo content: what an instructor would have typed, in their own words.
CLINIC_DESCRIPTION = " ".join(
    [
        "Started by your instructor for anyone stuck on the week's problems.",  # untranslated: demo
        "Students run it; the instructor drops by now and then.",  # untranslated: demo content
    ]
)


def _seed_group_without_seat(course):
    """An instructor starts a group for their students without taking one of its seats."""
    if course is None:
        return
    staff = Enrolment.objects.filter(course=course, role=Enrolment.Role.INSTRUCTOR).first()
    if staff is None:
        return
    group = actions.create_group(
        staff.user,
        name=f"{course.code} problem clinic",
        description=CLINIC_DESCRIPTION,
        course=course,
        capacity=12,
        visibility="open",
        topics=[Interest.objects.get_or_create(name="statistics")[0]],
        languages=[],
        slots=[(2, time(17), 60)],
        location="https://meet.example.org/stat101-clinic",
        take_seat=False,
    )
    students = Enrolment.objects.filter(course=course, role=Enrolment.Role.STUDENT)
    for enrolment in students.select_related("user").order_by("user__username")[:3]:
        actions.join_group(enrolment.user, group)


CHATTY_GROUPS = 10
CHAT_LINES = [
    "Hi all! Shall we start with last week's problem set on {day}?",
    "Works for me. I got stuck on question 3, happy to go through it together.",
    "Same here 😅 I'll bring my notes. See you at the meeting!",
]


def _chat(group):
    members = list(group.memberships.select_related("user").order_by("joined_at"))
    channel = actions.group_channel(group)
    day = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][
        group.meeting_slots.first().weekday
    ]
    for number, line in enumerate(CHAT_LINES):
        author = members[number % len(members)].user
        post_message(author, channel, line.format(day=day))


def _pool(course, students):
    if course is None:
        return students
    enrolled = set(Enrolment.objects.filter(course=course).values_list("user_id", flat=True))
    return [person for person in students if person.pk in enrolled]


def _add(group, owner, person, visibility):
    if visibility == "open":
        actions.join_group(person, group)
    elif visibility == "request":
        request = actions.request_to_join(person, group)
        actions.decide_request(owner, request, approve=True)
    else:
        invitation = actions.invite(owner, group, person)
        actions.respond_to_invitation(person, invitation, accept=True)


DESCRIPTIONS = [
    "We work through the week's material together, share notes afterwards and keep each "
    "other going. Cameras optional.",
    "Bring **one question** you are stuck on; we take turns explaining. "
    "*Beginners very welcome.*\n\nEach week:\n\n- ten minutes of questions\n"
    "- forty minutes of explaining\n- notes in the chat afterwards",
    "Short check-in, 45 minutes of focused work, then we compare answers and swap tips.",
    "Relaxed pace, lots of examples. We keep a shared notes document everyone can add to.",
    "We meet, pick a problem, and solve it out loud together. **Mistakes encouraged!**",
    "Accountability first: say what you will do this week, then tell us how it went.",
]


def _description(index, course):
    where = f"For {course.code} students. " if course else "Open to anyone on Commons. "
    return where + DESCRIPTIONS[index % len(DESCRIPTIONS)]
