"""Support requests (nieuw → in behandeling → afgerond), their thread and e-mails; the Versnellingsteam's advice."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from regions.models import Activity, Review, SupportMessage, SupportRequest
from regions.services import (
    review_create,
    support_request_close,
    support_request_create,
    support_request_reply,
    support_request_take,
)
from regions.services.advice import StepNotAllowed
from tests import factories

Status = SupportRequest.Status


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def detail_url(request):
    return f"/regios/{request.region.slug}/hulpvragen/{request.pk}/"


@pytest.fixture
def team(coalition):
    """A second advisor, so that 'the advisors' and 'the assigned advisor' differ."""
    coalition.advisor2 = factories.make_user(username="adviseur2", groups=["Versnellingsteam"])
    return coalition


@pytest.fixture
def asked(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = support_request_create(
            region=team.region, user=team.partner_user, kind="juridisch", description="Mogen we gegevens delen?"
        )
    mail.outbox.clear()
    return request


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Asking for help -----------------------------------------------------------------------------------------


def test_partner_asks_for_help_and_the_advisors_get_an_email(team, django_capture_on_commit_callbacks):
    client = client_for(team.partner_user)
    page = client.get(f"/regios/{team.region.slug}/hulpvragen/nieuw/")
    assert page.status_code == 200 and "Interveniëren op casuïstiek die vastloopt" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/regios/{team.region.slug}/hulpvragen/nieuw/",
            {"kind": "casuistiek", "description": "Een casus loopt vast"},
        )
    request = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(request)
    assert (request.status, request.requested_by, request.region) == (Status.NEW, team.partner_user, team.region)
    activity = Activity.objects.get(kind=Activity.Kind.SUPPORT)
    assert activity.actor == team.partner_user and activity.after["side"] == "regio"
    assert recipients() == {team.advisor.email, team.advisor2.email}  # the whole team: nobody has it yet
    assert len(mail.outbox) == 2  # one each: nobody sees the others' addresses
    message = mail.outbox[0]
    assert "Nieuwe hulpvraag van Regio Noordkust" in message.subject
    assert detail_url(request) in message.body and "Een casus loopt vast" not in message.body  # a link, not the text


def test_the_form_says_what_is_missing_in_dutch_and_keeps_the_input(team):
    response = client_for(team.partner_user).post(
        f"/regios/{team.region.slug}/hulpvragen/nieuw/", {"kind": "", "description": "Mijn vraag"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Kies waar je hulp bij wilt." in html and "Mijn vraag" in html
    assert not SupportRequest.objects.exists()


def test_the_form_is_csrf_protected(team):
    client = client_for(team.partner_user, enforce_csrf_checks=True)
    response = client.post(f"/regios/{team.region.slug}/hulpvragen/nieuw/", {"kind": "draagvlak", "description": "x"})
    assert response.status_code == 403 and not SupportRequest.objects.exists()


def test_who_may_ask(team):
    url = f"/regios/{team.region.slug}/hulpvragen/nieuw/"
    assert client_for(team.other_user).get(url).status_code == 404  # not their region
    response = client_for(team.advisor).get(url)
    assert response.status_code == 403 and "Alleen partners van deze regio" in response.content.decode()
    assert Client().get(url).status_code == 302  # to the login page
    with pytest.raises(PermissionDenied):
        support_request_create(region=team.region, user=team.advisor, kind="draagvlak", description="x")


# --- Taking, replying, closing ------------------------------------------------------------------------------


def test_advisor_takes_a_request_and_the_region_is_told(team, asked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.advisor).post(detail_url(asked) + "oppakken/", follow=True)
    asked.refresh_from_db()
    assert (asked.status, asked.assigned_to) == (Status.IN_PROGRESS, team.advisor) and asked.taken_at
    assert "Je hebt de hulpvraag opgepakt." in " ".join(messages_of(response))
    assert recipients() == {team.partner_user.email, team.trekker_user.email}  # requester and trekkers
    assert "opgepakt" in mail.outbox[0].subject


def test_taking_a_taken_request_changes_nothing_and_says_who_has_it(team, asked):
    support_request_take(support_request=asked, user=team.advisor)
    response = client_for(team.advisor2).post(detail_url(asked) + "oppakken/", follow=True)
    asked.refresh_from_db()
    assert asked.assigned_to == team.advisor
    assert f"al opgepakt door {team.advisor.get_full_name()}" in " ".join(messages_of(response))
    assert Activity.objects.filter(kind=Activity.Kind.SUPPORT).count() == 2  # asked, taken; nothing more


@pytest.mark.parametrize("who", ["partner_user", "trekker_user"])
def test_a_non_advisor_cannot_take_or_close(team, asked, who):
    client = client_for(getattr(team, who))
    for step in ("oppakken/", "afronden/"):
        response = client.post(detail_url(asked) + step)
        assert response.status_code == 403
        assert "Alleen leden van het Versnellingsteam" in response.content.decode()
    asked.refresh_from_db()
    assert (asked.status, asked.assigned_to) == (Status.NEW, None)
    with pytest.raises(PermissionDenied):
        support_request_take(support_request=asked, user=getattr(team, who))


def test_steps_are_post_only_and_csrf_protected(team, asked):
    assert client_for(team.advisor).get(detail_url(asked) + "oppakken/").status_code == 405
    response = client_for(team.advisor, enforce_csrf_checks=True).post(detail_url(asked) + "oppakken/")
    assert response.status_code == 403
    asked.refresh_from_db()
    assert asked.status == Status.NEW


def test_thread_replies_go_to_the_other_side(team, asked, django_capture_on_commit_callbacks):
    support_request_take(support_request=asked, user=team.advisor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(team.advisor).post(detail_url(asked), {"text": "Kijk naar het convenant."})
    assert recipients() == {team.partner_user.email, team.trekker_user.email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.trekker_user).post(detail_url(asked), {"text": "Dank, we kijken ernaar."})
    assert response.status_code == 302
    assert recipients() == {team.advisor.email}  # the assigned advisor, not the whole team
    thread = list(SupportMessage.objects.values_list("author__username", "text"))
    assert thread == [("adviseur", "Kijk naar het convenant."), ("trekker", "Dank, we kijken ernaar.")]
    html = client_for(team.partner_user).get(detail_url(asked)).content.decode()
    assert "Kijk naar het convenant." in html and "Dank, we kijken ernaar." in html and "(Versnellingsteam)" in html


def test_a_region_reply_to_a_new_request_goes_to_the_whole_team(team, asked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        support_request_reply(support_request=asked, user=team.partner_user, text="Aanvulling")
    assert recipients() == {team.advisor.email, team.advisor2.email}


def test_close_then_wrong_steps_change_nothing(team, asked, django_capture_on_commit_callbacks):
    support_request_take(support_request=asked, user=team.advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(team.advisor).post(detail_url(asked) + "afronden/")
    asked.refresh_from_db()
    closed_at = asked.closed_at
    assert asked.status == Status.CLOSED and closed_at
    assert "afgerond" in mail.outbox[-1].subject
    mail.outbox.clear()

    response = client_for(team.advisor2).post(detail_url(asked) + "afronden/", follow=True)
    assert "Deze hulpvraag is al afgerond." in messages_of(response)
    response = client_for(team.advisor2).post(detail_url(asked) + "oppakken/", follow=True)
    assert "al afgerond" in " ".join(messages_of(response))
    response = client_for(team.partner_user).post(detail_url(asked), {"text": "Nog een vraag"}, follow=True)
    assert "reageren kan niet meer" in " ".join(messages_of(response))
    asked.refresh_from_db()
    assert (asked.status, asked.closed_at, asked.assigned_to) == (Status.CLOSED, closed_at, team.advisor)
    assert not SupportMessage.objects.exists() and not mail.outbox
    with pytest.raises(StepNotAllowed):
        support_request_close(support_request=asked, user=team.advisor)
    assert "Reageren" not in client_for(team.partner_user).get(detail_url(asked)).content.decode()


def test_an_empty_reply_is_refused_next_to_the_field(team, asked):
    response = client_for(team.partner_user).post(detail_url(asked), {"text": ""})
    assert response.status_code == 200 and "Schrijf een reactie voordat je verstuurt." in response.content.decode()
    assert not SupportMessage.objects.exists()


def test_only_the_region_and_the_team_see_the_thread(team, asked):
    assert client_for(team.partner_user).get(detail_url(asked)).status_code == 200
    assert client_for(team.advisor2).get(detail_url(asked)).status_code == 200
    assert client_for(team.other_user).get(detail_url(asked)).status_code == 404
    wrong_region = f"/regios/{team.other_region.slug}/hulpvragen/{asked.pk}/"
    assert client_for(team.advisor).get(wrong_region).status_code == 404
    assert client_for(team.advisor).get(f"/regios/{team.region.slug}/hulpvragen/999999/").status_code == 404
    with pytest.raises(PermissionDenied):
        support_request_reply(support_request=asked, user=team.other_user, text="Ik lees mee")


def current_menu_item(html: str) -> str:
    """The main menu's link marked as the current section."""
    menu = html[html.index('aria-label="Hoofdmenu"') :]
    return re.search(r'aria-current="page">([^<]+)</a>', menu[: menu.index("</nav>")]).group(1)


def test_the_main_menu_marks_the_section_the_breadcrumb_starts_from(team, asked):
    assert current_menu_item(client_for(team.advisor).get(detail_url(asked)).content.decode()) == "Versnellingsteam"
    assert current_menu_item(client_for(team.partner_user).get(detail_url(asked)).content.decode()) == "Mijn regio's"
    inbox = client_for(team.advisor).get("/versnellingsteam/hulpvragen/").content.decode()
    assert current_menu_item(inbox) == "Versnellingsteam"


def test_the_region_sees_its_requests_on_its_pages(team, asked):
    html = client_for(team.partner_user).get(f"/regios/{team.region.slug}/").content.decode()
    assert "Inhoudelijk advies rond juridische vraagstukken" in html and "Hulp vragen aan het Versnellingsteam" in html
    html = client_for(team.partner_user).get(f"/regios/{team.region.slug}/hulpvragen/").content.decode()
    assert detail_url(asked) in html


def test_the_region_page_shows_the_newest_advice_and_the_open_requests_and_links_to_all(team, asked):
    """After years of advice the region page stays short: the three newest reviews and the open requests;
    the region's hulpvragen page has every review and every request, closed ones too."""
    for number in range(1, 5):
        review_create(region=team.region, user=team.advisor, text=f"Advies nummer {number}.")
    closed = support_request_create(region=team.region, user=team.partner_user, kind="draagvlak", description="Oud")
    support_request_take(support_request=closed, user=team.advisor)
    support_request_close(support_request=closed, user=team.advisor)
    client = client_for(team.partner_user)
    html = client.get(f"/regios/{team.region.slug}/").content.decode()
    assert all(f"Advies nummer {n}." in html for n in (2, 3, 4)) and "Advies nummer 1." not in html
    assert f'href="/regios/{team.region.slug}/hulpvragen/#advies">Alle adviezen' in html
    assert detail_url(asked) in html and detail_url(closed) not in html
    html = client.get(f"/regios/{team.region.slug}/hulpvragen/").content.decode()
    assert all(f"Advies nummer {n}." in html for n in (1, 2, 3, 4))
    assert detail_url(asked) in html and detail_url(closed) in html and "Alle adviezen" not in html


# --- The advisors' inbox ------------------------------------------------------------------------------------


def test_inbox_lists_requests_by_status_and_mine(team, asked):
    other = support_request_create(
        region=team.other_region, user=team.other_user, kind="draagvlak", description="Draagvlak"
    )
    support_request_take(support_request=other, user=team.advisor2)
    client = client_for(team.advisor)
    html = client.get("/versnellingsteam/hulpvragen/").content.decode()
    assert detail_url(asked) in html and detail_url(other) in html and "Oppakken" in html
    html = client.get("/versnellingsteam/hulpvragen/?status=nieuw").content.decode()
    assert detail_url(asked) in html and detail_url(other) not in html
    html = client_for(team.advisor2).get("/versnellingsteam/hulpvragen/?van=mij").content.decode()
    assert detail_url(other) in html and detail_url(asked) not in html
    html = client.get("/versnellingsteam/hulpvragen/?status=afgerond").content.decode()
    assert "Er zijn hier geen hulpvragen." in html


def test_inbox_pages_by_25_keeping_its_filters_in_constant_queries(team, django_assert_max_num_queries):
    def ask(n):
        SupportRequest.objects.bulk_create(
            SupportRequest(region=team.region, requested_by=team.partner_user, kind="draagvlak", description=f"V{i}")
            for i in range(n)
        )

    ask(3)
    client = client_for(team.advisor)
    client.get("/versnellingsteam/hulpvragen/")
    with django_assert_max_num_queries(9) as few:
        client.get("/versnellingsteam/hulpvragen/")
    ask(32)  # 35 open requests
    with django_assert_max_num_queries(len(few)):
        first = client.get("/versnellingsteam/hulpvragen/").content.decode()
    assert first.count('<th scope="row">') == 25
    assert "35 hulpvragen, pagina 1 van 2" in first and "Open (35)" in first
    second = client.get("/versnellingsteam/hulpvragen/", {"status": "nieuw", "pagina": "2"}).content.decode()
    assert second.count('<th scope="row">') == 10 and "pagina 2 van 2" in second
    assert 'href="?status=nieuw&amp;pagina=1"' in second  # back to page 1, still the new ones
    assert client.get("/versnellingsteam/hulpvragen/", {"pagina": "x"}).status_code == 200


# --- Advice ---------------------------------------------------------------------------------------------------


def test_advisor_writes_advice_the_region_sees_it_and_it_is_in_the_history(team, django_capture_on_commit_callbacks):
    client = client_for(team.advisor)
    form = client.get(f"/regios/{team.region.slug}/advies/nieuw/").content.decode()
    assert "selected>Fase 3" in form  # the region's current phase is proposed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/regios/{team.region.slug}/advies/nieuw/",
            {"phase": team.region.current_phase.pk, "text": "Betrek de zorgaanbieder eerder."},
        )
    assert response.status_code == 302 and response["Location"] == f"/regios/{team.region.slug}/#advies"
    review = Review.objects.get()
    assert (review.author, review.phase, review.region) == (team.advisor, team.region.current_phase, team.region)
    activity = Activity.objects.get(kind=Activity.Kind.REVIEW)
    assert activity.phase == team.region.current_phase and activity.actor == team.advisor
    assert recipients() == {team.trekker_user.email}
    html = client_for(team.partner_user).get(f"/regios/{team.region.slug}/").content.decode()
    assert "Betrek de zorgaanbieder eerder." in html
    assert (
        "Betrek de zorgaanbieder eerder."
        not in client_for(team.other_user).get(f"/regios/{team.other_region.slug}/").content.decode()
    )


def test_advice_without_a_phase_and_empty_advice(team):
    client = client_for(team.advisor)
    response = client.post(f"/regios/{team.region.slug}/advies/nieuw/", {"phase": "", "text": ""})
    assert response.status_code == 200 and "Schrijf het advies voordat je het plaatst." in response.content.decode()
    client.post(f"/regios/{team.region.slug}/advies/nieuw/", {"phase": "", "text": "Algemeen advies"})
    assert Review.objects.get().phase is None


def test_only_advisors_write_advice(team):
    assert (
        client_for(team.trekker_user)
        .post(f"/regios/{team.region.slug}/advies/nieuw/", {"text": "Zelf advies"})
        .status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        review_create(region=team.region, user=team.trekker_user, text="Zelf advies")
    assert not Review.objects.exists() and not Activity.objects.exists()


# --- Saying who is e-mailed -------------------------------------------------------------------------------------


def said(response) -> str:
    return " ".join(messages_of(response))


def test_advice_says_which_trekker_staff_are_emailed(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.advisor).post(
            f"/regios/{team.region.slug}/advies/nieuw/", {"phase": "", "text": "Advies."}, follow=True
        )
    assert said(response) == (
        f"Je advies voor {team.region} is geplaatst. {team.trekker_user.get_full_name()} krijgt er een e-mail over."
    )
    assert recipients() == {team.trekker_user.email}


def test_advice_to_a_region_whose_trekkers_have_nobody_in_the_portal_says_nobody_is_emailed(
    team, django_capture_on_commit_callbacks
):
    region = factories.make_region(name="Regio Zonder Mensen")
    factories.make_partner(region=region, is_trekker=True)  # an organisation nobody works for (yet)
    factories.make_user(organisations=[factories.make_partner(region=region, type_slug="woningcorporatie")])
    form = client_for(team.advisor).get(f"/regios/{region.slug}/advies/nieuw/").content.decode()
    assert "Niemand krijgt er een e-mail over" in form and "De trekkers krijgen een e-mail" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.advisor).post(
            f"/regios/{region.slug}/advies/nieuw/", {"text": "Advies."}, follow=True
        )
    assert Review.objects.filter(region=region).exists()
    assert said(response) == (
        "Je advies voor Regio Zonder Mensen is geplaatst. Niemand krijgt er een e-mail over: bij de trekkers heeft "
        "niemand een actief account met e-mailadres."
    )
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert mail.outbox == []


def test_taking_a_request_names_who_is_emailed_and_leaves_out_a_requester_who_left(
    team, asked, django_capture_on_commit_callbacks
):
    team.partner_user.is_active = False  # the person who asked has left: no e-mail, and not named as told
    team.partner_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.advisor).post(detail_url(asked) + "oppakken/", follow=True)
    assert (
        said(response)
        == f"Je hebt de hulpvraag opgepakt. {team.trekker_user.get_full_name()} krijgt er een e-mail over."
    )
    assert recipients() == {team.trekker_user.email}


def test_closing_a_request_nobody_in_the_region_can_be_told_about_says_so(
    team, asked, django_capture_on_commit_callbacks
):
    support_request_take(support_request=asked, user=team.advisor)
    for user in (team.partner_user, team.trekker_user):
        user.email = ""
        user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.advisor).post(detail_url(asked) + "afronden/", follow=True)
    assert said(response).startswith("De hulpvraag is afgerond. Niemand krijgt er een e-mail over")
    assert mail.outbox == []


def test_a_reply_names_the_advisors_emailed_and_says_when_there_is_nobody(
    team, asked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.partner_user).post(detail_url(asked), {"text": "Aanvulling."}, follow=True)
    both = sorted([team.advisor.get_full_name(), team.advisor2.get_full_name()])
    assert said(response) == f"Je reactie is geplaatst. {both[0]} en {both[1]} krijgen er een e-mail over."
    get_user_model().objects.filter(pk__in=[team.advisor.pk, team.advisor2.pk]).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.partner_user).post(detail_url(asked), {"text": "Nog iets."}, follow=True)
    assert said(response).startswith(
        "Je reactie is geplaatst. Niemand krijgt er een e-mail over: in het Versnellingsteam"
    )


def test_a_long_list_of_people_emailed_is_cut_short(team, django_capture_on_commit_callbacks):
    for n in range(7):
        factories.make_user(first_name="Collega", last_name=f"{n}", organisations=[team.gemeente])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.advisor).post(
            f"/regios/{team.region.slug}/advies/nieuw/", {"text": "A."}, follow=True
        )
    assert said(response).endswith("Collega 4 en 3 anderen krijgen er een e-mail over.")
    assert len(mail.outbox) == 8
