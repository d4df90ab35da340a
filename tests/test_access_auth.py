"""The account pages at /account/: log in with the username or the e-mail address, log out with a POST, change and
reset the password (e-mail through the configured backend) — all in Dutch, in the site's look."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from regions.models import ChecklistProgress
from tests import factories

NEW_PASSWORD = "een-nieuw-wachtwoord-77"


def test_login_page_is_dutch(client, db):
    content = client.get(reverse("login")).content.decode()
    assert '<html lang="nl"' in content
    assert ">Gebruikersnaam of e-mailadres</label>" in content and ">Wachtwoord</label>" in content
    assert ">Inloggen</button>" in content
    assert "Wachtwoord vergeten?" in content


def test_login_with_username_lands_in_my_regions(client, coalition):
    response = client.post(reverse("login"), {"username": "partner", "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("regions:start")
    region = reverse("regions:detail", args=[coalition.region.slug])
    client.logout()
    response = client.post(
        f"{reverse('login')}?next={region}", {"username": "partner", "password": factories.PASSWORD, "next": region}
    )
    assert response["Location"] == region


def test_wrong_password_gives_a_dutch_error_and_keeps_the_username(client, coalition):
    response = client.post(reverse("login"), {"username": "partner", "password": "fout"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Inloggen lukt niet met deze gegevens." in content
    assert 'value="partner"' in content


def _login(client, name, password=factories.PASSWORD):
    return client.post(reverse("login"), {"username": name, "password": password})


def _logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_with_the_email_address_in_any_capitals(client, coalition):
    person = factories.make_user(username="k.jansen", email="Karin.Jansen@Example.org")
    response = _login(client, "karin.jansen@example.ORG")
    assert response.status_code == 302 and response["Location"] == reverse("regions:start")
    assert _logged_in_as(client) == str(person.pk)
    assert authenticate(None, username="KARIN.JANSEN@EXAMPLE.ORG", password=factories.PASSWORD) == person


def test_a_wrong_password_with_the_email_address_gives_the_dutch_error_and_keeps_the_address(client, coalition):
    response = _login(client, coalition.partner_user.email, "fout")
    content = response.content.decode()
    assert response.status_code == 200 and _logged_in_as(client) is None
    assert "Inloggen lukt niet met deze gegevens." in content
    assert f'value="{coalition.partner_user.email}"' in content


def test_an_address_of_two_accounts_logs_nobody_in_but_each_username_still_works(client, coalition):
    first = factories.make_user(username="sam.gemeente", email="sam@example.org")
    factories.make_user(username="sam.corporatie", email="SAM@example.org")
    response = _login(client, "sam@example.org")
    assert response.status_code == 200 and _logged_in_as(client) is None
    assert "Log dan in met je gebruikersnaam." in response.content.decode()
    assert authenticate(None, username="sam@example.org", password=factories.PASSWORD) is None
    _login(client, "sam.gemeente")
    assert _logged_in_as(client) == str(first.pk)


def test_a_username_that_is_someone_elses_address_means_that_username(client, coalition):
    """Usernames are unique, addresses need not be: a name that is a username is never taken for an address."""
    owner = factories.make_user(username="jan@example.org", email="jan@werk.example.org")
    other = factories.make_user(username="jan.de.vries", email="jan@example.org")
    other.set_password("een-ander-wachtwoord")
    other.save()
    assert authenticate(None, username="jan@example.org", password=factories.PASSWORD) == owner
    assert authenticate(None, username="jan@example.org", password="een-ander-wachtwoord") is None
    assert authenticate(None, username="jan.de.vries", password="een-ander-wachtwoord") == other


def test_an_inactive_account_logs_in_neither_way(client, coalition):
    person = factories.make_user(username="vertrokken", email="vertrokken@example.org", is_active=False)
    for name in (person.username, person.email):
        response = _login(client, name)
        assert response.status_code == 200 and _logged_in_as(client) is None
        assert "Inloggen lukt niet met deze gegevens." in response.content.decode()


def test_a_name_without_an_account_is_refused_like_a_wrong_password(client, coalition):
    for name in ("niemand", "niemand@example.org"):
        response = _login(client, name)
        assert response.status_code == 200 and _logged_in_as(client) is None
        assert "Inloggen lukt niet met deze gegevens." in response.content.decode()


def test_anonymous_is_sent_to_the_login(client, coalition):
    response = client.get(reverse("regions:detail", args=[coalition.region.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_logout_is_a_post(client, coalition):
    client.force_login(coalition.partner_user)
    bookmarked = client.get(reverse("logout"))
    assert bookmarked.status_code == 405 and bookmarked["Allow"] == "POST, OPTIONS"
    page = bookmarked.content.decode()  # a Dutch page with the menu, whose logout button works
    assert "Dit adres werkt alleen via een knop" in page and f'action="{reverse("logout")}"' in page
    assert client.get(reverse("regions:list")).status_code == 200, "still logged in"
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("phases:home")
    assert client.get(reverse("regions:list")).status_code == 302


def test_a_form_address_opened_as_a_page_gets_a_dutch_page_but_htmx_an_empty_405(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse(
        "regions:checklist_item",
        args=[coalition.region.slug, 3, coalition.region.current_phase.checklist_items.first().pk],
    )
    response = client.get(url)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Er is niets opgeslagen of veranderd." in response.content.decode()
    htmx = client.get(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 405 and htmx.content == b""


def test_password_change(client, coalition):
    client.force_login(coalition.partner_user)
    page = client.get(reverse("password_change")).content.decode()
    assert "Wachtwoord wijzigen" in page and "Je gebruikersnaam is <strong>partner</strong>" in page
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Je oude wachtwoord is niet goed ingevuld." in wrong.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": factories.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Je wachtwoord is gewijzigd" in response.content.decode()
    coalition.partner_user.refresh_from_db()
    assert coalition.partner_user.check_password(NEW_PASSWORD)


def test_password_reset_by_email(client, coalition, django_capture_on_commit_callbacks):
    page = client.get(reverse("password_reset")).content.decode()
    assert "Wachtwoord vergeten" in page and "E-mailadres" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": coalition.partner_user.email}, follow=True)
    assert "Kijk in je e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor het Wonen Eerst portaal"
    assert "Je gebruikersnaam is: partner" in message.body
    link = re.search(r"https?://[^/\s]+(/account/wachtwoord/nieuw/\S+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Je nieuwe wachtwoord is ingesteld" in done.content.decode()
    assert client.post(reverse("login"), {"username": "partner", "password": NEW_PASSWORD}).status_code == 302
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "Deze link werkt niet" in again


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password_reset"), {"email": "niemand@example.org"}, follow=True)
    assert callbacks == []
    assert "Kijk in je e-mail" in response.content.decode()
    assert not mail.outbox


def test_a_tick_after_the_session_ran_out_takes_the_whole_page_to_the_login_and_back(client, coalition):
    """Not the login page swapped into the checklist: the browser goes to the login, which says the change was not
    saved, and comes back to the phase page after logging in."""
    region, point = coalition.region, coalition.region.current_phase.checklist_items.first()
    page = reverse("regions:phase", args=[region.slug, 3])
    url = reverse("regions:checklist_item", args=[region.slug, 3, point.pk])
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"}
    response = client.post(url, {"actie": "vinken", f"punt-{point.pk}-done": "on"}, headers=htmx)
    assert response.status_code == 200 and "Location" not in response
    assert response["HX-Redirect"] == reverse("login") + "?" + urlencode({"next": page})
    assert not ChecklistProgress.objects.filter(region=region, item=point).exists()
    login_page = client.get(response["HX-Redirect"]).content.decode()
    assert "Je laatste wijziging is niet opgeslagen." in login_page
    assert f'name="next" value="{page}"' in login_page


def test_a_form_sent_without_javascript_after_the_session_ran_out_comes_back_to_its_page(client, coalition):
    """A tick without JavaScript posts to the item's address, which only takes POST: after the login the person
    comes back to the phase page the form was on, told that the change was not saved."""
    region, point = coalition.region, coalition.region.current_phase.checklist_items.first()
    page = reverse("regions:phase", args=[region.slug, 3])
    url = reverse("regions:checklist_item", args=[region.slug, 3, point.pk])
    data = {"actie": "vinken", f"punt-{point.pk}-done": "on"}
    response = client.post(url, data, headers={"Referer": f"http://testserver{page}"})
    assert response.status_code == 302 and response["Location"] == reverse("login") + "?" + urlencode({"next": page})
    assert "Je laatste wijziging is niet opgeslagen." in client.get(response["Location"]).content.decode()
    elsewhere = client.post(url, data, headers={"Referer": "https://elders.example/regios/"})
    assert parse_qs(urlsplit(elsewhere["Location"]).query)["next"] == [url]  # only this site's pages count
    client.get(elsewhere["Location"])  # the login page shows its message

    client.force_login(coalition.partner_user)  # logged in, the same form saves and says nothing of the sort
    saved = client.post(url, data, headers={"Referer": f"http://testserver{page}"}, follow=True)
    assert ChecklistProgress.objects.get(region=region, item=point).done
    assert "niet opgeslagen" not in saved.content.decode()
