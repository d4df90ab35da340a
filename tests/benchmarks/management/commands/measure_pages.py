"""Latency and query counts of the main pages, in-process, on the current database (for 1× vs 10× data).

    python manage.py measure_pages [--runs 15] [--json out.json]
    python manage.py measure_pages --compare-prepared [--runs 60]

Run against a database built with build_national_dataset. Each page is requested once to warm up, then
``--runs`` times; the table gives the median and the 90th percentile of the time and the number of SQL
queries (django.test.utils.CaptureQueriesContext), which must not grow with the data.

``--compare-prepared`` (PostgreSQL) requests every page alternately over two connections, one with the
settings' prepared statements and one sending every query as text (``DJANGO_DB_PREPARE_THRESHOLD=off``), and
gives the median of each: request by request, so that the machine's drift touches both alike.
"""

import copy
import json
import statistics
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from phases.models import ChecklistItem
from regions.models import Activity, Membership, Region, StoredReport


def _client(user=None, host="127.0.0.1") -> Client:
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:  # the advisor's second step, with the code of its authenticator app
            client.post("/account/tweestaps/controle/", {"code": _unused_code(device)})
    return client


def _unused_code(device: TOTPDevice) -> str:
    """The code of a time step the device has not accepted yet: it refuses a step twice, so a run right after
    another waits for the next step."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while clock.t() + 1 <= device.last_t:
        time.sleep(1)
    if clock.t() <= device.last_t:
        clock.drift += 1  # the next step's code, within the device's tolerance
    return f"{clock.token():0{device.digits}d}"


class Command(BaseCommand):
    help = "Median latency and SQL query count of the main pages (in-process) on the current data."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--json", dest="json_path", help="also write the figures to this file")
        parser.add_argument(
            "--compare-prepared", action="store_true", help="with and without prepared statements, alternately"
        )

    def handle(self, *args, runs, json_path=None, compare_prepared=False, **options):
        region, pages = self._pages()
        if compare_prepared:
            self._compare_prepared(pages, runs)
            return
        results = {
            "regions": Region.objects.count(),
            "activities": Activity.objects.count(),
            "region": region.slug,
            "region_activities": Activity.objects.filter(region=region).count(),
            "pages": {},
        }
        for name, request in pages:
            results["pages"][name] = self._measure(request, runs)
        self._print(results)
        if json_path:
            with open(json_path, "w") as out:
                out.write(json.dumps(results, indent=1))

    def _pages(self) -> tuple[Region, list[tuple[str, Callable]]]:
        """The region measured, and the pages: (name, a function that requests the page) each."""
        region = Region.objects.filter(current_phase__number=3).order_by("name").first()
        advisor = get_user_model().objects.filter(username__startswith="nl-adviseur-").order_by("username").first()
        if region is None or advisor is None:
            raise CommandError("No national data set here: run build_national_dataset first.")
        member = (
            Membership.objects.filter(
                organisation__partnerships__region=region, organisation__partnerships__is_trekker=True
            )
            .order_by("user__username")
            .first()
            .user
        )
        point = ChecklistItem.objects.filter(phase__number=3).order_by("order").first()
        anonymous, partner, adviser = _client(), _client(member), _client(advisor)
        tick_url = f"/regios/{region.slug}/fasen/3/punten/{point.pk}/"
        ticks = iter(range(10**6))

        def tick():
            data = {"actie": "vinken"} | ({f"punt-{point.pk}-done": "on"} if next(ticks) % 2 else {})
            return partner.post(tick_url, data, HTTP_HX_REQUEST="true")

        def report_pdf():
            # A new conversion each time, in the request, as when no worker stores it: the cost of rendering.
            StoredReport.objects.filter(region=region).delete()
            with override_settings(WONEN_EERST_REPORT_WAIT_SECONDS=0):
                return partner.get(f"/regios/{region.slug}/voortgang.pdf")

        return region, [
            ("/gezond/ (floor)", lambda: anonymous.get("/gezond/")),
            ("guide: /fasen/2/", lambda: anonymous.get("/fasen/2/")),
            ("/regios/", lambda: partner.get("/regios/")),
            ("/regios/[slug]/", lambda: partner.get(f"/regios/{region.slug}/")),
            ("/regios/[slug]/fasen/3/", lambda: partner.get(f"/regios/{region.slug}/fasen/3/")),
            ("tick (htmx POST)", tick),
            ("/regios/[slug]/activiteit/", lambda: partner.get(f"/regios/{region.slug}/activiteit/")),
            ("/regios/[slug]/kengetallen/", lambda: partner.get(f"/regios/{region.slug}/kengetallen/")),
            ("/regios/[slug]/voortgang.pdf", report_pdf),
            ("/regios/[slug]/voortgang.pdf, unchanged", lambda: partner.get(f"/regios/{region.slug}/voortgang.pdf")),
            ("/versnellingsteam/", lambda: adviser.get("/versnellingsteam/")),
            ("/versnellingsteam/hulpvragen/", lambda: adviser.get("/versnellingsteam/hulpvragen/")),
            ("/versnellingsteam/kengetallen/", lambda: adviser.get("/versnellingsteam/kengetallen/")),
            (
                "/versnellingsteam/hulpvragen/?status=afgerond",
                lambda: adviser.get("/versnellingsteam/hulpvragen/?status=afgerond"),
            ),
        ]

    def _compare_prepared(self, pages, runs: int):
        default = connections["default"]
        if default.vendor != "postgresql" or not default.settings_dict["OPTIONS"].get("server_side_binding"):
            raise CommandError("Needs PostgreSQL with prepared statements (DJANGO_DB_PREPARE_THRESHOLD not off).")
        as_text = copy.deepcopy(default.settings_dict)
        for option in ("server_side_binding", "prepare_threshold"):
            as_text["OPTIONS"].pop(option)
        wrappers = {"text": default.__class__(as_text, alias="default"), "prepared": default}
        self.stdout.write("| page | queries as text, ms | prepared, ms | ratio |\n| --- | ---: | ---: | ---: |")
        try:
            for name, request in pages:
                times = {kind: [] for kind in wrappers}
                for wrapper in wrappers.values():
                    connections["default"] = wrapper
                    for _ in range(5):  # warm up; the statements that run twice are prepared
                        request()
                for run in range(runs):
                    for kind in wrappers if run % 2 else reversed(wrappers):
                        connections["default"] = wrappers[kind]
                        started = time.perf_counter()
                        request()
                        times[kind].append((time.perf_counter() - started) * 1000)
                text, prepared = (statistics.median(times[kind]) for kind in ("text", "prepared"))
                self.stdout.write(f"| {name} | {text:.1f} | {prepared:.1f} | {prepared / text:.2f}× |")
        finally:
            connections["default"] = default
            wrappers["text"].close()

    def _measure(self, request, runs: int) -> dict:
        response = request()
        if response.status_code != 200:
            raise CommandError(f"{response.status_code} from {response.request['PATH_INFO']}")
        times, queries = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                request()
                times.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured))
        times.sort()
        return {
            "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
            "queries": max(queries),
        }

    def _print(self, results):
        self.stdout.write(
            f"{results['regions']} regions, {results['activities']} activities; "
            f"measured on {results['region']} ({results['region_activities']} activities)\n"
        )
        self.stdout.write("| page | median ms | p90 ms | queries |\n| --- | ---: | ---: | ---: |")
        for name, row in results["pages"].items():
            self.stdout.write(f"| {name} | {row['median_ms']} | {row['p90_ms']} | {row['queries']} |")
