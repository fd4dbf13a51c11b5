"""`./run` seeds the demo world with `seed_demo`: it must finish (twice: it is safe to run
again) and show what the newest features need: people reading Commons in Spanish and
Portuguese, and a course whose community-health page has someone alone and a group
fading from the start."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import Profile
from courses.models import CourseHealth


@pytest.mark.django_db
def test_the_demo_world_is_seeded_and_can_be_seeded_again():
    call_command("seed_demo", stdout=io.StringIO())
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "ana@commons.test" in output.getvalue()

    languages = dict(Profile.objects.values_list("user__username", "interface_language"))
    assert languages["ana"] == "pt-br" and languages["mateo"] == "es"

    health = CourseHealth.objects.get(course__code="STAT101").data
    students = {student["handle"]: student for student in health["students"]}
    rania = students["rania"]
    # She writes only to the instructor: staff, never a peer.
    assert rania["last_staff_at"] is not None and rania["last_peer_at"] is None
    trends = {group["name"]: group["trend"] for group in health["groups"]}
    assert trends["Asia-Pacific stats circle"] == "fading"
    assert trends["Stats in Spanish"] != "fading"


def test_runs_steps_work_on_a_fresh_sqlite_file(tmp_path):
    """What `./run` does on a fresh clone: the zero-setup defaults (a SQLite file, the
    in-memory layer and cache), migrate, seed, run what is due."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "REDIS_URL": "",
        "PRIVATE_FILES_ROOT": str(tmp_path / "private-files"),
    }
    for step in (["migrate", "--noinput"], ["seed_demo"], ["run_schedules"]):
        finished = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert finished.returncode == 0, f"{step[0]}:\n{finished.stderr[-3000:]}"
        if step == ["seed_demo"]:
            assert "ana@commons.test" in finished.stdout
