"""Background work of the regions (Django's task framework): a region's current progress report is rendered after
every change and stored, so that downloading it is a database read.

``report_render_later`` is called by the history (``regions.services.history``), which every change passes. Once
the change commits it enqueues ``report_render`` to run ``WONEN_EERST_REPORT_DELAY_SECONDS`` later, unless a
rendering of that region is already waiting: a burst of changes makes one PDF. Without a worker the stored report
is simply not current, and a download renders the report itself (``regions.report.render_report``).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from regions.models import Region
from regions.report import build_report, render_report


@task()
def report_render(*, region_id: int) -> str:
    """Render the region's current full report and store it, unless the stored one is still current."""
    region = Region.objects.select_related("current_phase").filter(pk=region_id).first()
    if region is None:
        return "region removed"
    render_report(build_report(region))
    return "current"


def report_render_later(region_ids) -> None:
    """Once the transaction commits, enqueue the rendering of each region's current report.

    Only with a backend whose tasks wait for a worker: the immediate backend (the SQLite demo) would convert the
    PDF in the request that made the change; there the report is converted when someone downloads it.
    """
    if not report_render.get_backend().supports_defer:
        return
    for region_id in set(region_ids):
        transaction.on_commit(lambda region_id=region_id: _enqueue_unless_waiting(region_id), robust=True)


def _enqueue_unless_waiting(region_id: int) -> None:
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=report_render.module_path,
        args_kwargs__kwargs__region_id=region_id,
    )
    if not waiting.exists():
        later = timezone.now() + datetime.timedelta(seconds=settings.WONEN_EERST_REPORT_DELAY_SECONDS)
        report_render.using(run_after=later).enqueue(region_id=region_id)
