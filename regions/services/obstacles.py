"""A region's obstacles (knelpunten): marked open, solved with what helped, reopened; and the trekkers' consent to
share the solved ones with other regions. Each function checks permission, changes the data and records an
``Activity`` holding the obstacle's whole state before and after, from which the obstacles on a past date follow.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from phases.models import Phase, Question
from regions import permissions
from regions.models import Activity, Obstacle, Region
from regions.services.history import activity_record

ONLY_PARTNERS = "Alleen medewerkers van de partners in deze regio geven knelpunten aan."
ONLY_TREKKERS = "Alleen medewerkers van een trekker bepalen wat de regio deelt met andere regio's."


class ObstacleRefused(Exception):
    """A step the obstacle's state does not allow; the message is Dutch and meant for the user."""


def obstacle_state(obstacle: Obstacle) -> dict:
    """The whole state of an obstacle, as the history stores it before and after a change."""
    return {
        "obstacle": obstacle.pk,
        "question": obstacle.question_id,
        "title": obstacle.title,
        "status": obstacle.status,
        "note": obstacle.note,
        "what_helped": obstacle.what_helped,
        "opened_at": obstacle.opened_at.isoformat(),
        "solved_at": obstacle.solved_at.isoformat() if obstacle.solved_at else None,
    }


def _check(user, region: Region) -> None:
    if not permissions.can_mark_obstacles(permissions.access_for(user, region)):
        raise PermissionDenied(ONLY_PARTNERS)


def _record(obstacle: Obstacle, *, user, summary: str, before: dict | None) -> None:
    activity_record(
        region=obstacle.region,
        actor=user,
        kind=Activity.Kind.OBSTACLE,
        summary=summary,
        before=before,
        after=obstacle_state(obstacle),
        phase_id=obstacle.phase_id,
    )


def _locked(obstacle: Obstacle) -> Obstacle:
    return Obstacle.objects.select_for_update(of=("self",)).select_related("region", "question").get(pk=obstacle.pk)


@transaction.atomic
def obstacle_open(
    *, region: Region, user, phase: Phase, question: Question | None = None, text: str = "", note: str = ""
) -> Obstacle:
    """Partner staff mark one of the guide's questions (or an obstacle in their own words) as open now."""
    _check(user, region)
    if question is None and not text.strip():
        raise ObstacleRefused("Kies een vraag uit de gids of beschrijf het knelpunt in eigen woorden.")
    if question is not None:
        if Obstacle.objects.open().filter(region=region, question=question).exists():
            raise ObstacleRefused("Dit knelpunt staat al open voor de regio.")
        phase = question.phase
    try:
        with transaction.atomic():  # a concurrent mark of the same question loses to the constraint, not a 500
            obstacle = Obstacle.objects.create(
                region=region,
                question=question,
                phase=phase,
                text="" if question is not None else text.strip(),
                note=note,
                opened_by=user,
            )
    except IntegrityError:
        raise ObstacleRefused("Dit knelpunt staat al open voor de regio.") from None
    _record(obstacle, user=user, summary=f"Knelpunt aangegeven: {obstacle.title}", before=None)
    return obstacle


@transaction.atomic
def obstacle_solve(*, obstacle: Obstacle, user, what_helped: str) -> Obstacle:
    """Mark an open obstacle *opgelost*, with what helped."""
    _check(user, obstacle.region)
    obstacle = _locked(obstacle)
    if not obstacle.is_open:
        raise ObstacleRefused("Dit knelpunt is al opgelost.")
    before = obstacle_state(obstacle)
    obstacle.status = Obstacle.Status.SOLVED
    obstacle.what_helped = what_helped
    obstacle.solved_at = timezone.now()
    obstacle.solved_by = user
    obstacle.save(update_fields=["status", "what_helped", "solved_at", "solved_by"])
    _record(obstacle, user=user, summary=f"Knelpunt opgelost: {obstacle.title}", before=before)
    return obstacle


@transaction.atomic
def obstacle_reopen(*, obstacle: Obstacle, user) -> Obstacle:
    """A solved obstacle is back: open again (what helped stays in the history)."""
    _check(user, obstacle.region)
    obstacle = _locked(obstacle)
    if obstacle.is_open:
        raise ObstacleRefused("Dit knelpunt staat al open.")
    open_twin = Obstacle.objects.open().filter(region=obstacle.region_id, question=obstacle.question_id)
    if obstacle.question_id and open_twin.exists():
        raise ObstacleRefused("Dit knelpunt staat al open voor de regio.")
    before = obstacle_state(obstacle)
    obstacle.status = Obstacle.Status.OPEN
    obstacle.what_helped = ""
    obstacle.solved_at = None
    obstacle.solved_by = None
    try:
        with transaction.atomic():
            obstacle.save(update_fields=["status", "what_helped", "solved_at", "solved_by"])
    except IntegrityError:
        raise ObstacleRefused("Dit knelpunt staat al open voor de regio.") from None
    _record(obstacle, user=user, summary=f"Knelpunt weer open: {obstacle.title}", before=before)
    return obstacle


@transaction.atomic
def obstacle_sharing_set(*, region: Region, user, share: bool) -> Region:
    """The trekkers allow (or stop allowing) other regions to see which obstacles the region solved and what
    helped, with the region's name."""
    if not permissions.can_share_obstacles(permissions.access_for(user, region)):
        raise PermissionDenied(ONLY_TREKKERS)
    region = Region.objects.select_for_update().get(pk=region.pk)
    if region.shares_solved_obstacles == share:
        return region
    region.shares_solved_obstacles = share
    region.save(update_fields=["shares_solved_obstacles"])
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.SHARING,
        summary="Opgeloste knelpunten gedeeld met andere regio's"
        if share
        else "Opgeloste knelpunten niet meer gedeeld",
        before={"shares": not share},
        after={"shares": share},
    )
    return region
