"""In a real browser: tick an item and watch the progress bar and the journey change without a reload; the
same without JavaScript; a note with an error; the history with its filters; axe on every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from regions.models import ChecklistProgress, Membership
from regions.services import progress_set
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, agree_all, item, tickable

pytestmark = pytest.mark.django_db(transaction=True)


def phase_url(region, number=3):
    return reverse("regions:phase", args=[region.slug, number])


def test_tick_updates_progress_without_reload(page, coalition):
    region, point = coalition.region, item(3, 1)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    assert page.get_by_role("heading", level=1).inner_text() == "Fase 3 Coalitievorming"
    assert_accessible(page)
    page.evaluate("window.__marker = 'nog dezelfde pagina'")
    progress_text = page.locator("#voortgang-tekst")
    assert progress_text.inner_text() == "0 van 5 punten afgerond (0%)"
    assert page.locator("#fase-voortgang progress").get_attribute("value") == "0"

    page.get_by_label(point.text).check()
    page.locator(f"#punt-{point.pk} .check-item__meta").get_by_text("Afgevinkt door").wait_for()
    assert progress_text.inner_text() == "1 van 5 punten afgerond (20%)"
    assert page.locator("#fase-voortgang progress").get_attribute("value") == "1"
    assert page.locator("#reis-3").inner_text() == "1 van 5 afgerond"  # the journey, out of band
    assert "Opgeslagen. 1 van 5" in page.locator("#melding").inner_text()
    latest = page.locator("#recente-wijzigingen li").first  # the phase's latest changes, out of band
    assert f"Punt afgevinkt: {point.text}" in latest.inner_text()
    assert page.evaluate("window.__marker") == "nog dezelfde pagina", "no reload"
    assert page.get_by_label(point.text).is_checked()
    assert ChecklistProgress.objects.get(region=region, item=point).done

    page.get_by_label(point.text).uncheck()
    page.locator(f"#punt-{point.pk} .check-item__meta").get_by_text("Nog niet afgevinkt").wait_for()
    assert progress_text.inner_text() == "0 van 5 punten afgerond (0%)"
    assert page.evaluate("window.__marker") == "nog dezelfde pagina"
    assert_accessible(page)


def test_a_tick_keeps_the_note_being_typed_in_the_same_item(page, coalition):
    region, point = coalition.region, item(3, 3)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    row = page.locator(f"#punt-{point.pk}")
    not_done = row.evaluate("element => getComputedStyle(element).borderLeftColor")
    row.locator("summary").first.click()
    row.get_by_label("Toelichting").fill("Nog niet opgeslagen: afspraak met de wethouder")
    page.get_by_label(point.text).check()
    row.locator(".check-item__meta").get_by_text("Afgevinkt door").wait_for()
    assert row.get_by_label("Toelichting").input_value() == "Nog niet opgeslagen: afspraak met de wethouder"
    assert row.locator("details").first.get_attribute("open") is not None
    expect(row).not_to_have_css("border-left-color", not_done)  # marked done once htmx has settled the swap
    assert ChecklistProgress.objects.get(region=region, item=point).note == ""  # typed, not saved yet
    row.get_by_role("button", name="Opslaan").click()
    row.locator(".check-item__note").get_by_text("afspraak met de wethouder").wait_for()
    assert ChecklistProgress.objects.get(region=region, item=point).done
    expect(row).not_to_have_css("border-left-color", not_done)
    assert_accessible(page)


def test_note_with_error_then_saved_in_place(page, coalition):
    region, point = coalition.region, item(3, 0)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    page.evaluate("window.__marker = 1")
    row = page.locator(f"#punt-{point.pk}")
    row.locator("summary").first.click()
    row.get_by_label("Toelichting").fill("Besproken in de stuurgroep.")
    row.get_by_label("Link naar het document").fill("javascript:alert(1)")
    row.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Geef een webadres dat begint met https:// of http://.").wait_for()
    row = page.locator(f"#punt-{point.pk}")
    assert row.get_by_label("Toelichting").input_value() == "Besproken in de stuurgroep."  # input kept
    assert_accessible(page)
    row.get_by_label("Link naar het document").fill("https://example.org/verslag")
    row.get_by_role("button", name="Opslaan").click()
    page.locator(f"#punt-{point.pk} .check-item__note").wait_for()
    assert "Besproken in de stuurgroep." in page.locator(f"#punt-{point.pk} .check-item__note").inner_text()
    assert page.locator(f"#punt-{point.pk}").get_by_role("link", name="Document bij dit punt").count() == 1
    assert page.evaluate("window.__marker") == 1
    row = ChecklistProgress.objects.get(region=region, item=point)
    assert row.note == "Besproken in de stuurgroep." and row.link == "https://example.org/verslag"


def test_tick_without_javascript(page_nojs, coalition):
    page = page_nojs
    region, point = coalition.region, item(3, 3)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    row = page.locator(f"#punt-{point.pk}")
    row.get_by_label(point.text).check()
    row.get_by_role("button", name="Opslaan").click()  # shown only without JavaScript (<noscript>)
    page.wait_for_load_state()
    assert page.url.endswith(phase_url(region) + f"#punt-{point.pk}")
    assert page.locator("#voortgang-tekst").inner_text() == "1 van 5 punten afgerond (20%)"
    assert page.get_by_label(point.text).is_checked()
    assert "Afgevinkt door" in page.locator(f"#punt-{point.pk} .check-item__meta").inner_text()
    # (axe runs as JavaScript: the page is checked in the tests with JavaScript on)


def test_completing_the_phase_and_moving_on(page, coalition):
    region = coalition.region
    points = list(item(3, 0).phase.checklist_items.filter(needs_agreement=False))
    for point in item(3, 0).phase.checklist_items.exclude(pk=points[-1].pk):
        if point.needs_agreement:
            agree_all(region, point)
        else:
            progress_set(region=region, item=point, user=coalition.partner_user, done=True)
    login(page, coalition.trekker_user)
    page.goto(phase_url(region))
    page.get_by_label(points[-1].text).check()
    page.get_by_text("De checklist van deze fase is compleet.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Naar fase 4").click()
    page.wait_for_load_state()
    region.refresh_from_db()
    assert region.current_phase.number == 4


def test_advisor_sees_state_read_only(page, coalition):
    point = item(3, 0)
    progress_set(region=coalition.region, item=point, user=coalition.partner_user, done=True)
    login(page, coalition.advisor)
    page.goto(phase_url(coalition.region))
    box = page.get_by_label(point.text)
    assert box.is_checked() and box.is_disabled()
    assert page.get_by_role("button", name="Opslaan").count() == 0
    assert_accessible(page)


def test_history_page_filters_with_htmx_and_keeps_the_url(page, coalition):
    region = coalition.region
    for index in range(3):
        progress_set(region=region, item=item(1, index), user=coalition.partner_user, done=True)
    progress_set(region=region, item=item(3, 0), user=coalition.trekker_user, done=True, note="Verslag")
    login(page, coalition.partner_user)
    page.goto(reverse("regions:activity", args=[region.slug]))
    assert_accessible(page)
    page.evaluate("window.__marker = 'filter'")
    assert page.locator("#aantal").inner_text() == "5 wijzigingen"
    page.get_by_label("Fase").select_option("3")
    page.get_by_text("2 wijzigingen met deze filters").wait_for()
    assert "fase=3" in page.url
    assert page.evaluate("window.__marker") == "filter"
    page.get_by_label("Soort wijziging").select_option("note")
    page.get_by_text("1 wijziging met deze filters").wait_for()
    assert "soort=note" in page.url and "werd: Verslag" in page.locator("#resultaten").inner_text()
    assert_accessible(page)
    page.goto(page.url)  # the filters live in the URL
    assert page.get_by_label("Soort wijziging").input_value() == "note"


def test_state_on_a_past_day_page_is_accessible(page, coalition):
    login(page, coalition.partner_user)
    page.goto(phase_url(coalition.region) + "?datum=2020-01-01")
    page.get_by_text("Alles op deze pagina is de stand aan het eind van").wait_for()
    page.get_by_text("nog niet in het portaal").wait_for()  # 2020 lies before the region's first record
    assert_accessible(page)
    page.goto(phase_url(coalition.region) + "?datum=morgen")
    page.get_by_text("Vul een geldige datum in, zoals 2025-03-31.").first.wait_for()
    assert_accessible(page)


def test_a_printed_checklist_keeps_its_items_and_leaves_out_the_editing(page, coalition):
    """On paper: every item with its box ticked or not, who ticked it, the bars filled; no note forms, no date form."""
    region, point = coalition.region, item(3, 1)
    progress_set(region=region, item=point, user=coalition.partner_user, done=True, note="In het verslag.")
    login(page, coalition.partner_user)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dots an inch
    page.goto(phase_url(region))
    page.emulate_media(media="print")
    for checklist_item in region.current_phase.checklist_items.all():
        assert page.locator(f"#punt-{checklist_item.pk}-done").is_visible(), checklist_item.text
    assert page.get_by_label(point.text).is_checked()
    assert page.locator(f"#punt-{point.pk} .check-item__meta").inner_text().startswith("Afgevinkt door")
    assert page.locator(f"#punt-{point.pk} .check-item__note").is_visible()
    assert not page.locator(".check-item__details").first.is_visible()
    assert not page.get_by_role("heading", name="Stand per datum").is_visible()
    assert not page.locator(".site-nav").is_visible()
    exact = page.locator("#fase-voortgang progress").evaluate("el => getComputedStyle(el).printColorAdjust")
    assert exact == "exact", "the bar's fill is printed"
    assert page.locator("#reis .journey").evaluate("el => getComputedStyle(el).gridTemplateColumns").count("px") == 6


def test_a_tick_the_portal_did_not_save_is_undone_and_said_so(page, coalition):
    """Refused by the server, or no connection: the box goes back and a message at the foot of the screen says
    the change was not saved; the next change that succeeds clears it."""
    region, refused, offline, fine = coalition.region, item(3, 1), item(3, 0), item(3, 3)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    alert = page.locator("#htmx-fout")
    expect(alert).to_be_hidden()

    page.route(f"**/punten/{offline.pk}/", lambda route: route.abort("internetdisconnected"))
    page.get_by_label(offline.text).click()  # not check(): the box may be put back before check() looks
    expect(alert).to_contain_text("Niet opgeslagen: er is geen verbinding met het portaal.")
    expect(page.get_by_label(offline.text)).not_to_be_checked()
    assert_accessible(page)

    page.get_by_label(fine.text).check()
    page.locator(f"#punt-{fine.pk} .check-item__meta").get_by_text("Afgevinkt door").wait_for()
    expect(alert).to_be_hidden()

    Membership.objects.filter(user=coalition.partner_user).delete()  # meanwhile no longer with a partner
    page.get_by_label(refused.text).click()
    expect(alert).to_contain_text("Niet opgeslagen:")
    expect(page.get_by_label(refused.text)).not_to_be_checked()
    page.get_by_role("button", name="Sluiten").click()
    expect(alert).to_be_hidden()
    assert not ChecklistProgress.objects.filter(item__in=[refused, offline], done=True).exists()


def test_a_tick_saved_before_its_answer_failed_is_reported_saved_and_the_page_reloads(page, coalition, monkeypatch):
    """The tick commits, then the connection drops while the answer is read: not "Niet opgeslagen" with the box put
    back, but the page reloaded with the saved state and a message that says so; a note typed in another item and
    not saved yet is put back."""
    from django.db import OperationalError

    from regions.selectors import checklists as progress

    region, point, other = coalition.region, tickable(3, 1), tickable(3, 2)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    other_row = page.locator(f"#punt-{other.pk}")
    other_row.locator("summary").first.click()
    other_row.get_by_label("Toelichting").fill("Nog niet opgeslagen: het verslag van dinsdag")
    real_journey = progress.journey

    def dropped_once(*args, **kwargs):
        monkeypatch.setattr(progress, "journey", real_journey)  # back for the reload
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(progress, "journey", dropped_once)
    page.evaluate("window.__marker = 'voor het vinken'")
    page.get_by_label(point.text).click()
    expect(page.locator(".messages")).to_contain_text("Je wijziging is opgeslagen.")
    assert page.evaluate("window.__marker") is None, "the page was reloaded"
    expect(page.get_by_label(point.text)).to_be_checked()
    expect(page.locator(f"#punt-{point.pk} .check-item__meta")).to_contain_text("Afgevinkt door")
    expect(other_row.get_by_label("Toelichting")).to_have_value("Nog niet opgeslagen: het verslag van dinsdag")
    expect(page.locator("#htmx-fout")).not_to_contain_text("Niet opgeslagen")
    assert ChecklistProgress.objects.get(region=region, item=point).done
    assert not ChecklistProgress.objects.filter(region=region, item=other).exists()
    assert_accessible(page)


def test_a_tick_after_the_session_ran_out_goes_to_the_login_and_back(page, coalition):
    region, point = coalition.region, item(3, 1)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    page.context.clear_cookies(name="sessionid")
    page.get_by_label(point.text).click()  # the page goes to the login: nothing left to check() afterwards
    page.wait_for_url("**/account/inloggen/**")
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Je laatste wijziging is niet opgeslagen."
    )
    assert page.locator(".checklist").count() == 0, "the login page is a page of its own, not inside the checklist"
    page.get_by_label("Gebruikersnaam").fill(coalition.partner_user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{phase_url(region)}")
    expect(page.get_by_label(point.text)).not_to_be_checked()
    assert not ChecklistProgress.objects.filter(region=region, item=point).exists()


def test_a_note_typed_when_the_session_ran_out_comes_back_after_logging_in(page, coalition):
    region, point = coalition.region, item(3, 0)
    note = "Besproken in de stuurgroep van maandag; het verslag volgt."
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    row = page.locator(f"#punt-{point.pk}")
    row.locator("summary").first.click()
    row.get_by_label("Toelichting").fill(note)
    page.context.clear_cookies(name="sessionid")
    row.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/account/inloggen/**")
    page.get_by_label("Gebruikersnaam").fill(coalition.partner_user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{phase_url(region)}")

    row = page.locator(f"#punt-{point.pk}")
    expect(row.get_by_label("Toelichting")).to_have_value(note)  # put back, its details open
    expect(page.locator("#htmx-fout")).to_contain_text("staat weer in het formulier")
    assert not ChecklistProgress.objects.filter(region=region, item=point).exists()
    row.get_by_role("button", name="Opslaan").click()
    page.locator(f"#punt-{point.pk} .check-item__note").wait_for()
    assert ChecklistProgress.objects.get(region=region, item=point).note == note
    expect(page.locator("#htmx-fout")).to_be_hidden()
    page.reload()
    expect(page.locator("#htmx-fout")).to_be_hidden()  # put back once, not on every visit


def test_a_note_over_the_limit_is_counted_never_cut_and_kept_with_the_portals_message(page, coalition):
    region, point = coalition.region, item(3, 3)
    login(page, coalition.partner_user)
    page.goto(phase_url(region))
    row = page.locator(f"#punt-{point.pk}")
    row.locator("summary").first.click()
    note = row.get_by_label("Toelichting")
    count = row.locator(".text-count").first
    note.click()
    page.keyboard.insert_text("Besproken. " + "a" * 1489)  # 1500 characters: far from the limit, no count yet
    assert not count.is_visible()
    page.keyboard.insert_text("b" * 200)
    expect(count).to_have_text("Nog 300 tekens over (1700 van 2000).")
    page.keyboard.insert_text("c" * 400)  # typed or pasted past the limit: nothing is cut
    expect(count).to_have_text("100 tekens te veel (2100 van 2000). Kort de tekst in; er is niets weggehaald.")
    assert len(note.input_value()) == 2100
    assert_accessible(page)

    row.get_by_role("button", name="Opslaan").click()
    row.get_by_text("Een toelichting heeft hoogstens 2000 tekens (nu 2100).").wait_for()
    note = page.locator(f"#punt-{point.pk}").get_by_label("Toelichting")  # the item came back from the portal
    assert len(note.input_value()) == 2100  # kept, to be shortened
    expect(page.locator(f"#punt-{point.pk} .text-count").first).to_contain_text("100 tekens te veel")
    assert not ChecklistProgress.objects.filter(region=region, item=point).exists()

    note.fill("Besproken. " + "a" * 1989)
    expect(page.locator(f"#punt-{point.pk} .text-count").first).to_have_text("Nog 0 tekens over (2000 van 2000).")
    page.locator(f"#punt-{point.pk}").get_by_role("button", name="Opslaan").click()
    page.locator(f"#punt-{point.pk} .check-item__note").wait_for()
    assert len(ChecklistProgress.objects.get(region=region, item=point).note) == 2000
