"""The Versnellingsteam (reads every region, advises) and the Redactie (edits the guide in /beheer/)."""

from django.db import migrations

ADVISORS = "Versnellingsteam"
EDITORS = "Redactie"


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    assign_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_groups(Group, Permission):
    advisors, _ = Group.objects.get_or_create(name=ADVISORS)
    advisors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="regions",
            codename__in=[
                "view_all_regions",
                "view_region",
                "add_review",
                "view_review",
                "view_supportrequest",
                "change_supportrequest",
                "add_supportmessage",
                "view_supportmessage",
            ],
        )
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="phases"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[ADVISORS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("phases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
