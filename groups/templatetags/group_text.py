"""A study group's description as the lounge renders messages: a little markdown (bold,
italic, code, links, lists), raw HTML shown as text, the result cleaned by nh3
(lounge.markup). Cards show only its start."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from lounge.markup import render_message

register = template.Library()

SUMMARY_LENGTH = 160
# A blank line ends a markdown paragraph (or list): the card shows the first one.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@register.filter
def description_html(text):
    """The whole description, for the group's page."""
    if not text:
        return ""
    return mark_safe(render_message(text).html)  # noqa: S308 (nh3-cleaned)


@register.filter
def description_summary(text):
    """The description's first paragraph, cut at about 160 characters of text; the cut
    closes the tags it leaves open, so a card's markup stays whole."""
    if not text or not text.strip():
        return ""
    first = PARAGRAPH_BREAK.split(text.strip(), maxsplit=1)[0]
    html = render_message(first).html
    # Truncator counts only the text and closes what it cuts: still the cleaned markup.
    return mark_safe(Truncator(html).chars(SUMMARY_LENGTH, html=True))  # noqa: S308
