"""The coalition's work: actions under checklist items and every partner's akkoord."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from regions.models import Action, Activity, Agreement, Partnership
from regions.selectors import actions as action_selectors
from regions.selectors import checklists
from regions.services import action_create, action_update, agreement_give, agreement_withdraw, progress_set
from tests.factories import item, make_partner, make_user

TODAY = timezone.localdate()


def agreement_item():
    return item(3, 2)  # "Afgevaardigden gemandateerd voor samenwerking en trekkersrol."


def new_action(coalition, **kwargs):
    fields = {"what": "Conceptconvenant opstellen", "owner": coalition.gemeente, "due_on": TODAY}
    return action_create(region=coalition.region, item=item(3, 0), user=coalition.trekker_user, **fields | kwargs)


def test_the_fixture_marks_the_guides_agreement_items(guide):
    from phases.models import ChecklistItem

    marked = set(ChecklistItem.objects.filter(needs_agreement=True).values_list("text", flat=True))
    assert marked == {
        "Afgevaardigden gemandateerd voor samenwerking en trekkersrol.",
        "Rollen en verantwoordelijkheden regionaal vastgelegd.",
        "Randvoorwaarden (zowel lokaal als regionaal) zijn uitgewerkt en overal akkoord zoals juridische kaders en "
        "aangepaste urgentieverordeningen.",
        "Afspraken over urgentie, triage, toegang en financiering zijn vastgelegd.",
    }


def test_partner_staff_add_and_change_actions_with_history(coalition):
    action = new_action(coalition, person=coalition.trekker_user)
    entry = Activity.objects.get(kind=Activity.Kind.ACTION_ADDED)
    assert entry.after["what"] == "Conceptconvenant opstellen" and entry.after["status"] == "open"
    changed = action_update(
        action=action,
        user=coalition.partner_user,
        what=action.what,
        owner=coalition.corporatie,
        due_on=TODAY,
        status=Action.Status.BLOCKED,
        blocked_reason="Wacht op het college.",
    )
    assert changed.status == "geblokkeerd" and changed.owner == coalition.corporatie
    entry = Activity.objects.get(kind=Activity.Kind.ACTION)
    assert entry.before["status"] == "open" and entry.after["status"] == "geblokkeerd"
    assert entry.after["blocked_reason"] == "Wacht op het college."


@pytest.mark.parametrize("role", ["advisor", "other", "editor"])
def test_advisors_and_outsiders_never_add_or_change_actions(coalition, role):
    with pytest.raises(PermissionDenied):
        action_create(
            region=coalition.region,
            item=item(3, 0),
            user=coalition.person(role),
            what="x",
            owner=coalition.gemeente,
            due_on=TODAY,
        )
    action = new_action(coalition)
    with pytest.raises(PermissionDenied):
        action_update(
            action=action, user=coalition.person(role), what="y", owner=coalition.gemeente, due_on=TODAY, status="klaar"
        )


def test_owner_must_be_a_partner_and_blocked_needs_a_reason(coalition):
    with pytest.raises(ValidationError) as refused:
        new_action(coalition, owner=coalition.zorg)
    assert "owner" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        new_action(coalition, status=Action.Status.BLOCKED, blocked_reason=" ")
    assert "blocked_reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        new_action(coalition, person=coalition.partner_user)  # works for the corporatie, not the gemeente


def test_the_akkoord_rule_with_partners_added_and_removed(coalition):
    region, point = coalition.region, agreement_item()
    with pytest.raises(ValidationError):
        progress_set(region=region, item=point, user=coalition.trekker_user, done=True)
    agreement_give(region=region, item=point, organisation=coalition.gemeente, user=coalition.trekker_user)
    assert point.pk not in checklists.agreed_items(region, [point])
    agreement_give(region=region, item=point, organisation=coalition.corporatie, user=coalition.partner_user)
    assert checklists.agreed_items(region, [point]) == {point.pk}
    step = next(s for s in checklists.journey(region) if s.phase.number == 3)
    assert step.done == 1
    assert checklists.journeys([region])[region.pk][2].done == 1

    newcomer = make_partner(region=region, type_slug="zorg-welzijn")  # a later partner reopens the item
    assert checklists.agreed_items(region, [point]) == set()
    assert next(s for s in checklists.journey(region) if s.phase.number == 3).done == 0
    Partnership.objects.filter(region=region, organisation=newcomer).delete()
    assert checklists.agreed_items(region, [point]) == {point.pk}

    assert agreement_withdraw(
        region=region,
        item=point,
        organisation=coalition.corporatie,
        user=coalition.partner_user,
        reason="Bestuur wil meer tijd.",
    )
    assert checklists.agreed_items(region, [point]) == set()
    entry = Activity.objects.get(kind=Activity.Kind.AGREEMENT_WITHDRAWN)
    assert entry.after["reason"] == "Bestuur wil meer tijd."


def test_only_an_organisations_own_staff_agree_for_it(coalition):
    region, point = coalition.region, agreement_item()
    for user, organisation in [
        (coalition.partner_user, coalition.gemeente),
        (coalition.advisor, coalition.gemeente),
        (coalition.other_user, coalition.zorg),
    ]:
        with pytest.raises(PermissionDenied):
            agreement_give(region=region, item=point, organisation=organisation, user=user)
    with pytest.raises(ValidationError):
        agreement_give(region=region, item=item(3, 0), organisation=coalition.gemeente, user=coalition.trekker_user)
    agreement_give(region=region, item=point, organisation=coalition.gemeente, user=coalition.trekker_user)
    with pytest.raises(PermissionDenied):
        agreement_withdraw(
            region=region, item=point, organisation=coalition.gemeente, user=coalition.partner_user, reason="nee"
        )
    with pytest.raises(ValidationError):
        agreement_withdraw(
            region=region, item=point, organisation=coalition.gemeente, user=coalition.trekker_user, reason=""
        )
    assert Agreement.objects.count() == 1


def test_past_date_states_hold_actions_and_agreements(coalition):
    region, point = coalition.region, agreement_item()
    Partnership.objects.filter(region=region).update(since=TODAY - datetime.timedelta(days=30))
    action = new_action(coalition)
    agreement_give(region=region, item=point, organisation=coalition.gemeente, user=coalition.trekker_user)
    agreement_give(region=region, item=point, organisation=coalition.corporatie, user=coalition.partner_user)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Activity.objects.update(created_at=yesterday)
    action_update(
        action=action,
        user=coalition.trekker_user,
        what=action.what,
        owner=coalition.gemeente,
        due_on=TODAY,
        status="klaar",
    )
    agreement_withdraw(
        region=region, item=point, organisation=coalition.gemeente, user=coalition.trekker_user, reason="Herzien"
    )

    day = TODAY - datetime.timedelta(days=1)
    then = action_selectors.coalition_work(region, [item(3, 0), point], today=TODAY, day=day)
    assert [a.status for a in then.actions[item(3, 0).pk]] == ["open"]
    assert set(then.agreements[point.pk]) == {coalition.gemeente.pk, coalition.corporatie.pk}
    states = {s.item.pk: s for s in checklists.checklist_on(region, point.phase, day)}
    assert states[point.pk].done
    now = action_selectors.coalition_work(region, [item(3, 0), point], today=TODAY)
    assert [a.status for a in now.actions[item(3, 0).pk]] == ["klaar"]
    assert set(now.agreements[point.pk]) == {coalition.corporatie.pk}
    assert not {s.item.pk: s for s in checklists.checklist(region, point.phase)}[point.pk].done


def test_open_actions_put_overdue_first(coalition):
    later = new_action(coalition, what="Later", due_on=TODAY + datetime.timedelta(days=10))
    late = new_action(coalition, what="Te laat", due_on=TODAY - datetime.timedelta(days=3))
    new_action(coalition, what="Klaar", status="klaar", due_on=TODAY - datetime.timedelta(days=50))
    rows = action_selectors.open_actions(coalition.region, TODAY)
    assert [row["action"].pk for row in rows] == [late.pk, later.pk]
    assert rows[0]["action"].days_overdue == 3 and not rows[1]["action"].is_overdue


def url(coalition, name, point, **kwargs):
    return reverse(name, args=[coalition.region.slug, point.phase.number, point.pk], **kwargs)


def test_phase_page_adds_an_action_blocks_it_and_agrees_without_javascript(client, coalition):
    client.force_login(coalition.trekker_user)
    point = item(3, 0)
    data = {
        f"punt-{point.pk}-actie-what": "Notitie voor het college",
        f"punt-{point.pk}-actie-owner": coalition.gemeente.pk,
        f"punt-{point.pk}-actie-due_on": TODAY.isoformat(),
        f"punt-{point.pk}-actie-status": "open",
    }
    response = client.post(url(coalition, "regions:action_create", point), data)
    assert response.status_code == 302 and response["Location"].endswith(f"#punt-{point.pk}-acties")
    action = Action.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Notitie voor het college" in page and "Actie wijzigen" in page

    prefix = f"actie-{action.pk}"
    change = {f"{prefix}-what": action.what, f"{prefix}-owner": coalition.gemeente.pk}
    change |= {f"{prefix}-due_on": TODAY.isoformat(), f"{prefix}-status": "geblokkeerd", f"{prefix}-blocked_reason": ""}
    update_url = reverse("regions:action_update", args=[coalition.region.slug, action.pk])
    refused = client.post(update_url, change)
    assert refused.status_code == 400 and "Schrijf op waarom de actie geblokkeerd is." in refused.content.decode()
    change[f"{prefix}-blocked_reason"] = "Budget nog niet rond."
    assert client.post(update_url, change).status_code == 302
    page = client.get(reverse("regions:phase", args=[coalition.region.slug, 3])).content.decode()
    assert "Geblokkeerd: Budget nog niet rond." in page

    agreed = agreement_item()
    give = {"actie": "geven", f"punt-{agreed.pk}-akkoord-organisation": coalition.gemeente.pk}
    assert client.post(url(coalition, "regions:agreement", agreed), give).status_code == 302
    page = client.get(reverse("regions:phase", args=[coalition.region.slug, 3])).content.decode()
    assert "Akkoord intrekken" in page and "nog geen akkoord" in page  # the corporatie has not agreed yet
    withdraw = {"actie": "intrekken", f"punt-{agreed.pk}-intrekken-organisation": coalition.gemeente.pk}
    refused = client.post(url(coalition, "regions:agreement", agreed), withdraw)
    assert refused.status_code == 400 and "Schrijf op waarom jullie het akkoord intrekken." in refused.content.decode()
    withdraw[f"punt-{agreed.pk}-intrekken-note"] = "Eerst het college."
    assert client.post(url(coalition, "regions:agreement", agreed), withdraw).status_code == 302
    assert not Agreement.objects.exists()


def test_an_actions_form_opens_from_the_phase_page_as_a_fragment_or_a_page(client, coalition):
    """The phase page carries a link to each action's form, not the form: htmx fetches the form into the opened
    details; without JavaScript the link is a page of its own that posts to the same place."""
    action = new_action(coalition, what="Wachtlijst delen", status="geblokkeerd", blocked_reason="Wacht op de AVG")
    point = action.item
    client.force_login(coalition.partner_user)
    page = client.get(reverse("regions:phase", args=[coalition.region.slug, 3])).content.decode()
    new_url = url(coalition, "regions:action_new", point)
    edit_url = reverse("regions:action_edit", args=[coalition.region.slug, action.pk])
    assert f'href="{new_url}"' in page and f'href="{edit_url}"' in page
    assert f'name="punt-{point.pk}-actie-what"' not in page and f'name="actie-{action.pk}-what"' not in page

    fragment = client.get(new_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and f'name="punt-{point.pk}-actie-what"' in fragment
    assert f'data-hx-target="#punt-{point.pk}-acties"' in fragment
    assert coalition.corporatie.name in fragment and coalition.partner_user.username in fragment  # owner and person

    standalone = client.get(edit_url).content.decode()
    assert '<h1 class="utrecht-heading-1">Actie wijzigen</h1>' in standalone and "data-hx-post" not in standalone
    assert 'value="Wachtlijst delen"' in standalone and "Wacht op de AVG</textarea>" in standalone
    assert f'action="{reverse("regions:action_update", args=[coalition.region.slug, action.pk])}"' in standalone


def test_ticking_an_agreement_item_is_refused_with_an_explanation(client, coalition):
    client.force_login(coalition.trekker_user)
    point = agreement_item()
    data = {"actie": "vinken", f"punt-{point.pk}-done": "on"}
    response = client.post(reverse("regions:checklist_item", args=[coalition.region.slug, 3, point.pk]), data)
    assert response.status_code == 400 and "akkoord" in response.content.decode()
    page = client.get(reverse("regions:phase", args=[coalition.region.slug, 3])).content.decode()
    assert f'name="punt-{point.pk}-done"' not in page and "Dit punt vink je niet af" in page


def test_advisors_read_actions_but_get_no_forms(client, coalition):
    new_action(coalition)
    client.force_login(coalition.advisor)
    page = client.get(reverse("regions:phase", args=[coalition.region.slug, 3])).content.decode()
    assert "Conceptconvenant opstellen" in page and "Actie toevoegen" not in page and "Akkoord geven" not in page


def test_exports_list_the_actions_safely(client, coalition):
    new_action(coalition, what="=SOM(A1)", status="geblokkeerd", blocked_reason="Wacht")
    client.force_login(coalition.partner_user)
    csv_text = b"".join(client.get(reverse("regions:actions_csv", args=[coalition.region.slug])).streaming_content)
    assert "'=SOM(A1)" in csv_text.decode() and "Geblokkeerd" in csv_text.decode()
    data = client.get(reverse("regions:actions_json", args=[coalition.region.slug])).json()
    assert data["acties"][0]["wat"] == "=SOM(A1)" and data["acties"][0]["stand"] == "Geblokkeerd"


@pytest.mark.parametrize("count", [1, 8])
def test_phase_page_queries_do_not_grow_with_actions_and_partners(
    client, coalition, count, django_assert_max_num_queries
):
    for n in range(count):
        organisation = make_partner(region=coalition.region, type_slug="zorg-welzijn")
        make_user(organisations=[organisation])
        new_action(coalition, what=f"Actie {n}", owner=organisation)
        action_create(
            region=coalition.region,
            item=agreement_item(),
            user=coalition.trekker_user,
            what="x",
            owner=organisation,
            due_on=TODAY,
        )
    agreement_give(
        region=coalition.region, item=agreement_item(), organisation=coalition.gemeente, user=coalition.trekker_user
    )
    client.force_login(coalition.trekker_user)
    with django_assert_max_num_queries(25):  # the same with one partner or eight
        assert client.get(reverse("regions:phase", args=[coalition.region.slug, 3])).status_code == 200


def test_the_report_shows_actions_and_counts_an_item_only_when_every_partner_agreed(coalition):
    from regions.report import build_report

    region, point = coalition.region, agreement_item()
    new_action(coalition, what="Mandaat regelen", status="geblokkeerd", blocked_reason="Raad beslist in maart.")
    agreement_give(region=region, item=point, organisation=coalition.gemeente, user=coalition.trekker_user)
    report = build_report(region)
    phase3 = next(p for p in report.phases if p.phase.number == 3)
    states = {state.item.pk: state for state in phase3.items}
    assert not states[point.pk].done and phase3.done == 0
    assert [a.what for a in states[item(3, 0).pk].actions] == ["Mandaat regelen"]
    agreement_give(region=region, item=point, organisation=coalition.corporatie, user=coalition.partner_user)
    phase3 = next(p for p in build_report(region).phases if p.phase.number == 3)
    assert phase3.done == 1


def test_region_page_shows_what_is_open_overdue_first_with_the_signals(client, coalition):
    new_action(coalition, what="Binnenkort", due_on=TODAY + datetime.timedelta(days=5))
    new_action(coalition, what="Lang te laat", due_on=TODAY - datetime.timedelta(days=31))
    new_action(coalition, what="Vastgelopen", status="geblokkeerd", blocked_reason="Geen budget", due_on=TODAY)
    new_action(coalition, what="Afgerond werk", status="klaar", due_on=TODAY - datetime.timedelta(days=90))
    client.force_login(coalition.advisor)
    page = client.get(reverse("regions:detail", args=[coalition.region.slug])).content.decode()
    section = page.split('id="open-acties"', 1)[1].split("</section>", 1)[0]
    listed = section.split('<ul class="action-list">', 1)[1]
    assert listed.index("Lang te laat") < listed.index("Vastgelopen") < listed.index("Binnenkort")
    assert "Afgerond werk" not in section
    assert "1 actie meer dan 30 dagen over de datum" in section and "Vastgelopen (Geen budget)" in section


@pytest.mark.parametrize("count", [1, 10])
def test_region_page_queries_do_not_grow_with_actions(client, coalition, count, django_assert_max_num_queries):
    for n in range(count):
        new_action(coalition, what=f"Actie {n}", due_on=TODAY - datetime.timedelta(days=n * 10))
    client.force_login(coalition.trekker_user)
    with django_assert_max_num_queries(20):  # the same for one action or ten
        assert client.get(reverse("regions:detail", args=[coalition.region.slug])).status_code == 200


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_shows_actions_one_overdue_one_blocked_and_a_half_agreed_item():
    from django.core.management import call_command

    call_command("demo")
    region = Partnership.objects.get(organisation__name="Gemeente Voorbeeldstad (fictief)").region
    work = action_selectors.region_work(region, TODAY)
    assert len(work["long_overdue_actions"]) == 1 and len(work["blocked_actions"]) == 1
    agreed = Agreement.objects.filter(region=region)
    assert agreed.count() == 1 and region.partnerships.count() > 1
    assert not checklists.agreed_items(region, [agreed.get().item])


def test_the_history_page_shows_what_an_action_change_changed(client, coalition):
    action = new_action(coalition)
    action_update(
        action=action,
        user=coalition.trekker_user,
        what=action.what,
        owner=coalition.gemeente,
        due_on=TODAY,
        status="geblokkeerd",
        blocked_reason="Wacht op de raad",
    )
    client.force_login(coalition.partner_user)
    page = client.get(reverse("regions:activity", args=[coalition.region.slug])).content.decode()
    assert "Actie gewijzigd (geblokkeerd): Conceptconvenant opstellen" in page
    assert "Waarom geblokkeerd" in page and "Wacht op de raad" in page


def test_htmx_gets_the_items_actions_alone(client, coalition):
    client.force_login(coalition.trekker_user)
    point = item(3, 0)
    prefix = f"punt-{point.pk}-actie"
    data = {f"{prefix}-what": "Met htmx", f"{prefix}-owner": coalition.gemeente.pk, f"{prefix}-status": "open"}
    create = url(coalition, "regions:action_create", point)
    refused = client.post(create, data, HTTP_HX_REQUEST="true")
    html = refused.content.decode()
    assert refused.status_code == 200 and html.lstrip().startswith('<div class="check-item__actions"')
    assert "Vul de datum in." in html and 'value="Met htmx"' in html and not Action.objects.exists()
    response = client.post(create, data | {f"{prefix}-due_on": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "De actie is toegevoegd." in html and "Met htmx" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_editors_read_actions_and_agreements_in_the_admin_but_change_nothing(client, coalition):
    new_action(coalition)
    agreement_give(
        region=coalition.region, item=agreement_item(), organisation=coalition.gemeente, user=coalition.trekker_user
    )
    client.force_login(coalition.superuser)
    for name in ("action", "agreement"):
        assert client.get(reverse(f"admin:regions_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:regions_{name}_add")).status_code == 403
