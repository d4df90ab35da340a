"""The guide for the web, in a database that already holds it (a new database gets both from ``loaddata guide``):

- the guide pages' print-only wording ("deze interactieve pdf", "hiernaast", "in dit document", "dit product")
  rewritten for the web, sentence by sentence, wherever the page still holds the printed sentence; a sentence an
  editor has changed is left alone;
- the web addresses of resources confirmed on their publisher's own site, read from fixtures/guide.json: set on a
  resource with the same label, description and publisher that has no address yet.

Either change moves the guide's version (``Phase.guide_changed_at``, as phases/signals.py does for an edit in the
admin), so no worker keeps showing the printed text or a resource without its address.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "guide.json"

# (page slug, printed sentence, web sentence); the web sentences are what fixtures/guide.json holds.
REWRITES = [
    ("leeswijzer", "Met deze interactieve pdf ondersteunen we", "Met deze gids ondersteunen we"),
    ("leeswijzer", "Het document start met een overzicht", "De gids start met een overzicht"),
    ("leeswijzer", "Dit product is ontwikkeld in de periode", "De gids is ontwikkeld in de periode"),
    ("leeswijzer", "De penvoering van het product ligt", "De penvoering van de gids ligt"),
    (
        "leeswijzer",
        "ervoor gekozen het product in mei / juni 2026 te verspreiden. Hoewel het product nog in ontwikkeling is, "
        "kan het vrij",
        "ervoor gekozen de gids in mei / juni 2026 te verspreiden. Hoewel de gids nog in ontwikkeling is, kan hij vrij",
    ),
    ("introductie", "Dit product beschrijft de verschillende fasen", "Deze gids beschrijft de verschillende fasen"),
    (
        "introductie",
        "De zes fasen worden hiernaast toegelicht en vormen de basis voor de verdere uitwerking in dit document.",
        "De zes fasen worden elk op een eigen pagina toegelicht en vormen de basis voor de verdere uitwerking in "
        "deze gids.",
    ),
    ("context", "komt gedeeltelijk terug in dit product,", "komt gedeeltelijk terug in deze gids,"),
    (
        "context",
        "Het voert te ver om in dit product alle antwoorden",
        "Het voert te ver om in deze gids alle antwoorden",
    ),
    ("context", "In dit product kiezen we er daarom voor", "In deze gids kiezen we er daarom voor"),
]


def guide_changed(apps):
    apps.get_model("phases", "Phase").objects.update(guide_changed_at=timezone.now())


def rewrite_pages(apps, schema_editor):
    GuidePage = apps.get_model("phases", "GuidePage")
    changed = False
    for page in GuidePage.objects.filter(slug__in={slug for slug, _, _ in REWRITES}):
        body = page.body
        for slug, printed, web in REWRITES:
            if slug == page.slug:
                body = body.replace(printed, web)
        if body != page.body:
            page.body = body
            page.save(update_fields=["body"])
            changed = True
    if changed:
        guide_changed(apps)


def add_addresses(apps, schema_editor):
    Resource = apps.get_model("phases", "Resource")
    if not Resource.objects.exists() or not FIXTURE.exists():
        return
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    changed = 0
    for record in records:
        fields = record["fields"]
        if record["model"] == "phases.resource" and fields["url"]:
            changed += Resource.objects.filter(
                label=fields["label"], description=fields["description"], publisher=fields["publisher"], url=""
            ).update(url=fields["url"])
    if changed:
        guide_changed(apps)


class Migration(migrations.Migration):
    dependencies = [("phases", "0006_needs_agreement")]

    operations = [
        migrations.RunPython(rewrite_pages, migrations.RunPython.noop),
        migrations.RunPython(add_addresses, migrations.RunPython.noop),
    ]
