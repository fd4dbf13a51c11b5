"""The countdown shown next to due times."""

from datetime import UTC, datetime, timedelta

import pytest

from courses.templatetags.teamwork import time_left

NOW = datetime(2027, 3, 3, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ahead", "text"),
    [
        (timedelta(days=4, hours=7, minutes=30), "4 days 7 hours left"),
        (timedelta(days=1), "1 day left"),
        (timedelta(hours=3, minutes=5), "3 hours 5 minutes left"),
        (timedelta(hours=1), "1 hour left"),
        (timedelta(minutes=12), "12 minutes left"),
        (timedelta(seconds=20), "1 minute left"),
        (timedelta(hours=-2), "due 2 hours ago"),
    ],
)
def test_time_left(ahead, text):
    assert time_left(NOW + ahead, NOW) == text
