"""`manage.py demo`: the guide, three fictional regions and five accounts; idempotent; never without DEBUG."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from phases.models import OrganisationType, Phase
from regions.models import (
    Activity,
    ChecklistProgress,
    Membership,
    Obstacle,
    Organisation,
    Partnership,
    PhaseChange,
    Region,
    Review,
    SupportMessage,
    SupportRequest,
)

PASSWORD = "wonen-eerst-demo"


def counts():
    return [
        model.objects.count()
        for model in (
            Region,
            Organisation,
            Partnership,
            Membership,
            ChecklistProgress,
            Activity,
            PhaseChange,
            SupportRequest,
            SupportMessage,
            Review,
            Obstacle,
        )
    ] + [get_user_model().objects.count()]


@pytest.mark.django_db
def test_demo_refuses_without_debug(capsys):
    with pytest.raises(CommandError, match="alleen met DJANGO_DEBUG=1"):
        call_command("demo")
    assert not Region.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_builds_regions_and_accounts_and_is_idempotent(capsys):
    call_command("demo")
    output = capsys.readouterr().out
    assert "Wachtwoord voor alle demo-accounts: wonen-eerst-demo" in output
    assert Phase.objects.count() == 6
    regions = list(Region.objects.order_by("current_phase__number"))
    assert len(regions) == 3
    assert all("(fictief)" in region.name for region in regions)
    assert len({region.current_phase_id for region in regions}) == 3, "three different phases"
    assert set(Organisation.objects.values_list("type__slug", flat=True)) == set(
        OrganisationType.objects.values_list("slug", flat=True)
    ), "partners of every organisation type"
    assert ChecklistProgress.objects.filter(done=True).count() > 10
    assert Activity.objects.filter(kind=Activity.Kind.TICK).exists()

    before = counts()
    call_command("demo")
    assert "bestonden al" in capsys.readouterr().out
    assert counts() == before


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_accounts_log_in_and_see_what_they_should(client):
    call_command("demo")
    first = Region.objects.get(slug="voorbeeldkust")
    second = Region.objects.get(slug="proefdal")
    third = Region.objects.get(slug="oefenstreek")
    expected = {
        # username: (regions seen, may manage the first region)
        "demo-gemeente": ({first}, True),
        "demo-corporatie": ({first, third}, False),
        "demo-zorg": ({second}, False),
        "demo-adviseur": ({first, second, third}, False),
        "demo-beheer": ({first, second, third}, False),
    }
    for username, (regions, manages) in expected.items():
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
        user = get_user_model().objects.get(username=username)
        assert set(Region.objects.visible_to(user)) == regions, username
        assert client.get(reverse("regions:partners", args=[first.slug])).status_code in (
            (200,) if manages else (403, 404)
        ), username
    gemeente = get_user_model().objects.get(username="demo-gemeente")
    assert Partnership.objects.get(region=first, organisation__memberships__user=gemeente).is_trekker
    corporatie = Membership.objects.get(user__username="demo-corporatie").organisation
    assert corporatie.type.slug == "woningcorporatie"
    zorg = Membership.objects.get(user__username="demo-zorg").organisation
    assert zorg.type.slug == "zorg-welzijn"
    assert get_user_model().objects.get(username="demo-beheer").is_superuser


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_restores_a_changed_demo_password():
    call_command("demo", stdout=None)
    user = get_user_model().objects.get(username="demo-zorg")
    user.set_password("iets-anders-123")
    user.save()
    call_command("demo")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_shows_the_versnellingsteam_at_work(client):
    """The adviser finds a request of every status in the inbox (the new one waiting too long), an answer in a
    thread and advice on a region, each in its region's history; the demo accounts get no e-mail."""
    call_command("demo")
    assert mail.outbox == []
    by_status = {request.status: request for request in SupportRequest.objects.select_related("region")}
    assert set(by_status) == {"nieuw", "in_behandeling", "afgerond"}
    waiting = by_status["nieuw"]
    assert waiting.region.slug == "proefdal"
    assert (datetime.date.today() - waiting.created_at.date()).days >= 15
    answered = by_status["in_behandeling"]
    assert answered.assigned_to.username == "demo-adviseur"
    assert SupportMessage.objects.filter(request=answered, author__username="demo-adviseur").exists()
    assert by_status["afgerond"].closed_at is not None
    review = Review.objects.get()
    assert review.region.slug == "voorbeeldkust" and review.phase.number == 3
    for request in by_status.values():
        assert Activity.objects.filter(region=request.region, kind=Activity.Kind.SUPPORT).exists()
    assert Activity.objects.filter(region=review.region, kind=Activity.Kind.REVIEW).exists()

    client.post(reverse("login"), {"username": "demo-adviseur", "password": PASSWORD})
    inbox = client.get(reverse("regions:support_inbox")).content.decode()
    assert "Open (2)" in inbox and "Afgerond (1)" in inbox and "wacht te lang" in inbox
    overview = client.get(reverse("regions:advisors")).content.decode()
    assert "Hulpvraag wacht &gt; 14 dagen" in overview  # the badge of Regio Proefdal's signal


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_shows_an_open_invitation_and_one_waiting_for_approval(client):
    from regions.models import Invitation

    call_command("demo")
    statuses = sorted(Invitation.objects.values_list("status", flat=True))
    assert statuses == ["open", "wacht_op_goedkeuring"]
    client.force_login(get_user_model().objects.get(username="demo-adviseur"))
    assert "contact@kredietbank.example.org" in client.get("/versnellingsteam/uitnodigingen/").content.decode()
    call_command("demo")
    assert Invitation.objects.count() == 2


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_fills_two_years_of_key_figures_once():
    """Four half years of the key figures per demo region (Proefdal without the last one: the overview's signal),
    two years of ETHOS counts in Oefenstreek, targets in Voorbeeldkust; each in the history, dated back."""
    from django.utils import timezone

    from regions.models import IndicatorTarget, IndicatorValue
    from regions.periods import previous_period
    from regions.selectors.figures import region_figures
    from regions.selectors.overview import region_overview

    call_command("demo")
    today = timezone.localdate()
    last = previous_period("halfjaar", today)
    coast = Region.objects.get(slug="voorbeeldkust")
    periods = set(IndicatorValue.objects.filter(region=coast).values_list("period", flat=True))
    assert periods == {last.shifted(-n).code for n in range(4)}, "two years of half years"
    assert IndicatorValue.objects.filter(region=coast).count() == 12
    assert IndicatorTarget.objects.filter(region=coast).count() == 6
    assert IndicatorValue.objects.filter(region__slug="oefenstreek", indicator__group__startswith="ETHOS").count() == 12
    assert Activity.objects.filter(kind=Activity.Kind.FIGURE).count() == IndicatorValue.objects.count()
    oldest = Activity.objects.filter(kind=Activity.Kind.FIGURE).order_by("created_at").first()
    assert (today - timezone.localdate(oldest.created_at)).days > 365, "dated back in the history"
    a_year_ago = [s for s in region_figures(coast, day=today - datetime.timedelta(days=365)) if s.values]
    assert a_year_ago and all(len(s.values) < 4 for s in a_year_ago), "a year ago fewer half years were known"
    signals = {row.region.slug: [key for key, _ in row.signal_texts] for row in region_overview(today=today).rows}
    assert "kengetallen" in signals["proefdal"] and "kengetallen" not in signals["voorbeeldkust"]
    before = IndicatorValue.objects.count(), IndicatorTarget.objects.count(), Activity.objects.count()
    call_command("demo")
    assert (IndicatorValue.objects.count(), IndicatorTarget.objects.count(), Activity.objects.count()) == before


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_history_spreads_over_past_months():
    """The demo's ticks and phase changes lie in the past, each within its phase: a past date shows less done and
    the phase the region was in then."""
    from regions.selectors.checklists import end_of_day, journey, journey_on
    from regions.selectors.durations import phase_on

    call_command("demo")
    coast = Region.objects.get(slug="voorbeeldkust")
    year_ago = datetime.date.today() - datetime.timedelta(days=480)  # 16 months: phase 3 began 14 months ago
    assert sum(step.done for step in journey_on(coast, year_ago)) < sum(step.done for step in journey(coast))
    phase_id, _ = phase_on(coast, end_of_day(year_ago))
    assert Phase.objects.get(pk=phase_id).number < coast.current_phase.number


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_shows_open_and_solved_obstacles_one_shared_with_consent(client):
    call_command("demo")
    assert set(Obstacle.objects.values_list("status", flat=True)) == {"open", "opgelost"}
    assert list(Region.objects.filter(shares_solved_obstacles=True).values_list("slug", flat=True)) == ["voorbeeldkust"]
    client.login(username="demo-zorg", password=PASSWORD)
    page = client.get(reverse("regions:phase", args=["proefdal", 3])).content.decode()
    assert "Regio Voorbeeldkust (fictief)" in page and "rollenkaart" in page
    assert "wekelijks casusoverleg" not in page  # Oefenstreek did not allow it
    client.login(username="demo-adviseur", password=PASSWORD)
    overview = client.get(reverse("regions:advisors"), {"signaal": "knelpunt"}).content.decode()
    assert "Regio Voorbeeldkust (fictief)" in overview
