from regions.models import Activity
from regions.tasks import report_render_later
from wonen_eerst.saved import saved_on_commit


def activity_entry(
    *,
    region,
    actor,
    kind: str,
    summary: str,
    before: dict | None = None,
    after: dict | None = None,
    phase_id: int | None = None,
    item_id: int | None = None,
    organisation_id: int | None = None,
) -> Activity:
    return Activity(
        region=region,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        summary=summary[:300],
        before=before or {},
        after=after or {},
        phase_id=phase_id,
        item_id=item_id,
        organisation_id=organisation_id,
    )


def activity_record(**kwargs) -> Activity:
    """Append one entry to a region's history. Call inside the transaction that made the change; once it commits,
    the region's current report is rendered again in the background."""
    entry = activity_entry(**kwargs)
    entry.save()
    saved_on_commit()
    report_render_later([entry.region_id])
    return entry


def activity_record_many(entries: list[Activity]) -> list[Activity]:
    """Append entries to a region's history. Call inside the transaction that made the change."""
    saved_on_commit()
    report_render_later([entry.region_id for entry in entries])
    return Activity.objects.bulk_create(entries)
