"""In a real browser: a partner marks an obstacle on the phase page, sees where help is and what a region that
allowed it learned, and sends the support request the click filled in; solving it without JavaScript; axe on each
page."""

import pytest
from django.urls import reverse

from phases.models import Question
from regions.models import Obstacle, SupportRequest
from regions.services.obstacles import obstacle_open, obstacle_sharing_set, obstacle_solve
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_marking_an_obstacle_to_sending_the_filled_in_support_request(page, coalition):
    region, question = coalition.region, Question.objects.get(phase__number=3, order=3)
    helper = factories.make_user(organisations=[coalition.zorg])
    obstacle_sharing_set(region=coalition.other_region, user=helper, share=True)
    theirs = obstacle_open(region=coalition.other_region, user=helper, phase=question.phase, question=question)
    obstacle_solve(obstacle=theirs, user=helper, what_helped="Een model-convenant van de VNG.")

    login(page, coalition.partner_user)
    page.goto(reverse("regions:phase", args=[region.slug, 3]))
    assert_accessible(page)
    item = page.locator(f"#vraag-{question.pk}")
    item.locator("summary").click()
    item.get_by_label("Korte toelichting").fill("Waar leggen we de afspraken over begeleiding vast?")
    item.get_by_role("button", name="Knelpunt aangeven").click()
    page.wait_for_load_state()

    obstacle = Obstacle.objects.get(region=region)
    marked = page.locator(f"#knelpunt-{obstacle.pk}")
    assert "hier lopen we tegenaan" in marked.inner_text()
    assert "Regio Zuidwaard" in marked.inner_text() and "model-convenant" in marked.inner_text()
    for resource in question.resources.all():
        assert resource.label in marked.inner_text()
    assert_accessible(page)

    marked.get_by_role("link", name="Vraag het Versnellingsteam om hulp").click()
    page.wait_for_load_state()
    assert page.get_by_label(SupportRequest.Kind.JURIDISCH.label).is_checked()
    assert question.text in page.locator(".support-obstacle").inner_text()
    assert_accessible(page)
    page.get_by_label("Beschrijf je vraag").fill("Kunnen jullie meekijken naar het convenant?")
    page.get_by_role("button", name="Hulpvraag versturen").click()
    page.wait_for_load_state()

    sent = SupportRequest.objects.get(region=region)
    assert (sent.kind, sent.obstacle, sent.description) == (
        "juridisch",
        obstacle,
        "Kunnen jullie meekijken naar het convenant?",
    )
    assert question.text in page.locator("dl.facts").inner_text()
    assert_accessible(page)


def test_solving_an_obstacle_without_javascript(page_nojs, page, coalition):
    region = coalition.region
    obstacle = obstacle_open(region=region, user=coalition.partner_user, phase=region.current_phase, text="Geen kamers")
    login(page_nojs, coalition.partner_user)
    page_nojs.goto(reverse("regions:obstacles", args=[region.slug]))
    item = page_nojs.locator(f"#knelpunt-{obstacle.pk}")
    item.locator("summary").click()
    item.get_by_role("button", name="Markeer als opgelost").click()
    page_nojs.wait_for_load_state()
    assert "Schrijf kort op wat hielp." in page_nojs.locator(f"#knelpunt-{obstacle.pk}").inner_text()
    item = page_nojs.locator(f"#knelpunt-{obstacle.pk}")
    item.get_by_label("Wat hielp?").fill("Een afspraak met de kamerverhuurders.")
    item.get_by_role("button", name="Markeer als opgelost").click()
    page_nojs.wait_for_load_state()
    obstacle.refresh_from_db()
    assert obstacle.status == "opgelost"
    assert "Een afspraak met de kamerverhuurders." in page_nojs.locator(f"#knelpunt-{obstacle.pk}").inner_text()

    login(page, coalition.trekker_user)
    page.goto(reverse("regions:obstacles", args=[region.slug]))
    assert_accessible(page)
    page.get_by_label("Andere regio's mogen zien welke knelpunten wij oplosten en wat hielp").check()
    page.get_by_role("button", name="Keuze opslaan").click()
    page.wait_for_load_state()
    region.refresh_from_db()
    assert region.shares_solved_obstacles
    assert_accessible(page)


def test_the_versnellingsteam_sees_obstacles_across_regions(page, coalition):
    question = Question.objects.get(phase__number=3, order=1)
    obstacle_open(region=coalition.region, user=coalition.partner_user, phase=question.phase, question=question)
    login(page, coalition.advisor)
    page.goto(reverse("regions:obstacles_national"))
    assert question.text in page.locator("#meest").locator("..").inner_text()
    assert_accessible(page)
    page.goto(reverse("regions:advisors") + f"?knelpunt={question.pk}")
    assert coalition.region.name in page.locator("#overzicht").inner_text()
    assert coalition.other_region.name not in page.locator("#overzicht").inner_text()
    assert_accessible(page)
