"""A bulk matching round in the background: the organiser starts it, a task of the
worker computes it (mentorship.tasks), and the organiser's page shows its progress
until the preview is ready. Pins, forbidden pairs and publishing are unchanged
(mentorship.actions): the finished round is an ordinary preview.

Progress is written in its own short transactions as the task goes, so the page reads
it while the task runs; the result is saved under the programme's lock, and only if the
round is still the one running (a newer start or the end of the cycle replaces it)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actions import notify

from . import fit, matching, permissions
from .actions import _lock, _require_open, round_result
from .errors import InvalidInput, NotAllowed
from .models import MatchingRound

logger = logging.getLogger(__name__)

# A round still "running" after this long lost its worker: a new start replaces it.
STALE_AFTER = timedelta(minutes=15)


def running_round(programme, now=None):
    now = now or timezone.now()
    return (
        MatchingRound.objects.filter(
            programme=programme,
            status=MatchingRound.Status.RUNNING,
            created_at__gt=now - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def start_matching_round(actor, programme):
    """Queue a round for the worker; the current preview is dropped (a new one is on
    its way). Refused while another round of the programme is running."""
    from .tasks import compute_matching_round

    programme = _lock(programme)
    if not permissions.can_organise(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    if running_round(programme) is not None:
        raise InvalidInput(_("A round is already running: wait for its preview."))
    MatchingRound.objects.filter(
        programme=programme,
        status__in=[MatchingRound.Status.PREVIEW, MatchingRound.Status.RUNNING],
    ).update(status=MatchingRound.Status.SUPERSEDED)
    matching_round = MatchingRound.objects.create(
        programme=programme,
        run_by=actor,
        status=MatchingRound.Status.RUNNING,
        step=gettext_noop("Waiting for the worker"),
    )
    transaction.on_commit(lambda: compute_matching_round.enqueue(matching_round.pk))
    return matching_round


def _progress(round_id, percent, step):
    MatchingRound.objects.filter(pk=round_id, status=MatchingRound.Status.RUNNING).update(
        progress=percent, step=step[:80]
    )


def compute_round(round_id):
    """The task's work: read everyone waiting, find the best pairing, save it as the
    preview. A round that is no longer running (replaced) is left alone."""
    matching_round = (
        MatchingRound.objects.select_related("programme", "run_by").filter(pk=round_id).first()
    )
    if matching_round is None or not matching_round.is_running:
        return None
    programme = matching_round.programme
    # Steps and the error are stored in English, marked for translation: the page
    # translates them for whoever looks, in their own language.
    try:
        _progress(round_id, 10, gettext_noop("Reading profiles and free time"))
        mentors, mentees, rules = fit.round_inputs(programme)
        _progress(round_id, 40, gettext_noop("Finding the best pairing"))
        result = matching.match(mentors, mentees, rules)
        _progress(round_id, 90, gettext_noop("Saving the preview"))
        return _finish(round_id, result)
    except Exception:
        logger.exception("Matching round %s failed", round_id)
        MatchingRound.objects.filter(pk=round_id, status=MatchingRound.Status.RUNNING).update(
            status=MatchingRound.Status.FAILED,
            error=gettext_noop(
                "The round could not be computed. Run it again; if it fails again, "
                "tell the site's admins."
            ),
            finished_at=timezone.now(),
        )
        return None


@transaction.atomic
def _finish(round_id, result):
    matching_round = MatchingRound.objects.select_related("programme", "run_by").get(pk=round_id)
    _lock(matching_round.programme)
    matching_round = MatchingRound.objects.select_for_update().get(pk=round_id)
    if not matching_round.is_running:
        return None
    matching_round.result = round_result(result)
    matching_round.total_score = result.total
    matching_round.status = MatchingRound.Status.PREVIEW
    matching_round.progress = 100
    matching_round.step = gettext_noop("Preview ready")
    matching_round.finished_at = timezone.now()
    matching_round.save()
    programme = matching_round.programme
    if matching_round.run_by_id:
        notify(
            matching_round.run_by,
            "mentorship_round_ready",
            target=matching_round,
            programme=programme.name,
            summary=f"{len(result.pairs)} pairs, {len(result.unmatched)} unmatched",
            url=f"/mentorship/{programme.pk}/organise/#round-title",
        )
    return matching_round
