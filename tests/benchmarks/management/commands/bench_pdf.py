"""Measure the progress report PDF: ``python manage.py bench_pdf``.

Builds a large region (all 35 checklist items ticked with a note on each, 20 partners, 1 000 history
rows, reviews and open support requests) inside a transaction that is rolled back afterwards, then
renders its report and a one-page "hello" PDF several times in the same run. Prints the median time
(wall clock and CPU), the peak Python memory (tracemalloc) of one render, the process's peak RSS, the
number of pages and of queries. The data is rolled back: it is safe to run against any database.
"""

import datetime
import io
import resource
import statistics
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phases.models import ChecklistItem, OrganisationType, Phase
from regions.models import (
    Activity,
    ChecklistProgress,
    Membership,
    Organisation,
    Partnership,
    Region,
    Review,
    StoredReport,
    SupportRequest,
)
from regions.report import build_report, render_report
from wonen_eerst.pdf import render_pdf

NOTE = (
    "Besproken in het regionaal overleg; de afspraken staan in het verslag. Volgende stap: de wethouders "
    "informeren en de planning afstemmen met de corporaties en de zorgaanbieders."
)
ROLE = (
    "Wij brengen woningen en kennis van de huurders in, denken mee over de spreiding in de wijken en "
    "nemen deel aan het regionale kernteam. Contactpersoon via de algemene mailbox."
)


class _Rollback(Exception):
    pass


def make_large_region(*, partners: int = 20, history: int = 1000) -> Region:
    """A region with every item ticked and noted, ``partners`` partners and ``history`` activity rows."""
    now = timezone.now()
    stamp = now.strftime("%H%M%S%f")
    phases = {phase.number: phase for phase in Phase.objects.all()}
    region = Region.objects.create(
        name=f"Regio Meetpunt {stamp}",
        slug=f"regio-meetpunt-{stamp}",
        centrumgemeente="Meetstad",
        current_phase=phases[4],
        phase_started_on=timezone.localdate() - datetime.timedelta(days=300),
        created_at=now - datetime.timedelta(days=720),
    )
    types = list(OrganisationType.objects.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisatie {n:02d} {stamp}", type=types[n % len(types)]) for n in range(partners)
    )
    Partnership.objects.bulk_create(
        Partnership(region=region, organisation=org, role=ROLE, is_trekker=n < 2, since=datetime.date(2024, 1, 1))
        for n, org in enumerate(organisations)
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"meet{stamp}-{n}", first_name="Medewerker", last_name=f"Nummer {n}") for n in range(partners)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=o) for u, o in zip(users, organisations, strict=True)
    )
    items = list(ChecklistItem.objects.all())
    ChecklistProgress.objects.bulk_create(
        ChecklistProgress(
            region=region,
            item=item,
            done=True,
            done_by=users[n % partners],
            done_at=now - datetime.timedelta(days=n),
            note=NOTE,
            link=f"https://intranet.example.org/wonen-eerst/documenten/{n}",
            updated_by=users[n % partners],
        )
        for n, item in enumerate(items)
    )
    Activity.objects.bulk_create(
        Activity(
            region=region,
            actor=users[n % partners],
            created_at=now - datetime.timedelta(hours=12 * (history - n)),
            kind=Activity.Kind.TICK if n % 3 else Activity.Kind.NOTE,
            item=items[n % len(items)],
            phase_id=items[n % len(items)].phase_id,
            summary=f"Punt afgevinkt: {items[n % len(items)].text}"[:300],
            after={"done": True, "note": NOTE, "link": "", "done_by": f"Medewerker Nummer {n % partners}"},
        )
        for n in range(history)
    )
    Review.objects.bulk_create(
        Review(region=region, author=users[0], phase=phases[4], text=NOTE, created_at=now - datetime.timedelta(days=d))
        for d in (10, 50, 90)
    )
    SupportRequest.objects.bulk_create(
        SupportRequest(region=region, kind=kind, description=NOTE, requested_by=users[1])
        for kind in (SupportRequest.Kind.JURIDISCH, SupportRequest.Kind.DRAAGVLAK)
    )
    return region


def _medians(renders: dict, runs: int) -> dict[str, tuple[float, float]]:
    """Name → median wall-clock and CPU seconds of ``runs`` renders, interleaved so that a busy machine
    slows every document alike; one warm-up render each first (templates, fonts, imports)."""
    times = {name: ([], []) for name in renders}
    for render in renders.values():
        render()
    for _ in range(runs):
        for name, render in renders.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            render()
            times[name][0].append(time.perf_counter() - start)
            times[name][1].append(time.process_time() - start_cpu)
    return {name: (statistics.median(wall), statistics.median(cpu)) for name, (wall, cpu) in times.items()}


def _peak_bytes(render) -> int:
    """Peak memory allocated by Python during one render (WeasyPrint's C libraries not included)."""
    tracemalloc.start()
    try:
        render()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class Command(BaseCommand):
    help = "Measure the time and memory of rendering a large region's progress report as PDF."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=9, help="timed renders of each document (default 9)")
        parser.add_argument("--out", help="also write the large report to this file")

    def handle(self, *args, runs, out, **options):
        try:
            with transaction.atomic():
                self._measure(runs, out)
                raise _Rollback
        except _Rollback:
            pass

    def _measure(self, runs: int, out: str | None):
        region = make_large_region()
        region = Region.objects.select_related("current_phase").get(pk=region.pk)

        def report():
            StoredReport.objects.filter(region=region).delete()  # convert every time: the rendering, not the store
            return render_report(build_report(region))

        def report_unchanged():
            """A second download of the same report: its HTML is built and the PDF read from the database."""
            return render_report(build_report(region))

        def hello():
            return render_pdf("pdf/hello.html", {"title": "Hallo"})

        with CaptureQueriesContext(connection) as queries:
            pdf = report()
        if out:
            with open(out, "wb") as target:
                target.write(pdf)
        renders = {"report": report, "hello": hello}
        medians = _medians(renders, runs)
        peaks = {name: _peak_bytes(render) for name, render in renders.items()}
        report_unchanged()
        medians["report, stored"] = _medians({"report, stored": report_unchanged}, runs)["report, stored"]
        peaks["report, stored"] = _peak_bytes(report_unchanged)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        from pypdf import PdfReader  # a test dependency; the benchmark is a development tool

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        lines = [
            f"Large report: 35 items ticked with a note each, 20 partners, 1000 history rows: "
            f"{pages} pages, {len(pdf) // 1024} KiB, {len(queries)} queries.",
            f"Median of {runs} renders, interleaved; each loads its fonts and stylesheet. "
            "'stored' = the same report downloaded again, unchanged (HTML built and hashed, PDF from the database).",
            f"{'':14} {'wall clock':>11} {'CPU':>8} {'peak Python memory':>19}",
        ]
        for name, (wall, cpu) in medians.items():
            lines.append(f"{name:14} {wall:>9.3f} s {cpu:>6.3f} s {peaks[name] / 2**20:>15.1f} MiB")
        (report_wall, report_cpu), (hello_wall, hello_cpu) = medians["report"], medians["hello"]
        lines.append(f"report / hello: {report_wall / hello_wall:.1f}x wall clock, {report_cpu / hello_cpu:.1f}x CPU")
        lines.append(f"Peak RSS of this process: {rss:.0f} MiB")
        self.stdout.write("\n".join(lines))
