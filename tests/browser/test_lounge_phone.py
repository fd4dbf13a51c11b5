"""The lounge on a phone (390×844) and on a desktop: the conversation fills the screen
with the message box at the bottom, the channel and member lists are drawers, no page
scrolls sideways, and a message sent while the connection is down is kept and sent once."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel, Message

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# Every socket the page opens, and a switch under which new ones fail to connect (as
# they do offline: Chromium's offline mode leaves sockets alone).
SOCKET_SWITCH = """
(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.__socketsDown = false;
  window.WebSocket = function (url, protocols) {
    if (window.__socketsDown) {
      const failing = new EventTarget();
      Object.assign(failing, { readyState: 0, send() {}, close() {} });
      setTimeout(() => {
        failing.readyState = 3;
        failing.dispatchEvent(new CloseEvent("close", { code: 1006 }));
      }, 50);
      return failing;
    }
    const socket = new Native(url, protocols);
    window.__sockets.push(socket);
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})();
"""


@pytest.fixture
def busy_channel(settings, alice, bob):
    settings.LOUNGE_RATE_LIMIT = (1000, 10)
    channel = actions.create_channel(
        alice,
        kind=Channel.Kind.SOCIAL,
        name="study-tips",
        topic="How you revise, what works, what does not",
    )
    actions.join_channel(bob, channel)
    for n in range(1, 31):
        actions.post_message(alice, channel, f"Tip number {n}: spaced repetition beats cramming.")
    return channel


def in_view(page, selector):
    """Whether the element is inside both the window and its scrolling message list."""
    return page.evaluate(
        """(selector) => {
          const box = document.querySelector(selector).getBoundingClientRect();
          const list = document.querySelector("[data-chat-scroll]").getBoundingClientRect();
          return box.top >= Math.max(list.top, 0) - 1
            && box.bottom <= Math.min(list.bottom, window.innerHeight) + 1;
        }""",
        selector,
    )


def no_sideways_scroll(page, width=390):
    """Nothing is wider than the window, and the window is the phone's width (a phone
    zooms a page out when something is wider)."""
    return page.evaluate(
        """(width) => window.innerWidth === width
          && document.documentElement.scrollWidth <= window.innerWidth""",
        width,
    )


@pytest.mark.django_db(transaction=True)
def test_phone_conversation_fills_the_screen(
    live_page, screenshot, browser_errors, busy_channel, alice
):
    page = live_page(alice, busy_channel.get_absolute_url(), **PHONE)

    # The conversation, its newest message and the message box, without scrolling.
    assert page.evaluate("() => window.scrollY") == 0
    assert page.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight")
    assert no_sideways_scroll(page)
    composer = page.locator("[data-lounge-composer] textarea")
    box = composer.bounding_box()
    assert box["y"] > 400 and box["y"] + box["height"] <= 844
    assert in_view(page, "article.msg:last-of-type")
    expect(page.locator("article.msg").last).to_contain_text("Tip number 30")
    expect(composer).not_to_be_focused()  # no keyboard over the conversation on open
    screenshot(page, "1-phone-channel")

    # The channel list: a drawer from the header's button; Escape closes it.
    channels = page.get_by_role("button", name="Channels")
    expect(channels).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#lounge-sidebar")).to_be_hidden()
    channels.click()
    expect(channels).to_have_attribute("aria-expanded", "true")
    sidebar = page.locator("#lounge-sidebar")
    expect(sidebar).to_be_visible()
    assert page.evaluate(
        "() => document.getElementById('lounge-sidebar').contains(document.activeElement)"
    )
    screenshot(page, "2-phone-channels-drawer")
    page.keyboard.press("Escape")
    expect(sidebar).to_be_hidden()
    expect(channels).to_have_attribute("aria-expanded", "false")
    expect(channels).to_be_focused()

    # The member list: the same, closed by its backdrop.
    members = page.get_by_role("button", name="Members")
    members.click()
    drawer = page.locator(f"#channel-{busy_channel.pk}-members")
    expect(drawer).to_be_visible()
    expect(drawer).to_be_focused()
    expect(drawer.get_by_text("Bob Baptiste")).to_be_visible()
    screenshot(page, "3-phone-members-drawer")
    page.mouse.click(30, 400)  # the backdrop, left of the drawer
    expect(drawer).to_be_hidden()
    expect(members).to_have_attribute("aria-expanded", "false")
    expect(members).to_be_focused()

    # Sending keeps the newest message in view.
    composer.fill("Pomodoro works for me")
    composer.press("Enter")
    expect(page.locator("article.msg[data-seq]").last).to_contain_text("Pomodoro works for me")
    assert in_view(page, "article.msg[data-seq]:last-of-type")
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_phone_without_javascript_keeps_the_lists_in_the_page(
    browser, live_server_url, log_in, busy_channel, alice
):
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    log_in(page, alice)
    page.goto(busy_channel.get_absolute_url())
    expect(page.locator("#lounge-sidebar")).to_be_visible()
    expect(page.locator(f"#channel-{busy_channel.pk}-members")).to_be_visible()
    expect(page.get_by_role("button", name="Channels")).to_be_hidden()
    expect(page.locator("[data-lounge-composer] textarea")).to_be_attached()
    assert no_sideways_scroll(page)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_no_lounge_page_scrolls_sideways_on_a_phone(
    live_page, screenshot, busy_channel, alice, bob
):
    message = busy_channel.messages.order_by("seq").last()
    actions.file_report(bob, message, "spam", "A very long note " * 20, channel=busy_channel)
    actions.open_direct_channel(bob, [alice])
    page = live_page(bob, busy_channel.get_absolute_url(), **PHONE)
    paths = [
        busy_channel.get_absolute_url(),
        reverse("lounge:index"),
        reverse("lounge:search") + "?q=spaced+repetition",
        reverse("lounge:reports"),
        reverse("lounge:preferences"),
        reverse("lounge:direct"),
    ]
    for path in paths:
        page.goto(path)
        assert no_sideways_scroll(page), f"{path} is wider than the phone"
        screenshot(page, f"phone-{path.strip('/').replace('/', '-')}")


@pytest.mark.django_db(transaction=True)
def test_desktop_opens_with_the_message_box_focused(live_page, screenshot, busy_channel, bob):
    page = live_page(bob, busy_channel.get_absolute_url(), **DESKTOP)
    expect(page.locator("[data-lounge-composer] textarea")).to_be_focused()
    expect(page.get_by_role("button", name="Channels")).to_be_hidden()
    screenshot(page, "1-desktop-channel")

    # The report form opens inside the row, whole, and Escape gives focus back.
    row = page.locator("article.msg").last
    toggle = row.get_by_role("link", name="React · reply")
    toggle.click()
    row.get_by_role("link", name="Report", exact=True).click()
    submit = row.get_by_role("button", name="Send report")
    expect(submit).to_be_visible()
    assert in_view(page, f"#{row.get_attribute('id')} .report-form button[type=submit]")
    screenshot(page, "2-desktop-report-form")
    row.get_by_label("Spam").focus()
    page.keyboard.press("Escape")
    expect(page.locator("[data-message-menu]")).to_be_hidden()
    expect(toggle).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_a_message_sent_while_offline_is_kept_and_sent_once(
    new_page, log_in, screenshot, busy_channel, alice
):
    page = new_page(**PHONE)
    page.add_init_script(SOCKET_SWITCH)
    log_in(page, alice)
    page.goto(busy_channel.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")

    page.evaluate(
        "() => { window.__socketsDown = true; window.__sockets.forEach((s) => s.close()); }"
    )
    page.context.set_offline(True)  # and HTTP fails too
    expect(page.locator("[data-live-status]")).to_be_visible()
    expect(page.locator("[data-live-status]")).to_contain_text("Reconnecting…")

    composer = page.locator("[data-lounge-composer] textarea")
    composer.fill("Sent from the train\nwith two lines")
    composer.press("Enter")
    sending = page.locator("article.msg--sending")
    expect(sending).to_contain_text("sending…")
    expect(sending).to_contain_text("Sent from the train")
    expect(composer).to_have_value("")
    screenshot(page, "1-offline-sending")
    assert not Message.objects.filter(body__startswith="Sent from the train").exists()

    page.context.set_offline(False)
    page.evaluate("() => { window.__socketsDown = false; }")
    expect(page.locator("body")).to_have_attribute("data-live", "open", timeout=40_000)
    delivered = page.locator("article.msg[data-seq]", has_text="Sent from the train")
    expect(delivered).to_have_count(1)
    expect(sending).to_have_count(0)
    expect(page.locator("[data-live-status]")).to_be_hidden()
    assert Message.objects.filter(body__startswith="Sent from the train").count() == 1
    page.reload()
    expect(page.locator("article.msg", has_text="Sent from the train")).to_have_count(1)
