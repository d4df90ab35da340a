"""Backup and restore: dumpdata, flush, loaddata brings back every region, tick and history row identically.

    python manage.py dumpdata --format xml --natural-foreign \
        -e contenttypes -e auth.permission -e sessions -e admin.logentry -e axes -o backup.xml
    python manage.py flush --noinput && python manage.py loaddata backup.xml

Natural keys for what flush recreates (content types, permissions); every other row keeps its id, so
references stay identical. XML, not JSON: Django's JSON serializer cuts timestamps to milliseconds, so a
restored history would differ in its microseconds. With PostgreSQL the usual backup is pg_dump (see the
README); this is the portable route.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from phases.models import ChecklistItem, GuidePage, OrganisationType, Phase, PhaseResource, Resource
from regions.models import (
    Activity,
    ChecklistProgress,
    Membership,
    Organisation,
    Partnership,
    PhaseChange,
    Region,
    Review,
    SupportMessage,
    SupportRequest,
)
from regions.services import progress_set, region_set_phase
from regions.services.advice import support_request_create

MODELS = [
    Phase, ChecklistItem, OrganisationType, Resource, PhaseResource, GuidePage,
    Region, PhaseChange, Organisation, Partnership, Membership, ChecklistProgress, Activity,
    Review, SupportRequest, SupportMessage, TOTPDevice, get_user_model(), Group,
]  # fmt: skip
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def snapshot() -> dict:
    """Every row of every model, as sorted tuples of all its columns; plus group memberships and permissions."""
    data = {}
    for model in MODELS:
        columns = [field.attname for field in model._meta.concrete_fields]
        data[model._meta.label] = sorted(model.objects.values_list(*columns), key=repr)
    data["user groups"] = sorted(get_user_model().groups.through.objects.values_list("user_id", "group__name"))
    data["group permissions"] = sorted(Group.objects.values_list("name", "permissions__codename"), key=repr)
    return data


def empty_the_database() -> None:
    """What `manage.py flush` does to every table the backup holds (content types and permissions stay).

    Done with DELETE inside the test's transaction (foreign keys are checked at its end), because flush
    itself would commit and disturb the test database for the tests after this one.
    """
    keep = {"contenttypes.contenttype", "auth.permission"}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.managed and model._meta.label_lower not in keep:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def test_dump_flush_load_round_trip(coalition, tmp_path, settings):
    settings.WONEN_EERST_REQUIRE_2FA = False
    ChecklistItem.objects.update(needs_agreement=False)  # every item ticked off, for a backup with many rows
    for index, point in enumerate(ChecklistItem.objects.filter(phase__number__lte=3)):
        user = coalition.partner_user if index % 2 else coalition.trekker_user
        progress_set(region=coalition.region, item=point, user=user, done=True, note=f"Besproken “{index}” 🙂")
        if index % 3 == 0:
            progress_set(region=coalition.region, item=point, user=user, done=False, link="https://example.org/a")
    region_set_phase(
        region=coalition.region, phase=Phase.objects.get(number=4), started_on=datetime.date(2025, 3, 1),
        user=coalition.trekker_user,
    )  # fmt: skip
    support_request_create(region=coalition.region, kind="juridisch", description="Vraag", user=coalition.trekker_user)
    TOTPDevice.objects.create(user=coalition.advisor, name="app", confirmed=True)
    before = snapshot()
    assert len(before["regions.Activity"]) > 30 and len(before["regions.ChecklistProgress"]) > 15

    backup = tmp_path / "backup.xml"
    call_command(
        "dumpdata", "--format", "xml", "--natural-foreign",
        *[f"--exclude={app}" for app in EXCLUDE], "--output", str(backup), verbosity=0,
    )  # fmt: skip
    empty_the_database()
    assert not Region.objects.exists() and not Activity.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    after = snapshot()
    for label, rows in before.items():
        assert after[label] == rows, f"{label} differs after restore"
