from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from phases.models import ChecklistItem
from regions import permissions
from regions.models import Activity, ChecklistProgress, Region
from regions.services.history import activity_entry, activity_record_many

AGREEMENT_NOT_TICKED = (
    "Dit punt vink je niet af: het is afgerond zodra elke partner van de regio akkoord heeft gegeven."
)


def progress_state(progress: ChecklistProgress) -> dict:
    """The full state of one item in a region, as stored in the history (before and after)."""
    return {
        "done": progress.done,
        "note": progress.note,
        "link": progress.link,
        "done_by": progress.done_by.get_full_name() or progress.done_by.username if progress.done_by else "",
        "done_at": progress.done_at.isoformat() if progress.done_at else None,
    }


@transaction.atomic
def progress_set(
    *,
    region: Region,
    item: ChecklistItem,
    user,
    done: bool | None = None,
    note: str | None = None,
    link: str | None = None,
) -> ChecklistProgress:
    """Tick or untick an item and/or change its note and link; ``None`` leaves a value as it is.

    The row is locked (PostgreSQL) or the write transaction is exclusive (SQLite), so two people
    changing the same item at once never lose an update; the first change of an item inserts its row
    (a concurrent first insert is retried on the row that won). Each changed aspect writes one Activity
    holding the full state before and after, from which the checklist on any past date is derived;
    when nothing changes, nothing is written.
    """
    if not permissions.can_change_progress(permissions.access_for(user, region)):
        raise PermissionDenied("Alleen partners van deze regio kunnen de checklist aanpassen.")
    if done and item.needs_agreement:
        raise ValidationError(AGREEMENT_NOT_TICKED)
    # No join in the locking read: after waiting for a lock, PostgreSQL re-reads the locked row but not the
    # rows joined to it, so a select_related("done_by") could pair the new done_by_id with the old (empty) user.
    locked = ChecklistProgress.objects.select_for_update().filter(region=region, item=item).first()
    progress = locked or ChecklistProgress(region=region, item=item)
    if progress.done_by_id is not None and progress.done_by_id == user.pk:
        progress.done_by = user  # the name for the history without another query
    before = progress_state(progress)
    now = timezone.now()
    changes = []
    if done is not None and done != progress.done:
        progress.done = done
        progress.done_by = user if done else None
        progress.done_at = now if done else None
        changes.append(Activity.Kind.TICK if done else Activity.Kind.UNTICK)
    if note is not None and note != progress.note:
        progress.note = note
        changes.append(Activity.Kind.NOTE)
    if link is not None and link != progress.link:
        progress.link = link
        changes.append(Activity.Kind.LINK)
    if not changes:
        return progress
    progress.updated_by = user
    progress.updated_at = now
    if progress.pk is not None:
        progress.save()
    else:
        try:
            with transaction.atomic():
                progress.save(force_insert=True)
        except IntegrityError:
            # Someone else created this item's row between our read and our insert. The unique index made
            # us wait until they committed, so their row is there now: start again from its state, locked.
            return progress_set(region=region, item=item, user=user, done=done, note=note, link=link)
    after = progress_state(progress)
    activity_record_many(
        [
            activity_entry(
                region=region,
                actor=user,
                kind=kind,
                summary=f"{Activity.Kind(kind).label}: {item.text}",
                before=before,
                after=after,
                phase_id=item.phase_id,
                item_id=item.pk,
            )
            for kind in changes
        ]
    )
    return progress
