"""A change that was saved is reported as saved, also when building the answer to it fails afterwards (a dropped
database connection while reading the progress for the answer); a change that was not saved is never reported as
saved. These tests commit for real (transactional), as production does."""

import pytest
from django.db import OperationalError
from django.test import Client

from regions.models import Activity, ChecklistProgress
from regions.services import history
from tests.factories import item

pytestmark = pytest.mark.django_db(transaction=True)

SAVED_PAGE = "Je wijziging is opgeslagen"
NOT_SAVED_PAGE = "Er ging iets mis"


@pytest.fixture
def connection_drops_while_answering(monkeypatch):
    """Reading the progress for the answer fails, as when the database connection drops after the commit."""

    def dropped(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("regions.views.checklist.checklists.journey", dropped)


def tick(client, coalition, point, **headers):
    url = f"/regios/{coalition.region.slug}/fasen/3/punten/{point.pk}/"
    return client.post(url, {"actie": "vinken", f"punt-{point.pk}-done": "on"}, **headers)


def partner_client(coalition) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(coalition.partner_user)
    return client


def test_htmx_tick_saved_before_the_answer_failed_says_saved_and_refreshes(coalition, connection_drops_while_answering):
    client = partner_client(coalition)
    point = item(3, 0)
    response = tick(client, coalition, point, HTTP_HX_REQUEST="true")
    assert response.status_code == 500
    assert response["HX-Trigger"] == "wonen-eerst:opgeslagen-na-fout"  # htmx-errors.js: "Opgeslagen", no undo
    assert response["HX-Refresh"] == "true"  # htmx reloads the page, which shows the saved state
    assert ChecklistProgress.objects.get(region=coalition.region, item=point).done
    assert Activity.objects.filter(item=point, kind=Activity.Kind.TICK).count() == 1


def test_the_reloaded_page_says_the_change_was_saved(coalition, connection_drops_while_answering, monkeypatch):
    client = partner_client(coalition)
    point = item(3, 0)
    tick(client, coalition, point, HTTP_HX_REQUEST="true")
    monkeypatch.undo()  # the connection is back for the reload
    page = client.get(f"/regios/{coalition.region.slug}/fasen/3/").content.decode()
    assert "Je wijziging is opgeslagen." in page
    assert f'name="punt-{point.pk}-done" checked' in page


def test_without_javascript_the_error_page_says_the_change_was_saved(coalition, monkeypatch):
    client = partner_client(coalition)
    point = item(3, 0)

    def no_redirect(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("regions.views.checklist.redirect", no_redirect)
    response = tick(client, coalition, point)
    assert response.status_code == 500
    page = response.content.decode()
    assert SAVED_PAGE in page and "Verstuur het niet nog een keer" in page
    assert "HX-Refresh" not in response
    assert ChecklistProgress.objects.get(region=coalition.region, item=point).done


def test_a_change_that_failed_before_its_commit_is_not_reported_as_saved(coalition, monkeypatch):
    client = partner_client(coalition)
    point = item(3, 0)

    def history_unreachable(entries):
        history.saved_on_commit()  # marked inside the transaction, which then rolls back
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("regions.services.checklists.activity_record_many", history_unreachable)
    for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
        response = tick(client, coalition, point, **headers)
        assert response.status_code == 500
        assert "HX-Refresh" not in response and "HX-Trigger" not in response
        assert NOT_SAVED_PAGE in response.content.decode() and SAVED_PAGE not in response.content.decode()
    assert not ChecklistProgress.objects.filter(region=coalition.region, item=point).exists()
