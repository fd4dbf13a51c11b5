"""Nothing a group's page keeps from a viewer shows anywhere else for that viewer.

One world of groups, built through the real verbs, is read through every page that
lists groups (browse with each filter, sort and search, its htmx fragment, home and
the course page) by an outsider and by a course mate who belongs to none of the
private groups but is invited to one. Every card, suggestion, list item and
datalist option is read field by field, text and attributes alike.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.actions import set_free_hours
from accounts.models import Interest
from courses import actions as course_actions
from groups import actions

THURSDAY, FRIDAY, SATURDAY, SUNDAY = 3, 4, 5, 6
DESCRIPTION = "We work through the chapters together."
# Private meetings start at :17 so that no other time on a page looks like them.
MEETINGS = {
    "Meadow open": [(THURSDAY, time(9), 60)],
    "Cobalt course open": [(THURSDAY, time(10), 60)],
    "Rookery by request": [(THURSDAY, time(13, 17), 60)],
    "Citrine course by request": [(FRIDAY, time(14, 17), 60)],
    "Ivory invite only": [(SATURDAY, time(15, 17), 60)],
    "Hollow invite only": [(SUNDAY, time(16, 17), 60)],
}
PRIVATE_MEMBERS = ["Quentin", "Xavier"]
# What a page shows only with a group's schedule: a weekday, a clock time, a fit.
SCHEDULE_OR_FIT = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)|\d:\d\d|\b[Ff]ree\b|your week|\bPartly\b|\d h\b"
)
GROUP_LISTS = {"groups-title", "suggested-title", "course-groups-title", "course-suggestions-title"}
GROUP_LINK = re.compile(r"^/groups/(\d+)/$")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class Fragment:
    """One card, suggestion or list item about one group: all its text and attribute values."""

    where: str
    group_pk: int | None = None
    parts: list = field(default_factory=list)

    @property
    def text(self):
        return " ".join(" ".join(self.parts).split())


class GroupFragments(HTMLParser):
    """Collects each <article> or <li> inside a list of groups, and the topic datalist."""

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, Fragment or None, opens a list of groups)
        self.fragments = []
        self.topic_options = []
        self.in_topic_datalist = False

    def _in_group_list(self):
        return any(opens_list for _, _, opens_list in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        values = [value for value in attrs.values() if value]
        for _, fragment, _ in self.stack:
            if fragment is not None:
                fragment.parts.extend(values)
        link = GROUP_LINK.match(attrs.get("href") or "")
        if link:
            for _, fragment, _ in self.stack:
                if fragment is not None:
                    fragment.group_pk = int(link.group(1))
        if tag == "datalist" and attrs.get("id") == "topic-options":
            self.in_topic_datalist = True
        if tag == "option" and self.in_topic_datalist:
            self.topic_options.append(attrs.get("value"))
        if tag in VOID_TAGS:
            return
        opens_list = (
            attrs.get("id") == "group-results" or attrs.get("aria-labelledby") in GROUP_LISTS
        )
        fragment = None
        if tag in ("article", "li") and self._in_group_list():
            fragment = Fragment(where=tag)
            self.fragments.append(fragment)
        self.stack.append((tag, fragment, opens_list))

    def handle_endtag(self, tag):
        if tag == "datalist":
            self.in_topic_datalist = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, fragment, _ in self.stack:
            if fragment is not None:
                fragment.parts.append(data)


def read_page(response):
    parser = GroupFragments()
    parser.feed(response.content.decode())
    return parser


def hours_covering(meetings, zone_name):
    """The (weekday, hour) marks, in `zone_name`, of free hours that cover these UTC meetings."""
    zone = ZoneInfo(zone_name)
    monday = datetime(2027, 1, 4, tzinfo=UTC)
    hours = set()
    for weekday, start, minutes in meetings:
        begin = monday + timedelta(days=weekday, hours=start.hour, minutes=start.minute)
        hour = begin.replace(minute=0)
        while hour < begin + timedelta(minutes=minutes):
            local = hour.astimezone(zone)
            hours.add((local.weekday(), local.hour))
            hour += timedelta(hours=1)
    return sorted(hours)


@dataclass
class World:
    groups: dict
    course: object
    topics: dict


@pytest.fixture
def world(enrolled, bob, make_person, make_group):
    """bob runs two open groups; quentin runs four private ones, with xavier in each."""
    quentin = make_person("quentin")
    xavier = make_person("xavier")
    for person in (quentin, xavier):
        course_actions.enrol_with_code(person, enrolled.join_code)
    settings = {
        "Meadow open": (bob, {}),
        "Cobalt course open": (bob, {"course": enrolled}),
        "Rookery by request": (quentin, {"visibility": "request"}),
        "Citrine course by request": (quentin, {"visibility": "request", "course": enrolled}),
        "Ivory invite only": (quentin, {"visibility": "invite"}),
        "Hollow invite only": (quentin, {"visibility": "invite"}),
    }
    groups, topics = {}, {}
    for name, (owner, fields) in settings.items():
        topic = Interest.objects.create(name=f"topic-{name.split()[0].lower()}")
        topics[name] = topic.name
        groups[name] = make_group(
            owner,
            name=name,
            description=DESCRIPTION,
            topics=[topic],
            slots=MEETINGS[name],
            **fields,
        )
    for group in groups.values():
        if group.visibility == "request":
            actions.request_to_join(xavier, group)
            pending = group.join_requests.get(user=xavier)
            actions.decide_request(quentin, pending, approve=True)
        elif group.visibility == "invite":
            actions.respond_to_invitation(
                xavier, actions.invite(quentin, group, xavier), accept=True
            )
    return World(groups=groups, course=enrolled, topics=topics)


@pytest.fixture
def outsider(world, charlie):
    """charlie: in no course and no group."""
    return charlie


@pytest.fixture
def course_mate(world, make_person):
    """nina: a student of the course, in no group, invited to one invite-only group."""
    nina = make_person("nina")
    course_actions.enrol_with_code(nina, world.course.join_code)
    ivory = world.groups["Ivory invite only"]
    actions.invite(ivory.owner, ivory, nina)
    return nina


# Per viewer: the groups they cannot find at all, and those they find without their schedule.
HIDDEN = {
    "outsider": {
        "Cobalt course open",
        "Citrine course by request",
        "Ivory invite only",
        "Hollow invite only",
    },
    "course_mate": {"Hollow invite only"},
}
SCHEDULE_HIDDEN = {
    "outsider": {"Rookery by request"},
    "course_mate": {"Rookery by request", "Citrine course by request", "Ivory invite only"},
}
BROWSE_PAGES = [
    ("best fit", {}, {}),
    ("newest", {"sort": "newest"}, {}),
    ("most active", {"sort": "active"}, {}),
    ("fits my week", {"fits": "on"}, {}),
    ("open seats", {"open_seats": "on", "sort": "fit"}, {}),
    ("search", {"q": "chapters"}, {}),
    ("search by newest", {"q": "chapters", "sort": "newest"}, {}),
    ("topic filter", {"topic": "topic-rookery"}, {}),
    ("htmx results", {"q": "chapters"}, {"HX-Request": "true"}),
    ("htmx fits my week", {"fits": "on"}, {"HX-Request": "true"}),
]


def visit_every_page(client, world):
    """(label, browse parameters or None, response) for each page that lists groups."""
    pages = [
        (f"/groups/ {label}", params, client.get(reverse("groups:index"), params, headers=headers))
        for label, params, headers in BROWSE_PAGES
    ]
    pages.append(("home", None, client.get(reverse("home"))))
    course_page = client.get(reverse("courses:detail", args=[world.course.pk]))
    pages.append(("course page", None, course_page))
    for label, _, response in pages:
        assert response.status_code == 200, label
    return pages


@pytest.mark.parametrize("persona", ["outsider", "course_mate"])
def test_no_page_shows_what_a_groups_page_hides(client, world, persona, request):
    viewer = request.getfixturevalue(persona)
    viewer.profile.interests.set(Interest.objects.all())  # every group is worth suggesting
    pk_to_name = {group.pk: name for name, group in world.groups.items()}
    hidden_names = HIDDEN[persona]
    schedule_hidden = {world.groups[name].pk for name in SCHEDULE_HIDDEN[persona]}
    every_meeting = [meeting for meetings in MEETINGS.values() for meeting in meetings]
    client.force_login(viewer)

    leaks = []
    seen = {}  # (page, group) -> fragment texts, for each state of the viewer's week
    for week, free_hours in (
        ("no free hours", []),
        ("free at every meeting", hours_covering(every_meeting, viewer.profile.time_zone)),
    ):
        set_free_hours(viewer, free_hours)
        for label, params, response in visit_every_page(client, world):
            page = read_page(response)
            body = response.content.decode()
            for name in hidden_names:
                for secret in (name, world.topics[name]):
                    if secret in body:
                        leaks.append(f"{label}: {secret!r} of a hidden group")
            for fragment in page.fragments:
                about = pk_to_name.get(fragment.group_pk, fragment.group_pk)
                for member in PRIVATE_MEMBERS:
                    if member in fragment.text:
                        leaks.append(f"{label}: member {member} in {fragment.text!r}")
                if fragment.group_pk in schedule_hidden:
                    found = SCHEDULE_OR_FIT.search(fragment.text)
                    if found:
                        leaks.append(f"{label}: {found.group(0)!r} about {about}")
                    seen.setdefault((label, about), {}).setdefault(week, []).append(fragment.text)
            if params is None:
                continue
            leaks.extend(
                f"{label}: {problem}"
                for problem in order_problems(response, params, schedule_hidden)
            )
        # Fetched by the topic field on its first focus.
        topic_options = client.get(reverse("groups:topic_options"))
        visible_topics = {topic for name, topic in world.topics.items() if name not in hidden_names}
        if set(read_page(topic_options).topic_options) != visible_topics:
            leaks.append(f"topic options {sorted(read_page(topic_options).topic_options)}")
    for (label, about), by_week in seen.items():
        if len(set(map(tuple, by_week.values()))) > 1 or len(by_week) == 1:
            leaks.append(f"{label}: {about} changes with the viewer's week")
    assert not leaks, "\n".join(dict.fromkeys(leaks))


def order_problems(response, params, schedule_hidden):
    """Groups with a hidden schedule never fit a week and sort after every known fit."""
    listed = [group.pk for group in response.context["page"].object_list]
    hidden_at = [index for index, pk in enumerate(listed) if pk in schedule_hidden]
    if params.get("fits") and hidden_at:
        yield "a group with a hidden schedule fits my week"
    sorted_by_fit = params.get("sort", "fit") == "fit"
    if sorted_by_fit and hidden_at != list(range(len(listed) - len(hidden_at), len(listed))):
        yield f"a group with a hidden schedule sorts among known fits: {listed}"
