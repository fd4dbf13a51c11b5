"""A student from São Paulo switches Commons to Portuguese in the footer: home, the study
groups and the lounge read in Portuguese, times are in her zone with day names in
Portuguese, a live message arrives with Portuguese words around it, and axe-core finds no
serious problem. Screenshots at desktop and phone width."""

from datetime import time

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from accounts.models import Profile
from groups.actions import create_group, join_group
from lounge import actions as lounge
from lounge.models import Channel
from tests.factories import UserFactory

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def fits(page):
    """Longer Portuguese words must not push the page sideways on a phone."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def portuguese(text, context=None):
    """The Portuguese catalogue's words for `text`; the test fails if there are none."""
    with translation.override("pt-br"):
        translated = pgettext(context, text) if context else gettext(text)
    assert translated != text, f"no Portuguese for {text!r}"
    return translated


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Souza", time_zone="America/Sao_Paulo")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_student_switches_to_portuguese(new_page, log_in, screenshot, ana, bob, viewport):
    group = create_group(
        bob,
        name="Cálculo à noite",
        description="",
        course=None,
        capacity=6,
        visibility="open",
        topics=[],
        languages=[],
        slots=[(1, time(19), 90)],  # Tuesdays 19:00 in Bob's New York
    )
    join_group(ana, group)
    social = lounge.create_channel(bob, kind=Channel.Kind.SOCIAL, name="cafe")
    lounge.join_channel(ana, social)
    lounge.post_message(bob, social, "Bem-vinda, Ana!")

    # Her browser prefers English: the footer's switcher is how she finds Portuguese.
    page = new_page(viewport=VIEWPORTS[viewport], locale="en-US", timezone_id="America/Sao_Paulo")
    log_in(page, ana)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("pt-br")
    page.get_by_role("button", name="Change", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "pt-br")
    assert page.url.endswith("/")  # the same address, now in Portuguese
    assert Profile.objects.get(user=ana).interface_language == "pt-br"
    navigation = page.get_by_role("navigation", name=portuguese("Main", "navigation"))
    expect(navigation.get_by_role("link", name=portuguese("Groups"))).to_be_visible()
    expect(navigation.get_by_role("link", name=portuguese("Lounge", "navigation"))).to_be_visible()
    fits(page)
    screenshot(page, f"{viewport}-home")

    page.goto(group.get_absolute_url())
    # Bob's Tuesday 19:00 in New York (winter) is her Tuesday 21:00, named in Portuguese,
    # and the page says which zone its times are in.
    meeting = page.locator(".meetings li").first
    expect(meeting).not_to_contain_text("Every")
    expect(meeting).to_contain_text("ter. 21:00")
    expect(page.locator(".site-footer")).to_contain_text("America/Sao_Paulo")
    fits(page)
    screenshot(page, f"{viewport}-group")

    page.goto(social.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    lounge.post_message(bob, social, "Alguém para estudar hoje?")
    expect(page.locator("article.msg").last).to_contain_text("Alguém para estudar hoje?")
    expect(page.get_by_role("button", name=portuguese("Send"))).to_be_visible()
    fits(page)
    screenshot(page, f"{viewport}-lounge")
