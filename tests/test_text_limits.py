"""Long text fields (notes, roles, advice, support texts): the browser never cuts them. No maxlength on the page, the
limit in data-maxlength for the live count (static/js/text-limit.js), and the portal's own Dutch message when a text
is too long, with the text kept."""

import re

import pytest
from django.urls import reverse

from regions.models import ChecklistProgress, Review
from regions.services import support_request_create
from tests.factories import item

TEXTAREA = re.compile(r"<textarea\b[^>]*>")


def pages(coalition):
    asked = support_request_create(
        region=coalition.region, user=coalition.partner_user, kind="juridisch", description="Vraag."
    )
    slug = coalition.region.slug
    return {
        "toelichting": (coalition.partner_user, reverse("regions:phase", args=[slug, 3]), 2000),
        "rol": (coalition.partner_user, reverse("regions:organisation", args=[coalition.corporatie.pk]), 2000),
        "hulpvraag": (coalition.partner_user, reverse("regions:support_create", args=[slug]), 5000),
        "reactie": (coalition.partner_user, reverse("regions:support_detail", args=[slug, asked.pk]), 5000),
        "advies": (coalition.advisor, reverse("regions:review_create", args=[slug]), 5000),
    }


@pytest.mark.parametrize("name", ["toelichting", "rol", "hulpvraag", "reactie", "advies"])
def test_long_text_fields_carry_their_limit_for_the_count_but_no_maxlength(client, coalition, name):
    user, url, limit = pages(coalition)[name]
    client.force_login(user)
    fields = TEXTAREA.findall(client.get(url).content.decode())
    if name == "toelichting":  # beside the note, the phase page has an action's and an akkoord's shorter texts
        fields = [field for field in fields if re.search(r'name="punt-\d+-note"', field)]
    assert fields, url
    for field in fields:
        assert "maxlength" not in field.replace("data-maxlength", ""), field
        assert f'data-maxlength="{limit}"' in field, field


def test_a_line_break_counts_as_one_character_as_people_see_it(client, coalition):
    point = item(3, 0)
    client.force_login(coalition.partner_user)
    note = "x\r\n" * 999 + "x"  # 1999 characters on the screen, 2998 as the browser sends them
    url = reverse("regions:checklist_item", args=[coalition.region.slug, 3, point.pk])
    response = client.post(url, {"actie": "toelichting", f"punt-{point.pk}-note": note})
    assert response.status_code == 302
    assert ChecklistProgress.objects.get(region=coalition.region, item=point).note == "x\n" * 999 + "x"


def test_advice_over_the_limit_gets_a_dutch_message_and_is_kept(client, coalition):
    client.force_login(coalition.advisor)
    text = "Advies " + "a" * 4994  # 5001 characters
    response = client.post(reverse("regions:review_create", args=[coalition.region.slug]), {"text": text})
    content = response.content.decode()
    assert "Gebruik hoogstens 5000 tekens (nu 5001)." in content
    assert text in content and not Review.objects.exists()
