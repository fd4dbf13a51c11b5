"""Bulk rounds in the background: started from the organiser's page, computed by the
task worker, with progress the page polls; preview, pins and publishing unchanged."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.actions import set_free_hours
from accounts.models import Notification
from mentorship import actions, matching, rounds
from mentorship.errors import InvalidInput, NotAllowed, StalePreview
from mentorship.models import MatchingRound, Pair
from tests.factories import UserFactory

from .conftest import EVENINGS, build_programme, make_mentee, make_mentor

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def crowd(programme, instructor):
    mentors = [UserFactory(username=f"mentor{n}") for n in range(3)]
    mentees = [UserFactory(username=f"mentee{n}") for n in range(5)]
    for person in mentors + mentees:
        set_free_hours(person, EVENINGS)
    for person in mentors:
        make_mentor(programme, person, capacity=1, approve_by=instructor)
    for person in mentees:
        make_mentee(programme, person)
    return mentors, mentees


@pytest.mark.django_db
def test_a_started_round_runs_after_commit_and_becomes_a_preview(
    programme, crowd, instructor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = rounds.start_matching_round(instructor, programme)
        assert started.is_running and started.progress == 0
    started.refresh_from_db()
    assert started.status == MatchingRound.Status.PREVIEW
    assert started.progress == 100 and started.finished_at is not None
    assert len(started.result["pairs"]) == 3 and len(started.result["unmatched"]) == 2
    [ready] = Notification.objects.filter(recipient=instructor, kind="mentorship_round_ready")
    assert ready.params["summary"] == "3 pairs, 2 unmatched"
    pairs = actions.publish_round(instructor, started)
    assert len(pairs) == 3


@pytest.mark.django_db
def test_one_round_runs_at_a_time(programme, crowd, instructor):
    first = rounds.start_matching_round(instructor, programme)  # not run: no commit here
    with pytest.raises(InvalidInput):
        rounds.start_matching_round(instructor, programme)
    with pytest.raises(StalePreview):
        actions.publish_round(instructor, first)
    assert not Pair.objects.exists()
    # A round whose worker died is replaced after a while.
    MatchingRound.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - rounds.STALE_AFTER - timedelta(minutes=1)
    )
    second = rounds.start_matching_round(instructor, programme)
    first.refresh_from_db()
    assert first.status == MatchingRound.Status.SUPERSEDED and second.is_running


@pytest.mark.django_db
def test_a_replaced_round_finishing_late_changes_nothing(programme, crowd, instructor):
    first = rounds.start_matching_round(instructor, programme)
    MatchingRound.objects.filter(pk=first.pk).update(status=MatchingRound.Status.SUPERSEDED)
    assert rounds.compute_round(first.pk) is None
    first.refresh_from_db()
    assert first.status == MatchingRound.Status.SUPERSEDED and first.result == {}


@pytest.mark.django_db
def test_a_round_that_fails_says_so_and_can_run_again(programme, crowd, instructor, monkeypatch):
    started = rounds.start_matching_round(instructor, programme)

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(matching, "match", broken)
    assert rounds.compute_round(started.pk) is None
    started.refresh_from_db()
    assert started.status == MatchingRound.Status.FAILED and "Run it again" in started.error
    page = client_for(instructor).get(f"/mentorship/{programme.pk}/organise/").text
    assert "could not be computed" in page and "Run a round" in page
    monkeypatch.undo()
    again = rounds.start_matching_round(instructor, programme)
    assert rounds.compute_round(again.pk).status == MatchingRound.Status.PREVIEW


@pytest.mark.django_db
def test_only_organisers_start_rounds(programme, crowd, alice, mallory):
    for person in (alice, mallory):
        with pytest.raises(NotAllowed):
            rounds.start_matching_round(person, programme)
    assert not MatchingRound.objects.exists()


@pytest.mark.django_db
def test_the_page_polls_while_the_round_runs_and_shows_the_preview_after(
    programme, crowd, instructor
):
    client = client_for(instructor)
    started = rounds.start_matching_round(instructor, programme)
    MatchingRound.objects.filter(pk=started.pk).update(progress=40, step="Finding the best pairing")
    page = client.get(f"/mentorship/{programme.pk}/organise/").text
    assert f'hx-get="/mentorship/{programme.pk}/organise/round/"' in page
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="round-' in page and 'value="40"' in page
    assert "Finding the best pairing (40%)" in page
    assert "refresh the page" in page  # without JavaScript
    fragment = client.get(
        f"/mentorship/{programme.pk}/organise/round/", headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "<progress" in fragment.text

    rounds.compute_round(started.pk)
    fragment = client.get(f"/mentorship/{programme.pk}/organise/round/").text
    assert "hx-trigger" not in fragment and "<progress" not in fragment
    assert "Total score" in fragment and "Publish these pairs" in fragment


@pytest.mark.django_db
def test_the_round_fragment_is_the_same_404_for_outsiders(programme, crowd, alice, mallory):
    for person in (alice, mallory):
        client = client_for(person)
        assert client.get(f"/mentorship/{programme.pk}/organise/round/").status_code == 404
        assert client.get("/mentorship/999999/organise/round/").status_code == 404
        assert client.post(f"/mentorship/{programme.pk}/organise/run/").status_code == 404
    assert not MatchingRound.objects.exists()


@pytest.mark.django_db
def test_a_closed_programme_runs_no_round(instructor, alice):
    from mentorship.errors import NotOpen

    today = timezone.now().date()
    programme = build_programme(
        instructor, starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=1)
    )
    with pytest.raises(NotOpen):
        rounds.start_matching_round(instructor, programme)


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_computes_a_round_started_from_the_page(
    postgres, settings, instructor, alice, bob
):
    """On the database backend, as in production: the page queues the task, a real
    `manage.py db_worker` runs it."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    programme = build_programme(instructor)
    set_free_hours(alice, EVENINGS)
    set_free_hours(bob, EVENINGS)
    make_mentor(programme, alice, approve_by=instructor)
    make_mentee(programme, bob)
    client_for(instructor).post(f"/mentorship/{programme.pk}/organise/run/")
    queued = MatchingRound.objects.get()
    assert queued.is_running
    # The worker process reads the test settings, where the database backend is the one
    # named "database" ("default" runs tasks at once there).
    assert (
        DBTaskResult.objects.filter(task_path="mentorship.tasks.compute_matching_round").update(
            backend_name="database"
        )
        == 1
    )

    server, database = postgres
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--backend", "database", "--batch"]
        + ["--no-startup-delay"]
        + ["--no-reload", "--interval", "0"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"{server}/{database}",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr
    queued.refresh_from_db()
    assert queued.status == MatchingRound.Status.PREVIEW
    assert queued.result["pairs"][0][:2] == [alice.pk, bob.pk]
