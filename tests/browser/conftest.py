"""Browser tests: the ASGI app served by uvicorn in a thread of the test process,
driven by Debian's Chromium through Playwright's sync API.

Because the server runs in this process, it shares the pytest-django test database
and ``django.core.mail.outbox``. Tests that use it must be marked
``@pytest.mark.django_db(transaction=True)`` so their rows are committed and visible
to the server's threads.
"""

import re
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SERVER_START_TIMEOUT_SECONDS = 10
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_under_playwright():
    """Playwright's sync API keeps an event loop running in the test thread, so Django
    refuses ORM calls there (SynchronousOnlyOperation). Allow them for browser modules
    only, and for the whole module so the database flush after each test is covered."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


IDLE_TIMEOUT_SECONDS = 10


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _InFlight:
    """The served app, counting the requests and sockets it is still handling: a test's
    database flush waits for them, or a late request deadlocks with the flush."""

    def __init__(self, app):
        self.app = app
        self.count = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        self.count += 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.count -= 1

    def wait_until_idle(self, timeout=IDLE_TIMEOUT_SECONDS):
        deadline = time.monotonic() + timeout
        while self.count and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.fixture(scope="module")
def served_app(django_db_setup, _allow_orm_under_playwright):
    """Serve config.asgi.application (HTTP and websockets) on a free 127.0.0.1 port;
    yields (its URL, the counting app)."""
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from config.asgi import application

    # Test settings use plain static storage without collectstatic, so WhiteNoise has
    # nothing to serve: serve /static/ from the finders, as Django's live server does.
    app = _InFlight(ASGIStaticFilesHandler(application))
    port = _free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    # Server.capture_signals() leaves signal handlers alone outside the main thread.
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=SERVER_START_TIMEOUT_SECONDS)


@pytest.fixture(scope="module")
def live_server_url(served_app):
    return served_app[0]


@pytest.fixture(scope="module")
def browser(_allow_orm_under_playwright):
    """One Chromium per test module (a session-wide one breaks later async tests)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_errors():
    """Console errors and uncaught exceptions (CSP violations included) of every page
    opened by new_page, as strings; assert it is empty where that matters."""
    return []


def _record_console_error(message, errors):
    if message.type != "error":
        return
    url = (message.location or {}).get("url", "")
    # Chromium asks for /favicon.ico by itself; the app has none (not a page error).
    if url.endswith("/favicon.ico"):
        return
    errors.append(f"console: {message.text} ({url})" if url else f"console: {message.text}")


@pytest.fixture
def new_page(browser, served_app, live_server_url, browser_errors):
    """Factory: a page in a fresh browser context. Keyword arguments go to
    browser.new_context, e.g. new_page(timezone_id="Asia/Kolkata", locale="en-IN").
    Relative URLs (page.goto("/accounts/signup/")) resolve against the live server."""
    contexts = []

    def make(**context_options):
        context_options.setdefault("base_url", live_server_url)
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _record_console_error(message, browser_errors))
        page.on("pageerror", lambda error: browser_errors.append(f"pageerror: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    # Closed pages' last requests and sockets finish before the test's data is flushed.
    served_app[1].wait_until_idle()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def log_in(live_server_url):
    """log_in(page, user): give the page's context a session for `user` without the form."""
    from django.conf import settings
    from django.test import Client

    def do(page, user):
        client = Client()
        client.force_login(user)
        session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session_id, "url": live_server_url}]
        )
        return page

    return do


@pytest.fixture
def live_page(new_page, log_in):
    """live_page(user, path, **context): a signed-in page at `path` whose socket is open."""
    from playwright.sync_api import expect

    def open_page(user, path, **context):
        page = new_page(**context)
        log_in(page, user)
        page.goto(path)
        expect(page.locator("body")).to_have_attribute("data-live", "open")
        return page

    return open_page


@pytest.fixture
def screenshot(request, assert_accessible):
    """screenshot(page, "step") checks the page with axe-core (no serious or critical
    problem), saves test-results/screenshots/<test name>-<step>.png and returns its path."""
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page, step, *, full_page=True, check_accessibility=True):
        # axe-core runs in the page, so pages opened with JavaScript off are not checked.
        if check_accessibility:
            assert_accessible(page)
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{test_name}-{re.sub(r'[^\w.-]+', '_', step)}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): axe-core finds no serious or critical problem on the page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        violations = axe.run(page).response["violations"]
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        report = "\n".join(
            f"{v['impact']}: {v['id']} ({v['help']}) at "
            + ", ".join(node["target"][0] for node in v["nodes"][:5])
            for v in serious
        )
        assert not serious, f"axe-core on {page.url}:\n{report}"

    return check
