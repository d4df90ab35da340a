"""The history of a region: every change recorded by the services, listed newest first, filtered, paginated,
never edited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from phases.models import ChecklistItem, Phase
from regions.models import Activity, Partnership
from regions.services import (
    partnership_add,
    partnership_remove,
    partnership_set_role,
    partnership_set_trekker,
    progress_set,
    region_set_phase,
)
from tests.factories import item, make_organisation


def activity_url(region):
    return reverse("regions:activity", args=[region.slug])


# --- The services record every change -----------------------------------------------------------------------


def test_every_change_is_recorded_with_who_before_and_after(coalition):
    region, trekker, partner = coalition.region, coalition.trekker_user, coalition.partner_user
    point = item(3, 0)
    progress_set(region=region, item=point, user=partner, done=True)
    progress_set(region=region, item=point, user=partner, note="Verslag stuurgroep")
    progress_set(region=region, item=point, user=partner, link="https://example.org/verslag")
    progress_set(region=region, item=point, user=partner, done=False)
    region_set_phase(region=region, phase=Phase.objects.get(number=4), started_on=timezone.localdate(), user=trekker)
    newcomer = make_organisation(type_slug="zorg-welzijn", name="Stichting Nieuw Dak")
    partnership = partnership_add(region=region, organisation=newcomer, user=trekker)
    partnership_set_trekker(partnership=partnership, is_trekker=True, user=trekker)
    partnership_set_role(
        partnership=Partnership.objects.get(region=region, organisation=coalition.corporatie),
        role="Wij leveren woningen en begeleiding.",
        user=partner,
    )
    partnership_remove(partnership=partnership, user=trekker)

    entries = list(Activity.objects.filter(region=region).order_by("id"))
    assert [e.kind for e in entries] == [
        Activity.Kind.TICK,
        Activity.Kind.NOTE,
        Activity.Kind.LINK,
        Activity.Kind.UNTICK,
        Activity.Kind.PHASE,
        Activity.Kind.PARTNER_ADDED,
        Activity.Kind.TREKKER,
        Activity.Kind.ROLE,
        Activity.Kind.PARTNER_REMOVED,
    ]
    tick, note, link, untick, phase, added, trekker_entry, role, removed = entries
    assert tick.actor == partner and tick.before["done"] is False and tick.after["done"] is True
    assert note.before["note"] == "" and note.after["note"] == "Verslag stuurgroep"
    assert link.after["link"] == "https://example.org/verslag"
    assert untick.after["done"] is False and untick.after["note"] == "Verslag stuurgroep"
    assert phase.actor == trekker and phase.after["phase"] == Phase.objects.get(number=4).pk
    assert added.after["organisation"] == "Stichting Nieuw Dak"
    assert trekker_entry.before == {"is_trekker": False} and trekker_entry.after == {"is_trekker": True}
    assert role.before["role"] == "Wij leveren woningen." and role.after["role"].endswith("begeleiding.")
    assert removed.before["organisation"] == "Stichting Nieuw Dak"


# --- The history page ---------------------------------------------------------------------------------------


@pytest.fixture
def history(coalition):
    """Changes in phases 1 and 3 by two people, and a phase change, at known moments."""
    region = coalition.region
    ChecklistItem.objects.update(needs_agreement=False)  # a history of ticks: every item is ticked off here
    entries = []
    now = timezone.now()
    for n in range(30):
        user = coalition.partner_user if n % 2 else coalition.trekker_user
        point = item(1 if n < 20 else 3, n % 5)
        progress_set(region=region, item=point, user=user, done=not (n // 5) % 2)
        entry = Activity.objects.filter(region=region).latest("id")
        Activity.objects.filter(pk=entry.pk).update(created_at=now - datetime.timedelta(hours=30 - n))
        entries.append(entry.pk)
    region_set_phase(
        region=region,
        phase=Phase.objects.get(number=4),
        started_on=timezone.localdate(),
        user=coalition.trekker_user,
    )
    return entries


def shown_ids(response):
    return [entry.pk for entry in response.context["page"]]


def test_newest_first_and_paginated(client, coalition, history):
    client.force_login(coalition.partner_user)
    response = client.get(activity_url(coalition.region))
    assert response.status_code == 200
    ids = shown_ids(response)
    assert len(ids) == 25
    assert Activity.objects.get(pk=ids[0]).kind == Activity.Kind.PHASE  # the newest
    assert ids[1:] == list(reversed(history))[:24]
    html = response.content.decode()
    assert "31 wijzigingen" in html and "pagina 1 van 2" in html and "Ouder →" in html
    page2 = client.get(activity_url(coalition.region), {"pagina": 2})
    assert shown_ids(page2) == list(reversed(history))[24:]
    assert shown_ids(client.get(activity_url(coalition.region), {"pagina": "abc"})) == ids
    assert shown_ids(client.get(activity_url(coalition.region), {"pagina": 99})) == shown_ids(page2)


def test_filter_by_phase_person_and_kind(client, coalition, history):
    client.force_login(coalition.advisor)
    url = activity_url(coalition.region)
    in_phase_3 = client.get(url, {"fase": 3}).context["page"]
    assert len(in_phase_3) == 10 and all(e.phase.number == 3 for e in in_phase_3)
    by_partner = client.get(url, {"persoon": coalition.partner_user.pk}).context["page"].paginator.count
    assert by_partner == 15
    phase_changes = client.get(url, {"soort": "phase"}).context["page"]
    assert [e.kind for e in phase_changes] == [Activity.Kind.PHASE]
    combined = client.get(url, {"fase": 1, "persoon": coalition.trekker_user.pk, "soort": "untick"})
    assert {(e.phase.number, e.actor, e.kind) for e in combined.context["page"]} == {
        (1, coalition.trekker_user, Activity.Kind.UNTICK)
    }
    html = client.get(url, {"fase": 3}).content.decode()
    assert '<option value="3" selected>' in html  # the filter is kept in the form (and in the URL)


@pytest.mark.parametrize("params", [{"fase": "x"}, {"fase": 9}, {"persoon": "iemand"}, {"soort": "wissen"}])
def test_unknown_filter_values_are_ignored(client, coalition, history, params):
    client.force_login(coalition.partner_user)
    response = client.get(activity_url(coalition.region), params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 31


def test_htmx_gets_the_results_fragment(client, coalition, history):
    client.force_login(coalition.partner_user)
    response = client.get(activity_url(coalition.region), {"fase": 3}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultaten"') and "<html" not in html
    assert "10 wijzigingen met deze filters" in html
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in client.get(activity_url(coalition.region))["Vary"]


def test_changes_are_shown_with_before_and_after(client, coalition):
    progress_set(region=coalition.region, item=item(3, 0), user=coalition.partner_user, note="Nieuwe toelichting")
    client.force_login(coalition.partner_user)
    html = client.get(activity_url(coalition.region)).content.decode()
    assert "Toelichting gewijzigd" in html and "werd: Nieuwe toelichting" in html and "was: (leeg)" in html


def test_access_to_history(client, coalition):
    url = activity_url(coalition.region)
    assert client.get(url).status_code == 302
    client.force_login(coalition.other_user)
    assert client.get(url).status_code == 404
    client.force_login(coalition.advisor)
    assert client.get(url).status_code == 200


def test_no_one_edits_history(client, coalition):
    progress_set(region=coalition.region, item=item(3, 0), user=coalition.partner_user, done=True)
    entry = Activity.objects.get()
    client.force_login(coalition.partner_user)
    assert client.post(activity_url(coalition.region), {"id": entry.pk}).status_code == 405
    client.force_login(coalition.superuser)
    assert client.post(f"/beheer/regions/activity/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/beheer/regions/activity/{entry.pk}/change/", {"summary": "anders"}).status_code == 403
    assert Activity.objects.get().summary == entry.summary


def test_a_change_by_someone_whose_account_is_gone_shows_as_unknown(client, coalition):
    """The history keeps a change after its author's account was deleted (actor empty): pages say "onbekend"."""
    from regions.services import progress_set
    from tests.factories import item, make_user

    gone = make_user(organisations=[coalition.corporatie])
    progress_set(region=coalition.region, item=item(3, 0), user=gone, done=True)
    gone.delete()
    client.force_login(coalition.partner_user)
    for url in [
        reverse("regions:detail", args=[coalition.region.slug]),
        reverse("regions:phase", args=[coalition.region.slug, 3]),
        reverse("regions:activity", args=[coalition.region.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and "onbekend" in response.content.decode(), url
