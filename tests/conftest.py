import hashlib
import importlib
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker

from tests import factories
from tests.voice import assert_mail_says_je, assert_page_says_je, typed_formal_words


def ensure_groups():
    """The Versnellingsteam and Redactie groups, as their migration made them.

    A transactional test (live server, threads) empties every table when it ends; Django then recreates
    content types and permissions, but not the rows a data migration wrote.
    """
    from django.contrib.auth.models import Group, Permission

    if Group.objects.filter(name__in=["Versnellingsteam", "Redactie"]).count() < 2:
        importlib.import_module("regions.migrations.0002_groups").assign_groups(Group, Permission)
        importlib.import_module("regions.migrations.0008_figures_editors").assign_indicator_permissions(
            Group, Permission
        )


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test converts its own PDFs and renders its own guide fragments: nothing from an earlier test is reused."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _speaks_with_je(monkeypatch):
    """The portal says je/jij/jouw, never u/uw: every HTML page the test client receives in any test, and every
    e-mail a test sends, is checked for u and uw (tests/voice.py). Words the test typed itself into a form or query
    are the reader's own text when a page shows them back, not the portal's."""
    from django.core import mail
    from django.test import Client

    typed = set()
    request = Client.request

    def checked_request(self, **environ):
        response = request(self, **environ)
        sent = response.wsgi_request
        try:
            values = [value for data in (sent.GET, sent.POST) for _name, given in data.lists() for value in given]
        except Exception:  # noqa: BLE001 (a body the request itself could not read; the view answered it already)
            values = []
        typed.update(typed_formal_words(values))
        if "text/html" in response.get("Content-Type", "") and not response.streaming:
            html = response.content.decode(errors="replace")
            assert_page_says_je(html, f"{sent.method} {sent.get_full_path()}", typed=frozenset(typed))
        return response

    monkeypatch.setattr(Client, "request", checked_request)
    yield
    for message in getattr(mail, "outbox", []):
        assert_mail_says_je(message, typed=frozenset(typed))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the guide loaded once, committed: every test's rollback keeps it."""
    with django_db_blocker.unblock():
        call_command("loaddata", "guide", verbosity=0)


@pytest.fixture
def guide(db):
    """The guide's content from fixtures/guide.json and the groups.

    Both are in the database from the start of the session. A transactional test (live server, threads) empties
    every table when it ends; pytest-django runs those tests last, and each one loads the guide again here.
    """
    from phases.models import Phase

    if not Phase.objects.exists():
        call_command("loaddata", "guide", verbosity=0)
    ensure_groups()


@pytest.fixture
def conversions(monkeypatch):
    """Every HTML converted to PDF, wherever it is converted, in order; not laid out: a stand-in PDF whose bytes
    follow the HTML (the same HTML, the same bytes). For tests of when and where a PDF is made; what a PDF holds is
    tested on real ones (tests/test_pdf_report.py, tests/test_pdf_guide.py)."""
    from regions import report
    from wonen_eerst import pdf

    converted = []

    def convert(html: str) -> bytes:
        converted.append(html)
        return b"%PDF-1.7 (niet opgemaakt) " + hashlib.sha256(html.encode()).hexdigest().encode()

    for module in (pdf, report):
        monkeypatch.setattr(module, "html_to_pdf", convert)
    return converted


@pytest.fixture
def no_conversion(monkeypatch):
    """PDFs are built from their HTML as always, but not laid out: for tests of who may download a PDF, its headers
    or its queries, which do not read the document (a conversion costs half a second)."""
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 (niet opgemaakt)")


@dataclass
class Coalition:
    """Two regions and one person of every kind the access rules know."""

    region: object
    other_region: object
    gemeente: object  # trekker organisation in `region`
    corporatie: object  # partner (not trekker) in `region`
    zorg: object  # partner in `other_region` only
    trekker_user: object
    partner_user: object
    other_user: object
    advisor: object
    editor: object
    superuser: object

    def person(self, role: str):
        """The user of one of the access matrices' roles; None for anonymous."""
        return {
            "anonymous": None,
            "partner": self.partner_user,
            "trekker": self.trekker_user,
            "other": self.other_user,
            "advisor": self.advisor,
            "editor": self.editor,
        }[role]


@pytest.fixture
def coalition(guide):
    region = factories.make_region(name="Regio Noordkust", phase=3)
    other_region = factories.make_region(name="Regio Zuidwaard", phase=2)
    gemeente = factories.make_partner(region=region, type_slug="gemeente", is_trekker=True)
    corporatie = factories.make_partner(region=region, type_slug="woningcorporatie", role="Wij leveren woningen.")
    zorg = factories.make_partner(region=other_region, type_slug="zorg-welzijn", is_trekker=True)
    return Coalition(
        region=region,
        other_region=other_region,
        gemeente=gemeente,
        corporatie=corporatie,
        zorg=zorg,
        trekker_user=factories.make_user(username="trekker", organisations=[gemeente]),
        partner_user=factories.make_user(username="partner", organisations=[corporatie]),
        other_user=factories.make_user(username="buitenstaander", organisations=[zorg]),
        advisor=factories.make_user(username="adviseur", groups=["Versnellingsteam"]),
        editor=factories.make_user(username="redacteur", groups=["Redactie"], is_staff=True),
        superuser=factories.make_user(username="beheerder", is_superuser=True),
    )


@pytest.fixture
def task_worker(transactional_db, settings):
    """Tasks kept in the database (as in production) and a function that runs the worker (``manage.py db_worker``)
    until no task is ready, then returns. The test is transactional: changes commit, so their on-commit e-mails and
    renderings are enqueued as in production, and the worker sees them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WONEN_EERST_TASKS_BACKEND = "database"

    def run_worker():
        # What `manage.py db_worker --batch` runs, without its signal handlers, so that a thread can run it too.
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
            excluded_queue_names=[],
        ).run()

    yield run_worker


@pytest.fixture
def indicators(guide):
    """The starter set of key figures from fixtures/indicators.json, by slug."""
    from phases.models import Indicator

    call_command("loaddata", "indicators", verbosity=0)
    return {indicator.slug: indicator for indicator in Indicator.objects.all()}
