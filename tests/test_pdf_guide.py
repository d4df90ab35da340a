"""The whole guide as one PDF at /fasen/gids.pdf: public, complete, tagged, and made once per content version."""

import io
import logging

from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from phases.models import ChecklistItem, GuidePage, Phase, PhaseRole, Question, Resource
from tests.test_pdf_report import pdf_text, squash


def test_guide_pdf_is_public_and_holds_every_phase_role_question_resource_and_checklist(client, guide, caplog):
    cache.clear()
    caplog.set_level(logging.WARNING, logger="weasyprint")
    response = client.get(reverse("phases:guide_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="gids-samen-bouwen-aan-wonen-eerst.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for phase in Phase.objects.all():
        assert squash(f"Fase {phase.number} · {phase.name}") in text
        assert squash(phase.duration_label) in text
    for point in ChecklistItem.objects.all():
        assert squash(point.text) in text, point.text
    for question in Question.objects.all():
        assert squash(question.text) in text, question.text
    for role in PhaseRole.objects.all():
        assert squash(role.text.replace("**", ""))[:60] in text, role.text
    for resource in Resource.objects.filter(phase_links__isnull=False).distinct():
        assert squash(resource.label) in text, resource.label
    for page in GuidePage.objects.all():
        assert squash(page.title) in text
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Samen bouwen aan Wonen Eerst")
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert f"pagina1van{len(reader.pages)}" in text
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_guide_pdf_follows_an_edit_at_once(client, guide, conversions):
    cache.clear()
    first = client.get(reverse("phases:guide_pdf")).content
    assert client.get(reverse("phases:guide_pdf")).content == first and len(conversions) == 1  # made once
    point = ChecklistItem.objects.order_by("pk").first()
    point.text = "Een punt dat de redactie net heeft herschreven."
    point.save()
    second = client.get(reverse("phases:guide_pdf")).content
    assert second != first and len(conversions) == 2
    assert point.text in conversions[1] and point.text not in conversions[0]
    cache.clear()


def test_guide_pdf_queries_are_few(client, guide, django_assert_max_num_queries, no_conversion):
    cache.clear()
    with django_assert_max_num_queries(10):
        client.get(reverse("phases:guide_pdf"))
    cache.clear()
