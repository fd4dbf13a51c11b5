"""The course page's one seam: apps above courses (groups) show their part of a course
on its page. Each registers a section from its AppConfig.ready(); a section is a
callable (request, course) returning a (template name, context) pair, or None."""

_sections = []


def register_course_section(section):
    if section not in _sections:
        _sections.append(section)
    return section


def course_sections(request, course):
    rendered = (section(request, course) for section in _sections)
    return [result for result in rendered if result is not None]
