"""The checklist of a region per phase: who may see and change it, ticking with and without htmx,
notes and links, progress, the suggestion to move on, and bad input."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from regions.models import Activity, ChecklistProgress, PhaseChange
from regions.services import progress_set
from tests.factories import PASSWORD, agree_all, item


def phase_url(region, number):
    return reverse("regions:phase", args=[region.slug, number])


def item_url(region, point, number=None):
    return reverse("regions:checklist_item", args=[region.slug, number or point.phase.number, point.pk])


def tick(point, done=True):
    data = {"actie": "vinken"}
    if done:
        data[f"punt-{point.pk}-done"] = "on"
    return data


def note(point, text="", link=""):
    return {"actie": "toelichting", f"punt-{point.pk}-note": text, f"punt-{point.pk}-link": link}


# --- Who sees what ------------------------------------------------------------------------------------------


def test_partner_sees_checklist_beside_the_guide(client, coalition):
    client.force_login(coalition.partner_user)
    response = client.get(phase_url(coalition.region, 3))
    assert response.status_code == 200
    html = response.content.decode()
    for point in item(3, 0).phase.checklist_items.all():
        assert f'id="punt-{point.pk}"' in html and escape(point.text) in html
    assert "Rollen in deze fase" in html and "Waar loop je tegenaan?" in html
    assert "Geen persoonsgegevens van cliënten" in html
    assert 'type="checkbox"' in html and "disabled" not in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_advisor_sees_state_without_active_checkbox(client, coalition):
    point = item(3, 0)
    progress_set(region=coalition.region, item=point, user=coalition.partner_user, done=True)
    client.force_login(coalition.advisor)
    html = client.get(phase_url(coalition.region, 3)).content.decode()
    assert f'id="punt-{point.pk}-done" disabled checked' in html
    assert 'name="actie"' not in html  # no form to tick or note
    assert "Afgevinkt door Test Persoon" in html


@pytest.mark.parametrize("who", ["other_user", "editor"])
def test_stranger_gets_404(client, coalition, who):
    client.force_login(getattr(coalition, who))
    assert client.get(phase_url(coalition.region, 3)).status_code == 404
    response = client.post(item_url(coalition.region, item(3, 0)), tick(item(3, 0)))
    assert response.status_code == 404
    assert not ChecklistProgress.objects.exists()


def test_anonymous_is_sent_to_login(client, coalition):
    response = client.get(phase_url(coalition.region, 3))
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
    response = client.post(item_url(coalition.region, item(3, 0)), tick(item(3, 0)))
    assert response.status_code == 302
    assert not ChecklistProgress.objects.exists()


def test_missing_phase_is_404(client, coalition):
    client.force_login(coalition.partner_user)
    assert client.get(phase_url(coalition.region, 7)).status_code == 404
    assert client.get("/regios/bestaat-niet/fasen/1/").status_code == 404


# --- Ticking ------------------------------------------------------------------------------------------------


def test_tick_with_htmx_swaps_item_progress_and_journey(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 1)
    response = client.post(item_url(coalition.region, point), tick(point), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    # the tick and who ticked it, not the whole item: its note form (and text typed there) stays as it is
    state = f'<div id="punt-{point.pk}-stand" class="check-item__state check-item__state--done">'
    assert html.lstrip().startswith(state)
    assert f'data-hx-target="#punt-{point.pk}-stand"' in html
    assert f'id="punt-{point.pk}"' not in html and 'name="actie" value="toelichting"' not in html
    assert '<section id="fase-voortgang"' in html and 'data-hx-swap-oob="true"' in html
    step = html.split('<li id="reis-stap-3"', 1)[1].split("</li>", 1)[0]  # only this phase's step of the journey
    assert 'data-hx-swap-oob="true"' in step
    assert '<span class="journey__meta" id="reis-3">1 van 5 afgerond</span>' in step
    assert 'id="reis-stap-2"' not in html and '<nav id="reis"' not in html
    assert '<ul class="activity-mini" id="recente-wijzigingen" data-hx-swap-oob="true">' in html
    recent = html.split('id="recente-wijzigingen"', 1)[1].split("</ul>", 1)[0]
    first_change = recent.split("<li>", 2)[1]  # the phase's latest changes, this tick on top
    assert f"{coalition.partner_user.get_full_name()}: Punt afgevinkt: {point.text}" in first_change
    assert "<strong>1 van 5</strong> punten afgerond (20%)" in html
    assert "Afgevinkt door Test Persoon" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    assert row.done and row.done_by == coalition.partner_user and row.done_at is not None


def test_tick_without_javascript_redirects_back_to_the_item(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 3)
    response = client.post(item_url(coalition.region, point), tick(point))
    assert response.status_code == 302
    assert response["Location"] == phase_url(coalition.region, 3) + f"#punt-{point.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="punt-{point.pk}-done" name="punt-{point.pk}-done" checked' in page
    assert "<strong>1 van 5</strong>" in page


def test_untick_clears_who_and_when_and_is_history(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    client.post(item_url(coalition.region, point), tick(point))
    client.post(item_url(coalition.region, point), tick(point, done=False))
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    assert not row.done and row.done_by is None and row.done_at is None
    kinds = list(Activity.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [Activity.Kind.TICK, Activity.Kind.UNTICK]


def test_ticking_twice_records_one_change(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    client.post(item_url(coalition.region, point), tick(point))
    client.post(item_url(coalition.region, point), tick(point))
    assert Activity.objects.count() == 1


def test_items_of_other_phases_may_be_ticked(client, coalition):
    """Phases are not strictly linear: a region in phase 3 ticks items of phase 5."""
    client.force_login(coalition.partner_user)
    point = item(5, 0)
    client.post(item_url(coalition.region, point), tick(point))
    html = client.get(phase_url(coalition.region, 5)).content.decode()
    assert "<strong>1 van 6</strong> punten afgerond (17%)" in html
    assert "De regio staat nu in" in html  # not the current phase: no duration, a pointer to it
    assert "1 van 6 afgerond" in client.get(phase_url(coalition.region, 3)).content.decode()


def test_note_and_link_are_saved_and_shown(client, coalition):
    client.force_login(coalition.trekker_user)
    point = item(3, 0)
    response = client.post(
        item_url(coalition.region, point),
        note(point, "Besproken in de stuurgroep; verslag op Teams.", "https://example.org/verslag"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="punt-{point.pk}" class="check-item">')  # the whole item, note shown
    assert "Besproken in de stuurgroep; verslag op Teams." in html
    assert 'href="https://example.org/verslag"' in html
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    assert row.note.startswith("Besproken") and row.link == "https://example.org/verslag" and not row.done
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert kinds == {Activity.Kind.NOTE, Activity.Kind.LINK}


def test_csrf_is_enforced(coalition):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    assert client.post(item_url(coalition.region, point), tick(point)).status_code == 403
    assert not ChecklistProgress.objects.exists()
    page = client.get(phase_url(coalition.region, 3))
    token = page.cookies["csrftoken"].value
    response = client.post(item_url(coalition.region, point), {**tick(point), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ChecklistProgress.objects.get().done


def test_get_on_item_endpoint_is_not_allowed(client, coalition):
    client.force_login(coalition.partner_user)
    assert client.get(item_url(coalition.region, item(3, 0))).status_code == 405


# --- Permission and bad input: nothing changes --------------------------------------------------------------


def assert_nothing_changed():
    assert not ChecklistProgress.objects.exists()
    assert not Activity.objects.exists()


def test_advisor_post_is_403(client, coalition):
    client.force_login(coalition.advisor)
    point = item(3, 0)
    assert client.post(item_url(coalition.region, point), tick(point)).status_code == 403
    assert client.post(item_url(coalition.region, point), note(point, "Advies")).status_code == 403
    assert_nothing_changed()


def test_item_of_another_phase_is_404(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(2, 0)
    assert client.post(item_url(coalition.region, point, number=3), tick(point)).status_code == 404
    assert_nothing_changed()


def test_missing_item_is_404(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse("regions:checklist_item", args=[coalition.region.slug, 3, 999999])
    assert client.post(url, {"actie": "vinken", "punt-999999-done": "on"}).status_code == 404
    assert_nothing_changed()


def test_other_regions_item_is_404(client, coalition):
    """The partner of Noordkust posts to Zuidwaard's checklist: that region does not exist for them."""
    client.force_login(coalition.partner_user)
    point = item(2, 0)
    assert client.post(item_url(coalition.other_region, point), tick(point)).status_code == 404
    assert_nothing_changed()


def test_unknown_action_is_400(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    assert client.post(item_url(coalition.region, point), {"actie": "wissen"}).status_code == 400
    assert_nothing_changed()


def test_note_of_10000_characters_is_refused_in_dutch_with_input_kept(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    text = "x" * 10_000
    response = client.post(item_url(coalition.region, point), note(point, text))
    assert response.status_code == 400
    html = response.content.decode()
    assert "hoogstens 2000 tekens" in html
    assert text in html  # the input is kept
    assert '<details class="check-item__details" open>' in html
    htmx = client.post(item_url(coalition.region, point), note(point, text), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "hoogstens 2000 tekens" in htmx.content.decode()
    assert text in htmx.content.decode()
    assert_nothing_changed()


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<b>x</b>", "ftp://example.org/x"],
)
def test_links_other_than_http_are_refused(client, coalition, link):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    response = client.post(item_url(coalition.region, point), note(point, "Zie link", link), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Geef een webadres dat begint met https:// of http://." in html
    assert 'href="javascript' not in html.lower()
    assert_nothing_changed()


def test_stored_unsafe_link_is_not_made_clickable(client, coalition):
    """Defence in depth: a link written past the form (admin, import) is shown as text, not as a link."""
    point = item(3, 0)
    progress_set(region=coalition.region, item=point, user=coalition.partner_user, link="javascript:alert(1)")
    client.force_login(coalition.partner_user)
    html = client.get(phase_url(coalition.region, 3)).content.decode()
    assert 'href="javascript:alert(1)"' not in html


# --- Progress, moving on, time in phase ---------------------------------------------------------------------


def complete_phase(region, user, number):
    """Tick every item of the phase; the items that need every partner's agreement get each partner's akkoord."""
    for point in item(number, 0).phase.checklist_items.all():
        if point.needs_agreement:
            agree_all(region, point)
        else:
            progress_set(region=region, item=point, user=user, done=True)


def test_complete_phase_suggests_next_and_trekker_confirms(client, coalition):
    region = coalition.region
    complete_phase(region, coalition.partner_user, 3)
    client.force_login(coalition.partner_user)
    html = client.get(phase_url(region, 3)).content.decode()
    assert "De checklist van deze fase is compleet." in html and "Tijd voor fase 4 Concretisering?" in html
    assert "Medewerkers van een trekker zetten de regio in de volgende fase." in html
    assert 'name="started_on"' not in html

    client.force_login(coalition.trekker_user)
    html = client.get(phase_url(region, 3)).content.decode()
    assert 'name="phase" value="4"' in html and 'name="started_on"' in html
    today = timezone.localdate()
    response = client.post(reverse("regions:phase_set", args=[region.slug]), {"phase": 4, "started_on": today})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.current_phase.number == 4 and region.phase_started_on == today
    change = PhaseChange.objects.get(region=region)
    assert change.phase.number == 4 and change.changed_by == coalition.trekker_user
    assert Activity.objects.filter(region=region, kind=Activity.Kind.PHASE).count() == 1


def test_last_tick_brings_the_suggestion_in_the_htmx_response(client, coalition):
    region = coalition.region
    points = list(item(3, 0).phase.checklist_items.filter(needs_agreement=False))
    for point in item(3, 0).phase.checklist_items.exclude(pk=points[-1].pk):
        if point.needs_agreement:
            agree_all(region, point)
        else:
            progress_set(region=region, item=point, user=coalition.partner_user, done=True)
    client.force_login(coalition.trekker_user)
    html = client.post(item_url(region, points[-1]), tick(points[-1]), HTTP_HX_REQUEST="true").content.decode()
    assert "De checklist van deze fase is compleet." in html and "Naar fase 4" in html


def test_complete_phase_other_than_current_suggests_nothing(client, coalition):
    complete_phase(coalition.region, coalition.partner_user, 1)
    client.force_login(coalition.trekker_user)
    html = client.get(phase_url(coalition.region, 1)).content.decode()
    assert "<strong>6 van 6</strong> punten afgerond (100%)" in html
    assert "Tijd voor fase" not in html


def test_time_in_phase_against_typical_duration(client, coalition):
    region = coalition.region
    region.phase_started_on = timezone.localdate() - datetime.timedelta(days=14 * 31)
    region.save()
    client.force_login(coalition.partner_user)
    html = client.get(phase_url(region, 3)).content.decode()
    assert "Fase 3 sinds 14 maanden — gebruikelijk 6 tot 12 maanden" in html
    assert "langer dan gebruikelijk" in html
    region.phase_started_on = timezone.localdate() - datetime.timedelta(days=100)
    region.save()
    html = client.get(phase_url(region, 3)).content.decode()
    assert "Fase 3 sinds 3 maanden — gebruikelijk 6 tot 12 maanden" in html
    assert "langer dan gebruikelijk" not in html


# --- Login through the real form works for this page too ----------------------------------------------------


def test_login_then_checklist(client, coalition):
    response = client.post(
        "/account/inloggen/?next=" + phase_url(coalition.region, 3),
        {"username": coalition.partner_user.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(phase_url(coalition.region, 3)).status_code == 200


def test_a_refused_link_gets_one_error_message(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    html = client.post(item_url(coalition.region, point), note(point, "", "javascript:alert(1)")).content.decode()
    assert html.count("Geef een webadres dat begint met https:// of http://.") == 1
    assert "er staat een fout in" in html


def test_redirect_after_a_tick_varies_on_htmx(client, coalition):
    client.force_login(coalition.partner_user)
    point = item(3, 0)
    response = client.post(item_url(coalition.region, point), tick(point))
    assert response.status_code == 302 and "HX-Request" in response["Vary"]
