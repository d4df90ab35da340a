"""The first mapping of the guide's questions to a kind of help and resources, for a database that already holds the
guide: read from fixtures/guide.json (where a new database gets it from ``loaddata guide``), applied to each question
with the same phase, order and text that editors have not linked yet. Resources are matched by label and
description. A database without the guide is left alone."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "guide.json"


def apply_mapping(apps, schema_editor):
    Question = apps.get_model("phases", "Question")
    Resource = apps.get_model("phases", "Resource")
    if not Question.objects.exists() or not FIXTURE.exists():
        return
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    phases = {r["pk"]: r["fields"]["number"] for r in records if r["model"] == "phases.phase"}
    resources = {
        r["pk"]: (r["fields"]["label"], r["fields"]["description"]) for r in records if r["model"] == "phases.resource"
    }
    for record in records:
        if record["model"] != "phases.question" or not record["fields"].get("help_kind"):
            continue
        fields = record["fields"]
        question = Question.objects.filter(
            phase__number=phases[fields["phase"]], order=fields["order"], text=fields["text"], help_kind=""
        ).first()
        if question is None or question.resources.exists():
            continue
        question.help_kind = fields["help_kind"]
        question.save(update_fields=["help_kind"])
        for pk in fields.get("resources", []):
            label, description = resources[pk]
            found = Resource.objects.filter(label=label, description=description).first()
            if found is not None:
                question.resources.add(found)


class Migration(migrations.Migration):
    dependencies = [("phases", "0004_question_help")]

    operations = [migrations.RunPython(apply_mapping, migrations.RunPython.noop)]
