"""The Redactie defines the key figures (phases.Indicator) in /beheer/, as it edits the rest of the guide."""

from django.db import migrations

EDITORS = "Redactie"
CODENAMES = ["add_indicator", "change_indicator", "delete_indicator", "view_indicator"]


def create_permissions_and_assign(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    assign_indicator_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_indicator_permissions(Group, Permission):
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="phases", codename__in=CODENAMES))


def remove_indicator_permissions(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name=EDITORS):
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label="phases", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0007_figures"),
        ("regions", "0002_groups"),
        ("phases", "0003_indicators"),
    ]

    operations = [migrations.RunPython(create_permissions_and_assign, remove_indicator_permissions)]
