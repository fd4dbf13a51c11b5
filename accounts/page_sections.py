"""Sections that higher apps add to lower apps' pages.

Apps depend on each other in one direction (accounts <- lounge <- courses <-
groups <- mentorship), yet home shows your groups and a course page shows its
groups. So the page's owner asks here, and each higher app registers its
sections from AppConfig.ready(). A section is a callable (request, obj)
returning a (template name, context) pair, or None to show nothing.
"""

from collections import defaultdict

HOME = "home"
COURSE = "course"
ADMIN_DASHBOARD = "admin_dashboard"

_sections = defaultdict(list)


def register(page, section):
    if section not in _sections[page]:
        _sections[page].append(section)
    return section


def sections_for(page, request, obj=None):
    rendered = []
    for section in _sections[page]:
        result = section(request, obj)
        if result is not None:
            rendered.append(result)
    return rendered
