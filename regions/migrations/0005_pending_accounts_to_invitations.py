"""Invitations sent before invitations had a model of their own were inactive accounts without a password, with a
membership. Each becomes an open invitation (sent when the history says it was), the placeholder account goes, and
its old link stops working: the organisation's staff resend it from the organisation's people page. Memberships of
people who ever logged in stay as they are."""

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Membership = apps.get_model("regions", "Membership")
    Invitation = apps.get_model("regions", "Invitation")
    Activity = apps.get_model("regions", "Activity")
    placeholders = User.objects.filter(
        is_active=False, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    )
    for person in placeholders:
        memberships = list(Membership.objects.filter(user=person))
        if not memberships:
            continue
        for membership in memberships:
            invited = (
                Activity.objects.filter(kind="invited", after__user_id=person.pk, organisation=membership.organisation)
                .order_by("-created_at")
                .first()
            )
            Invitation.objects.create(
                email=person.email,
                organisation=membership.organisation,
                region=invited.region if invited else None,
                invited_by=invited.actor if invited else None,
                first_name=person.first_name,
                last_name=person.last_name,
                status="open",
                created_at=membership.created_at,
                sent_at=invited.created_at if invited else membership.created_at,
            )
        person.delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_invitations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
