"""A region's current progress report is rendered in the background after a change and stored in the database, so
that downloading it is a database read; a burst of changes makes one PDF; a download of a changed report waits for the
worker; without a worker, or for a short or past report, the download renders it as before."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from regions import report
from regions.models import StoredReport
from regions.services import progress_set
from regions.tasks import DOWNLOAD_PRIORITY, report_render
from tests.factories import item


@pytest.fixture
def converting_threads(monkeypatch, conversions):
    """The thread that converted each PDF (with the stand-in conversion of ``conversions``)."""
    threads = []
    convert = report.html_to_pdf
    monkeypatch.setattr(report, "html_to_pdf", lambda html: threads.append(threading.get_ident()) or convert(html))
    return threads


def waiting_renders(region) -> int:
    return DBTaskResult.objects.filter(
        task_path=report_render.module_path, status=TaskResultStatus.READY, args_kwargs__kwargs__region_id=region.pk
    ).count()


def download(client, user, region, **params):
    client.force_login(user)
    response = client.get(reverse("regions:report_pdf", args=[region.slug]), params)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_a_burst_of_changes_renders_the_report_once_and_the_download_reads_it(
    task_worker, settings, coalition, client, conversions
):
    settings.WONEN_EERST_REPORT_DELAY_SECONDS = 0
    region, user = coalition.region, coalition.trekker_user
    for index in range(5):
        progress_set(region=region, item=item(1, index), user=user, done=True, note=f"Punt {index}.")
    assert waiting_renders(region) == 1  # five changes, one rendering waiting
    assert conversions == []  # nothing converted in the requests that made the changes

    task_worker()
    assert len(conversions) == 1 and waiting_renders(region) == 0
    stored = StoredReport.objects.get(region=region)

    client.force_login(user)
    url = reverse("regions:report_pdf", args=[region.slug])
    with CaptureQueriesContext(connection) as queries:
        content = client.get(url).content
    assert content == bytes(stored.pdf) and len(conversions) == 1  # read, not converted
    assert sum("regions_storedreport" in query["sql"] for query in queries.captured_queries) == 1


def test_each_change_moves_the_waiting_rendering_until_the_region_is_quiet(task_worker, settings, coalition):
    """A region being worked on is rendered once its changes stop, not every delay while they go on; a rendering a
    download asked for is not pushed back."""
    settings.WONEN_EERST_REPORT_DELAY_SECONDS = 600
    region, user = coalition.region, coalition.trekker_user
    waiting = DBTaskResult.objects.filter(task_path=report_render.module_path, status=TaskResultStatus.READY)
    progress_set(region=region, item=item(3, 0), user=user, done=True)
    first = waiting.get().run_after
    progress_set(region=region, item=item(3, 1), user=user, done=True)
    assert waiting.count() == 1 and waiting.get().run_after > first

    waiting.update(run_after=first, priority=DOWNLOAD_PRIORITY)  # as a download leaves it
    progress_set(region=region, item=item(3, 0), user=user, done=False)
    assert waiting.count() == 1 and waiting.get().run_after == first


def test_a_download_of_a_changed_report_waits_for_the_worker_and_converts_nothing_itself(
    task_worker, settings, coalition, client, converting_threads
):
    """The conversion runs in the worker's process, where it cannot hold up the web process's other requests."""
    settings.WONEN_EERST_REPORT_WAIT_SECONDS = 30
    region, user = coalition.region, coalition.trekker_user
    progress_set(region=region, item=item(3, 0), user=user, done=True, note="Net besloten.")
    assert waiting_renders(region) == 1  # 30 seconds from now, after the change

    def worker_once_asked():
        # The download moves the waiting rendering to the front; then the worker runs it.
        asked = DBTaskResult.objects.filter(task_path=report_render.module_path, priority=DOWNLOAD_PRIORITY)
        try:
            while not asked.exists():
                threading.Event().wait(0.05)
            task_worker()
        finally:
            connection.close()  # this thread's own connection: the test database can be dropped afterwards

    worker = threading.Thread(target=worker_once_asked)
    worker.start()
    content = download(client, user, region)
    worker.join(timeout=30)
    assert content == bytes(StoredReport.objects.get(region=region).pdf)
    assert len(converting_threads) == 1 and converting_threads[0] == worker.ident
    assert waiting_renders(region) == 0


def test_without_a_worker_the_download_renders_the_changed_report_itself(
    task_worker, settings, coalition, client, conversions
):
    settings.WONEN_EERST_REPORT_WAIT_SECONDS = 0.3  # nobody runs the worker: wait briefly, then convert here
    region, user = coalition.region, coalition.trekker_user
    first = download(client, user, region)
    progress_set(region=region, item=item(3, 0), user=user, done=True, note="Net besloten.")
    assert waiting_renders(region) == 1  # enqueued, but no worker runs it
    changed = download(client, user, region)
    assert changed != first and len(conversions) == 2
    assert bytes(StoredReport.objects.get(region=region).pdf) == changed
    assert download(client, user, region) == changed and len(conversions) == 2


def test_a_short_or_past_report_is_rendered_on_request(task_worker, coalition, client, conversions):
    region, user = coalition.region, coalition.trekker_user
    download(client, user, region, kort=1)
    download(client, user, region, datum="2025-06-30")
    assert len(conversions) == 2 and not StoredReport.objects.exists()


def test_with_the_immediate_backend_a_change_renders_nothing(
    coalition, conversions, django_capture_on_commit_callbacks
):
    """The SQLite demo runs tasks at once: the report is then rendered when it is downloaded, not on every tick."""
    with django_capture_on_commit_callbacks(execute=True):
        progress_set(region=coalition.region, item=item(3, 0), user=coalition.trekker_user, done=True)
    assert conversions == [] and not StoredReport.objects.exists()
