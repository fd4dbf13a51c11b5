"""The lounge end to end: two people talk in a thread beside the chat, one shares a
picture in the channel, and later the other finds it by search (a word, then
`has:picture`) and jumps to it: the channel opens on the history around it, the row
targeted and highlighted. On a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Attachment, Channel
from tests import pictures

PHONE = {"width": 390, "height": 844}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
LATER_MESSAGES = 60  # more than a page of history, so the jump needs the rows around it


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


def all_pictures_loaded(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('.attachment__picture img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )


@pytest.mark.django_db(transaction=True)
def test_a_thread_a_shared_picture_and_finding_it_again(
    live_page, screenshot, browser_errors, alice, bob, settings
):
    settings.LOUNGE_RATE_LIMIT = (200, 10)
    channel = actions.create_channel(
        alice, kind=Channel.Kind.SOCIAL, name="maths-club", topic="Problem sets, together"
    )
    actions.join_channel(bob, channel)
    root, _ = actions.post_message(alice, channel, "Who is stuck on problem 3 of the set?")

    alice_page = live_page(alice, channel.get_absolute_url(), **DESKTOP)
    bob_page = live_page(bob, channel.get_absolute_url(), **DESKTOP)

    # Bob answers in a thread: the panel opens beside the chat, which stays in view.
    row = bob_page.locator(f"#message-{root.pk}")
    row.get_by_role("link", name="React · reply").click()
    row.get_by_role("link", name="Reply in thread").click()
    bob_panel = bob_page.locator("[data-thread-panel]")
    expect(bob_panel).to_be_visible()
    bob_panel.get_by_label("Reply in the thread").fill("Me: the eigenvalues come out complex")
    bob_panel.get_by_label("Reply in the thread").press("Enter")
    expect(bob_panel.locator("article.msg").last).to_contain_text("eigenvalues come out complex")
    expect(bob_panel.get_by_role("button", name="Following")).to_be_visible()
    chat_box = bob_page.locator(f"#channel-{channel.pk}-messages").bounding_box()
    panel_box = bob_panel.bounding_box()
    assert panel_box["x"] >= chat_box["x"] + chat_box["width"] - 1  # beside, not over

    # Alice opens the thread from the count that arrived live and answers there.
    summary = alice_page.locator(f"#message-{root.pk} .msg__thread")
    expect(summary).to_contain_text("1 reply")
    summary.click()
    alice_panel = alice_page.locator("[data-thread-panel]")
    expect(alice_panel).to_contain_text("eigenvalues come out complex")
    alice_panel.get_by_label("Reply in the thread").fill("They should: the matrix is a rotation")
    alice_panel.get_by_role("button", name="Send").click()
    expect(bob_panel.locator("article.msg").last).to_contain_text("the matrix is a rotation")
    expect(bob_page.locator(f"#message-{root.pk} .msg__thread")).to_contain_text("2 replies")
    screenshot(bob_page, "1-desktop-thread-beside-the-chat")

    # Alice shares a picture of her working in the channel itself.
    alice_panel.get_by_role("button", name="Close thread").click()
    alice_page.locator("[data-attach-input]").set_input_files(
        [{"name": "rotation.jpg", "mimeType": "image/jpeg", "buffer": pictures.landscape()}]
    )
    expect(alice_page.locator("[data-attach-list] li")).to_have_count(1)
    alice_page.locator("[data-lounge-composer] textarea").fill("My whiteboard for problem 3")
    alice_page.get_by_role("button", name="Send").click()
    shared = bob_page.locator(f"#channel-{channel.pk}-messages article.msg").last
    expect(shared.locator(".attachment__picture img")).to_have_attribute("alt", "rotation.jpg")
    expect(shared.locator(".msg__body")).to_have_text("My whiteboard for problem 3")
    all_pictures_loaded(bob_page)
    # The newest stays in view once the picture has taken its height.
    expect(shared.get_by_role("link", name="React · reply")).to_be_in_viewport()
    screenshot(bob_page, "2-desktop-the-picture-arrives")
    picture_message = Attachment.objects.get().message
    assert picture_message.thread_root_id is None  # in the channel, not in the thread

    # The conversation moves on well past a page; Bob comes back later to find it.
    alice_page.close()
    for number in range(LATER_MESSAGES):
        actions.post_message(bob if number % 2 else alice, channel, f"later chatter {number}")
    bob_page.goto("/lounge/search/")

    search_box = bob_page.get_by_label("Search messages")
    search_box.fill("whiteboard")
    bob_page.get_by_role("button", name="Search").click()
    hits = bob_page.locator(".search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first.locator("mark")).to_have_text("whiteboard")
    expect(hits.first).to_contain_text("Alice Ames")
    expect(hits.first).to_contain_text("#maths-club")

    # has:picture alone lists the messages with pictures, with the pictures' names.
    search_box.fill("has:picture")
    bob_page.get_by_role("button", name="Search").click()
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("My whiteboard for problem 3")
    expect(hits.first.locator(".search__files")).to_contain_text("rotation.jpg")
    screenshot(bob_page, "3-desktop-has-picture")

    # With a word and has:picture together, then on a phone, Bob jumps to it.
    search_box.fill("problem has:picture")
    bob_page.get_by_role("button", name="Search").click()
    expect(hits).to_have_count(1)
    expect(hits.first.locator("mark")).to_have_text("problem")
    bob_page.set_viewport_size(PHONE)
    screenshot(bob_page, "4-phone-results")
    assert bob_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    hits.first.locator(".search-hit__excerpt a").click()
    target = bob_page.locator(f"#message-{picture_message.pk}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    assert bob_page.evaluate("location.hash") == f"#message-{picture_message.pk}"
    assert target.evaluate("row => row.matches(':target')")
    highlight = target.evaluate("row => getComputedStyle(row).backgroundColor")
    plain = bob_page.locator(f"#message-{root.pk}").evaluate(
        "row => getComputedStyle(row).backgroundColor"
    )
    assert highlight != plain
    # The history around it is loaded: the thread's first message before it, the later
    # chatter after it only as far as a page goes.
    expect(bob_page.locator(f"#message-{root.pk}")).to_be_attached()
    expect(target.locator(".attachment__picture img")).to_be_visible()
    all_pictures_loaded(bob_page)
    screenshot(bob_page, "5-phone-at-the-picture", full_page=False)

    bob_page.set_viewport_size(DESKTOP["viewport"])
    target.scroll_into_view_if_needed()
    screenshot(bob_page, "6-desktop-at-the-picture", full_page=False)
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_file_far_too_large_is_refused_unread_with_the_reason(
    live_page, screenshot, alice, settings
):
    """The server answers 413 from the declared length without reading the upload; the
    page still gets that answer and says why, keeping the text and the file."""
    settings.LOUNGE_MAX_UPLOAD_BYTES = 1000
    settings.LOUNGE_MAX_FILES_PER_MESSAGE = 1
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="big-files")
    page = live_page(alice, channel.get_absolute_url(), **DESKTOP)
    page.locator("[data-attach-input]").set_input_files(
        [{"name": "lecture.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" * 800_000}]
    )
    page.locator("[data-lounge-composer] textarea").fill("the whole lecture")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[data-composer-error]")).to_contain_text(
        "This upload is too large: files can be at most 1000 bytes each"
    )
    expect(page.locator("[data-lounge-composer] textarea")).to_have_value("the whole lecture")
    expect(page.locator("[data-attach-list] li")).to_have_count(1)
    assert not Attachment.objects.exists()
    screenshot(page, "too-large")
