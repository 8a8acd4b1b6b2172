"""Migrations 0001 to 0003 in one, for a new database (Django uses it there and keeps the replaced ones
for a database that has applied some of them). Field changes are folded into the models' creation; the steps
that only rewrite existing rows (sealing them into the audit chain, data carried over) are left out, as a new
database has none."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("notifications", "0001_initial"),
        ("notifications", "0002_owe_unsent_sla_events"),
        ("notifications", "0003_mail_per_recipient_and_preferences"),
    ]

    initial = True

    dependencies = [
        ("incidents", "0004_incident_open_span_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Notification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=40, verbose_name="soort")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="aangemaakt op")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="verstuurd op")),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="pogingen")),
                ("last_error", models.TextField(blank=True, verbose_name="laatste fout")),
                ("event", models.CharField(blank=True, max_length=60, verbose_name="stap")),
                ("in_digest", models.BooleanField(default=False, verbose_name="in de dagelijkse samenvatting")),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="volgende poging op")),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ontvanger",
                    ),
                ),
            ],
            options={
                "verbose_name": "melding",
                "verbose_name_plural": "meldingen",
                "ordering": ["pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("sent_at__isnull", True)),
                        fields=["created_at"],
                        name="notification_pending",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("recipient__isnull", True)),
                        fields=("kind", "object_id"),
                        name="one_notification_per_object",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("recipient__isnull", False)),
                        fields=("kind", "object_id", "event", "recipient"),
                        name="one_notification_per_step_and_recipient",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMailPreference",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("kind", models.CharField(max_length=40, verbose_name="soort")),
                (
                    "delivery",
                    models.CharField(
                        choices=[
                            ("immediately", "direct"),
                            ("digest", "in de dagelijkse samenvatting"),
                            ("off", "niet"),
                        ],
                        default="immediately",
                        max_length=12,
                        verbose_name="bezorging",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mailvoorkeur",
                "verbose_name_plural": "historical mailvoorkeuren",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMailSettings",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                (
                    "language",
                    models.CharField(
                        choices=[("nl", "Nederlands"), ("en", "English")],
                        default="nl",
                        max_length=8,
                        verbose_name="taal van de mail",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mailinstelling",
                "verbose_name_plural": "historical mailinstellingen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MailSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "language",
                    models.CharField(
                        choices=[("nl", "Nederlands"), ("en", "English")],
                        default="nl",
                        max_length=8,
                        verbose_name="taal van de mail",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mail_settings",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            options={
                "verbose_name": "mailinstelling",
                "verbose_name_plural": "mailinstellingen",
            },
        ),
        migrations.CreateModel(
            name="MailPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=40, verbose_name="soort")),
                (
                    "delivery",
                    models.CharField(
                        choices=[
                            ("immediately", "direct"),
                            ("digest", "in de dagelijkse samenvatting"),
                            ("off", "niet"),
                        ],
                        default="immediately",
                        max_length=12,
                        verbose_name="bezorging",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mail_preferences",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            options={
                "verbose_name": "mailvoorkeur",
                "verbose_name_plural": "mailvoorkeuren",
                "constraints": [models.UniqueConstraint(fields=("user", "kind"), name="one_mail_preference_per_kind")],
            },
        ),
    ]
