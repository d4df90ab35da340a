"""Background work of the regions (Django's task framework): a region's current progress report is rendered after
every change and stored, so that downloading it is a database read.

Converting a PDF takes a second of CPU. In the worker (started with a lower CPU priority, see the README) it does not
hold up the web process's threads, so a download whose stored report is not current asks the worker to render it
at once and waits for it (``report_for_download``). Only when no worker answers in time does the download convert
it itself.

``report_render_later`` is called by the history (``regions.services.history``), which every change passes. Once
the change commits it enqueues ``report_render`` to run ``WONEN_EERST_REPORT_DELAY_SECONDS`` later; when a rendering
of that region is already waiting, it moves that one to the same moment instead. A region being worked on is rendered
once, when the changes stop for that long; a download meanwhile asks for its rendering at once. Without a worker the
stored report is simply not current, and a download converts the report itself after its wait
(``regions.report.render_report``).
"""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from regions.models import Region
from regions.report import Report, build_report, render_report, report_html, stored_report
from wonen_eerst.pdf import pdf_hash

# A rendering someone is waiting for goes before the ones after a change.
DOWNLOAD_PRIORITY = 10
POLL_SECONDS = 0.2


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
        transaction.on_commit(lambda region_id=region_id: _enqueue_or_postpone(region_id), robust=True)


def report_for_download(report: Report) -> bytes:
    """The report as PDF for a download: the stored one when it is current; else the worker's, waited for for at most
    ``WONEN_EERST_REPORT_WAIT_SECONDS``; else converted here. A short or past report is always converted here."""
    if report.short or report.is_past or not report_render.get_backend().supports_defer:
        return render_report(report)
    key = pdf_hash(report_html(report))
    pdf = stored_report(report.region, key)
    if pdf is None:
        _render_now(report.region.pk)
        deadline = time.monotonic() + settings.WONEN_EERST_REPORT_WAIT_SECONDS
        while pdf is None and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            pdf = stored_report(report.region, key)
    return pdf if pdf is not None else render_report(report)


def _waiting(region_id: int):
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=report_render.module_path,
        args_kwargs__kwargs__region_id=region_id,
    )


def _render_now(region_id: int) -> None:
    """Move the region's waiting rendering to the front of the queue, or enqueue one there."""
    if not _waiting(region_id).update(run_after=timezone.now(), priority=DOWNLOAD_PRIORITY):
        report_render.using(priority=DOWNLOAD_PRIORITY).enqueue(region_id=region_id)


def _enqueue_or_postpone(region_id: int) -> None:
    """Render the region's report once it has not changed for the delay; one asked for by a download stays first."""
    later = timezone.now() + datetime.timedelta(seconds=settings.WONEN_EERST_REPORT_DELAY_SECONDS)
    waiting = _waiting(region_id)
    if not waiting.exclude(priority=DOWNLOAD_PRIORITY).update(run_after=later) and not waiting.exists():
        report_render.using(run_after=later).enqueue(region_id=region_id)
