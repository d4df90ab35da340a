"""The key figures in /beheer/: the Redactie defines them; one in use by a region is switched off, never deleted,
and the delete page does not show the regions' values."""

from django.urls import reverse
from django.utils import timezone

from phases.admin import INDICATOR_IN_USE
from phases.models import Indicator
from regions.periods import previous_period
from regions.services.figures import indicator_value_set


def test_the_redactie_defines_a_key_figure(client, coalition, indicators):
    client.force_login(coalition.editor)
    listing = client.get(reverse("admin:phases_indicator_changelist"))
    assert listing.status_code == 200 and "mensen in de noodopvang" in listing.content.decode()
    data = {
        "name": "Mensen met een huurcontract op eigen naam",
        "slug": "huurcontract-eigen-naam",
        "definition": "Het aantal mensen dat via Wonen Eerst een huurcontract op eigen naam heeft.",
        "unit": "mensen",
        "source_note": "Registratie van de woningcorporaties.",
        "kind": "stand",
        "frequency": "halfjaar",
        "higher_is_better": "on",
        "summable": "on",
        "phase": "",
        "group": "",
        "active": "on",
        "order": "40",
    }
    response = client.post(reverse("admin:phases_indicator_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Indicator.objects.get(slug="huurcontract-eigen-naam")
    assert (created.kind, created.frequency, created.higher_is_better) == ("stand", "halfjaar", True)
    client.force_login(coalition.partner_user)
    assert client.get(reverse("admin:phases_indicator_changelist")).status_code == 302  # not staff: to the login


def test_a_key_figure_in_use_cannot_be_deleted_and_its_values_stay_hidden(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    last = previous_period("halfjaar", timezone.localdate())
    indicator_value_set(
        region=coalition.region, indicator=homes, period=last.code, value=12, source="Bron", measured_on=last.end,
        user=coalition.partner_user,
    )  # fmt: skip
    client.force_login(coalition.editor)
    url = reverse("admin:phases_indicator_delete", args=[homes.pk])
    html = client.get(url).content.decode()
    assert INDICATOR_IN_USE.replace("'", "&#x27;") in html
    assert coalition.region.name not in html
    client.post(url, {"post": "yes"})
    assert Indicator.objects.filter(pk=homes.pk).exists()
    unused = indicators["ethos-noodopvang"]
    client.post(reverse("admin:phases_indicator_delete", args=[unused.pk]), {"post": "yes"})
    assert not Indicator.objects.filter(pk=unused.pk).exists()


def test_the_starter_set_names_the_ethos_light_categories_as_cbs_does(indicators):
    ethos = [i.name for i in Indicator.objects.filter(group="ETHOS Light-telling (CBS)").order_by("order")]
    assert ethos == [
        "mensen die leven in de openbare ruimte",
        "mensen in de noodopvang",
        "mensen in een tijdelijke opvang voor dakloze mensen",
        "mensen die uitstromen uit een instelling",
        "mensen in niet-conventionele woonplekken (auto, kraakpand, vakantiewoning)",
        "mensen die tijdelijk verblijven bij familie, vrienden of kennissen",
    ]
    kinds = {i.slug: (i.kind, i.frequency, i.higher_is_better, i.is_key) for i in Indicator.objects.filter(group="")}
    assert kinds == {
        "woningen-beschikbaar": ("per_periode", "halfjaar", True, True),
        "mensen-gehuisvest": ("cumulatief", "halfjaar", True, True),
        "mensen-wachtend": ("stand", "halfjaar", False, True),
    }
    assert all(i.summable and i.definition and i.source_note for i in Indicator.objects.all())
