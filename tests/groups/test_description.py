"""A group's description is shown as the lounge shows messages: a little markdown made
into HTML, anything else (tags, scripts, javascript: links) as harmless text. Cards
show its first paragraph, cut short with its markup whole."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from groups.templatetags.group_text import SUMMARY_LENGTH, description_summary

from .conftest import build_group

pytestmark = pytest.mark.django_db

HOSTILE = (
    'We do **proofs** and *examples*. <script>alert("x")</script> '
    '<img src=x onerror="alert(1)"> [click](javascript:alert(1)) '
    '<a href="https://evil.test" onclick="steal()">here</a>\n\n'
    "- week one\n- week two"
)


class TagBalance(HTMLParser):
    """Fails on a closing tag that does not close the last one opened."""

    VOID = {"br"}

    def __init__(self):
        super().__init__()
        self.open = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, tag


def balanced(html):
    parser = TagBalance()
    parser.feed(html)
    parser.close()
    return parser.open == []


class Elements(HTMLParser):
    """Every element and attribute the browser would build from some markup."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_harmless(html):
    """Only the lounge's tags, links only to web addresses; the rest is text."""
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag in {"p", "br", "strong", "em", "code", "pre", "a", "ul", "ol", "li"}, tag
        assert set(attrs) <= {"href", "rel"}, attrs
        if tag == "a":
            assert attrs["href"].startswith("https://"), attrs
    assert "&lt;script&gt;" in html and "&lt;img" in html


def test_the_group_page_renders_the_description_and_escapes_html(client, alice, charlie):
    group = build_group(alice, description=HOSTILE)
    client.force_login(charlie)
    html = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    start = html.index('class="prose group__description"')
    section = html[html.index(">", start) + 1 : html.index("</section>", start)]
    assert "<strong>proofs</strong>" in section and "<em>examples</em>" in section
    assert "<li>week one</li>" in section
    assert "**" not in section
    assert_harmless(section)


def test_a_browse_card_shows_the_first_paragraph_rendered(client, alice, charlie):
    build_group(alice, name="Proof club", description=HOSTILE)
    client.force_login(charlie)
    html = client.get(reverse("groups:index")).content.decode()
    start = html.index('class="group-card__description"')
    card = html[html.index(">", start) + 1 : html.index("</div>", start)]
    assert "<strong>proofs</strong>" in card and "**" not in card
    assert "week one" not in card  # the list is the second paragraph
    assert_harmless(card)


def test_a_long_description_is_cut_with_its_tags_closed():
    text = "Intro **" + ("bold words " * 40).strip() + "** and *more*"
    html = description_summary(text)
    assert html.startswith("<p>Intro <strong>bold words")
    assert html.endswith("…</strong></p>")
    assert balanced(html)
    visible = html.replace("<p>", "").replace("</p>", "")
    visible = visible.replace("<strong>", "").replace("</strong>", "")
    assert len(visible) <= SUMMARY_LENGTH


def test_entities_count_as_one_character_and_empty_descriptions_stay_empty():
    html = description_summary("Tom & Jerry < 3 " * 5)
    assert "&amp;" in html and "&lt;" in html and balanced(html)
    assert description_summary("") == description_summary("  \n\n ") == ""
