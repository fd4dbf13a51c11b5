"""A body larger than its view accepts is refused with 413 before anything reads it: by
the ASGI application (Django's handler would otherwise spool all of it to a temporary
file first) and by the NUL-byte middleware, which reads form values only afterwards."""

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.urls import reverse

from config.asgi import application
from lounge import actions
from lounge.models import Channel, Message

TWO_HUNDRED_MB = 200 * 1024 * 1024


@pytest.fixture
def channel(alice):
    return actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="uploads")


def post_path(channel):
    return reverse("lounge:message_post", args=[channel.slug])


class UnreadBody:
    """An ASGI receive that fails the test if the application asks for the body."""

    async def __call__(self):
        raise AssertionError("the body was read")


async def refused_over_asgi(path, headers):
    sent = []

    async def send(event):
        sent.append(event)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await application(scope, UnreadBody(), send)
    start, body = sent
    return start["status"], body["body"].decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/lounge/c/uploads/post/", "files can be at most 10 MB each, 10 to a message."),
        ("/courses/workspaces/1/files/", "files can be at most 10 MB."),
        ("/courses/assignments/1/files/", "files can be at most 10 MB."),
    ],
)
async def test_the_asgi_application_refuses_a_declared_200_mb_body_without_reading_it(path, says):
    status, text = await refused_over_asgi(
        path,
        [
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", str(TWO_HUNDRED_MB).encode()),
        ],
    )
    assert status == 413
    assert text.startswith("This upload is too large: ") and text.endswith(says)


@pytest.mark.django_db(transaction=True)
async def test_a_content_length_that_is_not_a_number_is_refused_too():
    status, _ = await refused_over_asgi(
        "/courses/workspaces/1/files/", [(b"content-length", b"lots")]
    )
    assert status == 413


@pytest.mark.django_db(transaction=True)
async def test_a_body_without_a_length_is_cut_off_at_the_limit(settings, channel):
    """A chunked body is counted as it arrives; past the limit the application hears the
    client has gone and the answer is 413. Nothing is posted."""
    settings.LOUNGE_MAX_UPLOAD_BYTES = 1000
    settings.LOUNGE_MAX_FILES_PER_MESSAGE = 1
    communicator = ApplicationCommunicator(
        application,
        {
            "type": "http",
            "http_version": "1.1",
            "method": "POST",
            "path": post_path(channel),
            "root_path": "",
            "scheme": "http",
            "query_string": b"",
            "headers": [(b"content-type", b"multipart/form-data; boundary=x")],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        },
    )
    chunk = b"a" * (256 * 1024)
    for _ in range(5):  # 1.25 MB, over the 1 MB and 1,000 bytes this view takes
        await communicator.send_input({"type": "http.request", "body": chunk, "more_body": True})
    start = await communicator.receive_output(timeout=5)
    body = await communicator.receive_output(timeout=5)
    assert start["status"] == 413
    assert "at most 1000 bytes each" in body["body"].decode()
    await communicator.wait(timeout=5)
    assert not await database_sync_to_async(Message.objects.exists)()


@pytest.mark.django_db(transaction=True)
async def test_a_small_upload_goes_through_to_the_view():
    """Within the limit the request reaches Django as before: here the CSRF check, which
    refuses a post without its token."""
    communicator = HttpCommunicator(
        application,
        "POST",
        "/courses/workspaces/1/files/",
        body=b"file=x",
        headers=[(b"host", b"localhost")],
    )
    response = await communicator.get_response(timeout=5)
    assert response["status"] == 403


@pytest.mark.django_db
def test_the_nul_byte_check_leaves_a_body_its_view_refuses_unread(client, alice, channel):
    """The test client's payload raises if more than it holds is read; a declared 200 MB
    is answered 413 by the middleware before the CSRF check or the view read it."""
    client.force_login(alice)
    response = client.post(
        post_path(channel),
        {"body": "hi", "client_id": "c1"},
        CONTENT_LENGTH=str(TWO_HUNDRED_MB),
    )
    assert response.status_code == 413
    assert response.text.startswith("This upload is too large")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_nul_bytes_in_an_upload_form_within_its_limit_are_still_refused(client, alice, channel):
    client.force_login(alice)
    response = client.post(post_path(channel), {"body": "hi\x00", "client_id": "c1"})
    assert response.status_code == 400
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_nul_bytes_in_a_query_string_are_refused(client, alice):
    client.force_login(alice)
    assert client.get("/lounge/search/", {"q": "a\x00b"}).status_code == 400
