"""What the region list, the region page and the organisation page show, and the inline role edit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import Activity, Partnership, Region
from regions.selectors.durations import duration_summary, is_over_duration, months_between, months_in_phase
from tests import factories


def months_ago(months: int, extra_days: int = 0) -> datetime.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(today.day, 28)) - datetime.timedelta(days=extra_days)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2025-01-15", "2025-01-15", 0),
        ("2025-01-15", "2025-02-14", 0),
        ("2025-01-15", "2025-02-15", 1),
        ("2025-01-31", "2025-02-28", 0),
        ("2024-11-30", "2026-01-30", 14),
        ("2025-03-01", "2025-01-01", 0),
    ],
)
def test_months_between(start, end, months):
    assert months_between(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)) == months


def test_over_duration_only_after_the_typical_maximum(guide):
    today = datetime.date(2026, 6, 15)
    region = factories.make_region(phase=3, started_on=datetime.date(2025, 6, 15))  # 6 tot 12 maanden
    assert (months_in_phase(region, today), is_over_duration(region, today)) == (12, False)
    region.phase_started_on = datetime.date(2025, 5, 15)
    assert (months_in_phase(region, today), is_over_duration(region, today)) == (13, True)
    summary = duration_summary(region, today)
    assert summary["text"] == "Fase 3 sinds 13 maanden — gebruikelijk 6 tot 12 maanden"


def test_phase_six_is_ongoing_and_never_over(guide):
    region = factories.make_region(phase=6, started_on=datetime.date(2015, 1, 1))
    summary = duration_summary(region, datetime.date(2026, 1, 1))
    assert summary["is_over"] is False
    assert summary["text"] == "Fase 6 sinds 132 maanden — deze fase is doorlopend"


def test_region_page_shows_phase_duration_journey_partners_and_people(client, coalition):
    Region.objects.filter(pk=coalition.region.pk).update(phase_started_on=months_ago(14))
    factories.make_user(first_name="Wendy", last_name="Woningzoeker", organisations=[coalition.corporatie])
    deactivated = factories.make_user(first_name="Ivo", last_name="Uitgeschakeld", organisations=[coalition.corporatie])
    deactivated.is_active = False
    deactivated.save()
    factories.make_user(username="jdevries", first_name="", last_name="", organisations=[coalition.corporatie])
    client.force_login(coalition.partner_user)
    content = client.get(reverse("regions:detail", args=[coalition.region.slug])).content.decode()
    assert "Fase 3 sinds 14 maanden — gebruikelijk 6 tot 12 maanden" in content
    assert "langer dan gebruikelijk" in content
    assert content.count('class="journey__step') == 6
    assert 'aria-current="step"' in content
    for heading in ["Gemeente", "Woningcorporatie", "Zorg- en welzijnsorganisatie"]:
        assert f">{heading}" in content
    assert coalition.gemeente.name in content and coalition.corporatie.name in content
    assert content.count("badge--trekker") == 1
    assert "Wij leveren woningen." in content
    assert "Wendy Woningzoeker" in content
    assert "Ivo Uitgeschakeld" not in content  # a deactivated account no longer works for the organisation
    assert "jdevries" in content  # no name given: the username
    # A partner describes its own role, not another's; only trekkers get the coalition's controls.
    assert f"Rol van {coalition.corporatie.name} beschrijven" in content
    assert f"Rol van {coalition.gemeente.name} beschrijven" not in content
    assert "Partners beheren" not in content


def test_region_page_within_duration_has_no_warning_badge(client, coalition):
    Region.objects.filter(pk=coalition.region.pk).update(phase_started_on=months_ago(2))
    client.force_login(coalition.trekker_user)
    content = client.get(reverse("regions:detail", args=[coalition.region.slug])).content.decode()
    assert "Fase 3 sinds 2 maanden — gebruikelijk 6 tot 12 maanden" in content
    assert "langer dan gebruikelijk" not in content
    for link in ["Partners beheren", "Collega uitnodigen", "Fase of startdatum wijzigen"]:
        assert link in content


def test_warning_when_a_required_organisation_type_is_missing(client, coalition):
    """The coalition fixture's region has a gemeente and a corporatie, but no zorg- en welzijnsorganisatie."""
    client.force_login(coalition.trekker_user)
    for url in [
        reverse("regions:detail", args=[coalition.region.slug]),
        reverse("regions:partners", args=[coalition.region.slug]),
    ]:
        content = client.get(url).content.decode()
        assert "Nog geen zorg- en welzijnsorganisatie in deze coalitie." in content
        assert "Nog geen woningcorporatie" not in content
    factories.make_partner(region=coalition.region, type_slug="zorg-welzijn")
    content = client.get(reverse("regions:detail", args=[coalition.region.slug])).content.decode()
    assert "in deze coalitie." not in content


def test_region_list_shows_phase_and_trekkers(client, coalition):
    client.force_login(coalition.advisor)
    content = client.get(reverse("regions:list")).content.decode()
    assert "Fase 3 Coalitievorming" in content and "Fase 2 Initiatief" in content
    assert coalition.gemeente.name in content and coalition.zorg.name in content
    assert coalition.corporatie.name not in content  # not a trekker


def test_organisation_page_shows_role_form_to_own_staff_only(client, coalition):
    url = reverse("regions:organisation", args=[coalition.corporatie.pk])
    client.force_login(coalition.partner_user)
    content = client.get(url).content.decode()
    assert "Wij leveren woningen." in content
    assert 'name="role"' in content
    assert f"Rol in {coalition.region.name}" in content
    client.force_login(coalition.advisor)
    content = client.get(url).content.decode()
    assert "Wij leveren woningen." in content
    assert 'name="role"' not in content


def test_role_edit_with_htmx_returns_the_row_only(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse("regions:organisation_role", args=[coalition.corporatie.pk, coalition.region.slug])
    role = "Wij zoeken samen naar woningen.\nEn wij bemiddelen."
    response = client.post(url, {"role": role}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.strip().startswith(f'<li class="card role-row" id="rol-{coalition.region.slug}">')
    assert "<p>Wij zoeken samen naar woningen.<br>En wij bemiddelen.</p>" in content
    assert 'role="status"' in content and "Opgeslagen." in content
    assert "HX-Request" in response["Vary"]
    partnership = Partnership.objects.get(organisation=coalition.corporatie, region=coalition.region)
    assert partnership.role == "Wij zoeken samen naar woningen.\nEn wij bemiddelen."
    activity = Activity.objects.get(kind=Activity.Kind.ROLE)
    assert activity.before == {"role": "Wij leveren woningen."}
    assert activity.actor == coalition.partner_user


def test_role_edit_without_javascript_redirects_back_to_the_row(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse("regions:organisation_role", args=[coalition.corporatie.pk, coalition.region.slug])
    response = client.post(url, {"role": "Onze nieuwe rol."})
    assert response.status_code == 302
    assert response["Location"] == f"{coalition.corporatie.get_absolute_url()}#rol-{coalition.region.slug}"
    page = client.get(response["Location"]).content.decode()
    assert "Onze nieuwe rol." in page
    assert f"De rol van {coalition.corporatie.name} in {coalition.region.name} is opgeslagen." in page


def test_invalid_role_without_javascript_keeps_the_form_open_with_the_input(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse("regions:organisation_role", args=[coalition.corporatie.pk, coalition.region.slug])
    response = client.post(url, {"role": "Met <b>vet</b>"})
    content = response.content.decode()
    assert response.status_code == 400
    assert '<details class="role-edit" open>' in content
    assert "Met &lt;b&gt;vet&lt;/b&gt;</textarea>" in content
