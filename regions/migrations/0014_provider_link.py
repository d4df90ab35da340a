import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0013_activity_kind_region"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProviderLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("issuer", models.CharField(max_length=255, verbose_name="uitgever (issuer)")),
                ("subject", models.CharField(max_length=255, verbose_name="kenmerk bij de uitgever (sub)")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="gekoppeld op"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="provider_links",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "koppeling met organisatie-account",
                "verbose_name_plural": "koppelingen met organisatie-accounts",
                "constraints": [
                    models.UniqueConstraint(fields=("issuer", "subject"), name="one_account_per_provider_subject")
                ],
            },
        ),
    ]
