"""The coalition's work: actions under checklist items, and each partner's akkoord on the items that need it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from phases.models import ChecklistItem
from regions import permissions
from regions.models import Action, Activity, Agreement, Membership, Organisation, Partnership, Region
from regions.selectors.checklists import person_name
from regions.services.history import activity_record

BLOCKED_REASON_REQUIRED = "Schrijf op waarom de actie geblokkeerd is."


def action_state(action: Action) -> dict:
    """The full state of an action, as stored in the history (before and after)."""
    return {
        "id": action.pk,
        "what": action.what,
        "owner_id": action.owner_id,
        "owner": action.owner.name if action.owner_id else "",
        "person_id": action.person_id,
        "person": person_name(action.person) if action.person_id else "",
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
        "blocked_reason": action.blocked_reason,
    }


def _check(region: Region, *, owner: Organisation, person, status: str, blocked_reason: str) -> None:
    """The owner is one of the region's partners, the person works for the owner, a blocked action says why."""
    errors = {}
    if not Partnership.objects.filter(region=region, organisation=owner).exists():
        errors["owner"] = "Kies een van de partners van de regio."
    elif person is not None and not Membership.objects.filter(user=person, organisation=owner).exists():
        errors["person"] = f"Kies iemand van {owner.name}, of niemand."
    if status not in Action.Status.values:
        errors["status"] = "Kies een stand."
    if status == Action.Status.BLOCKED and not blocked_reason.strip():
        errors["blocked_reason"] = BLOCKED_REASON_REQUIRED
    if errors:
        raise ValidationError(errors)


def _may_change(user, region: Region) -> None:
    if not permissions.can_change_actions(permissions.access_for(user, region)):
        raise PermissionDenied("Alleen medewerkers van de partners in deze regio beheren acties.")


@transaction.atomic
def action_create(
    *,
    region: Region,
    item: ChecklistItem,
    user,
    what: str,
    owner: Organisation,
    due_on: datetime.date,
    person=None,
    status: str = Action.Status.OPEN,
    blocked_reason: str = "",
) -> Action:
    """Add an action under a checklist item of the region; into the history with its full state."""
    _may_change(user, region)
    _check(region, owner=owner, person=person, status=status, blocked_reason=blocked_reason)
    now = timezone.now()
    action = Action.objects.create(
        region=region,
        item=item,
        what=what,
        owner=owner,
        person=person,
        due_on=due_on,
        status=status,
        blocked_reason=blocked_reason if status == Action.Status.BLOCKED else "",
        created_by=user,
        created_at=now,
        updated_by=user,
        updated_at=now,
    )
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.ACTION_ADDED,
        summary=f"Actie toegevoegd: {what}",
        after=action_state(action),
        phase_id=item.phase_id,
        item_id=item.pk,
        organisation_id=owner.pk,
    )
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    user,
    what: str,
    owner: Organisation,
    due_on: datetime.date,
    status: str,
    person=None,
    blocked_reason: str = "",
) -> Action:
    """Change an action (what, owner, person, due date, status and why it is blocked); nothing is written when
    nothing changes. The row is locked, so two people changing it at once never lose an update."""
    region = action.region
    _may_change(user, region)
    _check(region, owner=owner, person=person, status=status, blocked_reason=blocked_reason)
    locked = Action.objects.select_for_update().get(pk=action.pk)
    before = action_state(Action.objects.select_related("owner", "person").get(pk=locked.pk))
    locked.what, locked.owner, locked.person, locked.due_on, locked.status = what, owner, person, due_on, status
    locked.blocked_reason = blocked_reason if status == Action.Status.BLOCKED else ""
    after = action_state(locked)
    if after == before:
        return locked
    locked.updated_by, locked.updated_at = user, timezone.now()
    locked.save()
    changed = "geblokkeerd" if status == Action.Status.BLOCKED else Action.Status(status).label.lower()
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.ACTION,
        summary=f"Actie gewijzigd ({changed}): {what}",
        before=before,
        after=after,
        phase_id=locked.item.phase_id,
        item_id=locked.item_id,
        organisation_id=owner.pk,
    )
    return locked


def _may_agree(user, region: Region, item: ChecklistItem, organisation: Organisation) -> None:
    if not item.needs_agreement:
        raise ValidationError("Voor dit punt is geen akkoord van de partners nodig: vink het af.")
    if not permissions.can_agree_for(permissions.access_for(user, region), organisation.pk):
        raise PermissionDenied("Alleen medewerkers van een partnerorganisatie geven of trekken haar akkoord in.")


@transaction.atomic
def agreement_give(
    *, region: Region, item: ChecklistItem, organisation: Organisation, user, note: str = ""
) -> Agreement:
    """The organisation's akkoord on an item that needs every partner's agreement; giving it twice changes nothing."""
    _may_agree(user, region, item, organisation)
    existing = Agreement.objects.filter(region=region, item=item, organisation=organisation).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                region=region, item=item, organisation=organisation, given_by=user, note=note
            )
    except IntegrityError:
        return Agreement.objects.get(region=region, item=item, organisation=organisation)
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.AGREED,
        summary=f"Akkoord van {organisation.name}: {item.text}",
        before={"organisation_id": organisation.pk, "agreed": False},
        after={"organisation_id": organisation.pk, "agreed": True, "note": note},
        phase_id=item.phase_id,
        item_id=item.pk,
        organisation_id=organisation.pk,
    )
    return agreement


@transaction.atomic
def agreement_withdraw(*, region: Region, item: ChecklistItem, organisation: Organisation, user, reason: str) -> bool:
    """Withdraw the organisation's akkoord, saying why (kept in the history). False when there was none."""
    _may_agree(user, region, item, organisation)
    if not reason.strip():
        raise ValidationError({"reason": "Schrijf op waarom jullie het akkoord intrekken."})
    deleted, _ = Agreement.objects.filter(region=region, item=item, organisation=organisation).delete()
    if not deleted:
        return False
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.AGREEMENT_WITHDRAWN,
        summary=f"Akkoord van {organisation.name} ingetrokken: {item.text}",
        before={"organisation_id": organisation.pk, "agreed": True},
        after={"organisation_id": organisation.pk, "agreed": False, "reason": reason},
        phase_id=item.phase_id,
        item_id=item.pk,
        organisation_id=organisation.pk,
    )
    return True
