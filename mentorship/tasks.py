"""Background tasks of mentorship, run by the task worker (django.tasks)."""

from django.tasks import task

from . import rounds


@task
def compute_matching_round(round_id):
    """Computes a bulk matching round started from the organiser's page."""
    matching_round = rounds.compute_round(round_id)
    return matching_round.pk if matching_round else None
