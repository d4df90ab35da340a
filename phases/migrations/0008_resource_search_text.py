"""Resources get a normalised search text (phases/search.py), filled here for the resources already saved."""

from django.db import migrations, models

from phases.search import search_text


def fill_search_text(apps, schema_editor):
    Resource = apps.get_model("phases", "Resource")
    resources = list(Resource.objects.only("label", "description", "publisher"))
    for resource in resources:
        resource.search_text = search_text(resource.label, resource.description, resource.publisher)
    Resource.objects.bulk_update(resources, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("phases", "0007_guide_for_the_web"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="search_text",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Linktekst, omschrijving en uitgever zoals de zoekfunctie ze leest; bij elke opslag bijgewerkt.",
                verbose_name="zoektekst",
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
