"""Migrations 0001 to 0002 in one, for a new database (Django uses it there and keeps the replaced ones
for a database that has applied some of them). Field changes are folded into the models' creation; the steps
that only rewrite existing rows (sealing them into the audit chain, data carried over) are left out, as a new
database has none."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("majorincidents", "0001_major_incidents"), ("majorincidents", "0002_dutch_names")]

    initial = True

    dependencies = [
        ("incidents", "0007_known_outages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MajorIncident",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "public_title",
                    models.CharField(
                        help_text="Wat melders en het publiek zien: geen partijen, personen of klokken.",
                        max_length=200,
                        verbose_name="openbare titel",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("declared", "Uitgeroepen"), ("stood_down", "Afgeschaald"), ("closed", "Gesloten")],
                        default="declared",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("declared_at", models.DateTimeField(verbose_name="uitgeroepen op")),
                (
                    "update_interval_minutes",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Uit de SLA met de opdrachtgever bij het uitroepen; leeg: de SLA noemt er geen.",
                        null=True,
                        verbose_name="updatefrequentie (minuten)",
                    ),
                ),
                (
                    "next_update_due_at",
                    models.DateTimeField(
                        blank=True, db_index=True, null=True, verbose_name="volgende update uiterlijk"
                    ),
                ),
                ("stood_down_at", models.DateTimeField(blank=True, null=True, verbose_name="afgeschaald op")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="gesloten op")),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "coordinator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="coördinator",
                    ),
                ),
                (
                    "declared_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uitgeroepen door",
                    ),
                ),
                (
                    "incident",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="major_incident",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "grote verstoring",
                "verbose_name_plural": "grote verstoringen",
                "ordering": ["-declared_at"],
            },
        ),
        migrations.CreateModel(
            name="MajorIncidentReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "timeline",
                    models.JSONField(
                        default=list, help_text="Uit de vastleggingen bij het indienen.", verbose_name="tijdlijn"
                    ),
                ),
                ("went_well", models.TextField(verbose_name="wat ging goed")),
                ("went_wrong", models.TextField(verbose_name="wat ging mis")),
                ("filed_at", models.DateTimeField(db_index=True, verbose_name="ingediend op")),
                (
                    "filed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ingediend door",
                    ),
                ),
                (
                    "major",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review",
                        to="majorincidents.majorincident",
                        verbose_name="grote verstoring",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluatie",
                "verbose_name_plural": "evaluaties",
            },
        ),
        migrations.CreateModel(
            name="HistoricalReviewAction",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("description", models.CharField(max_length=500, verbose_name="actie")),
                ("due_on", models.DateField(verbose_name="uiterlijk")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="gereed op")),
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
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="eigenaar",
                    ),
                ),
                (
                    "review",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="majorincidents.majorincidentreview",
                        verbose_name="evaluatie",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical verbeteractie",
                "verbose_name_plural": "historical verbeteracties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ReviewAction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("description", models.CharField(max_length=500, verbose_name="actie")),
                ("due_on", models.DateField(verbose_name="uiterlijk")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="gereed op")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="eigenaar",
                    ),
                ),
                (
                    "review",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="actions",
                        to="majorincidents.majorincidentreview",
                        verbose_name="evaluatie",
                    ),
                ),
            ],
            options={
                "verbose_name": "verbeteractie",
                "verbose_name_plural": "verbeteracties",
                "ordering": ["due_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMajorIncident",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                (
                    "public_title",
                    models.CharField(
                        help_text="Wat melders en het publiek zien: geen partijen, personen of klokken.",
                        max_length=200,
                        verbose_name="openbare titel",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("declared", "Uitgeroepen"), ("stood_down", "Afgeschaald"), ("closed", "Gesloten")],
                        default="declared",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("declared_at", models.DateTimeField(verbose_name="uitgeroepen op")),
                (
                    "update_interval_minutes",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Uit de SLA met de opdrachtgever bij het uitroepen; leeg: de SLA noemt er geen.",
                        null=True,
                        verbose_name="updatefrequentie (minuten)",
                    ),
                ),
                (
                    "next_update_due_at",
                    models.DateTimeField(
                        blank=True, db_index=True, null=True, verbose_name="volgende update uiterlijk"
                    ),
                ),
                ("stood_down_at", models.DateTimeField(blank=True, null=True, verbose_name="afgeschaald op")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="gesloten op")),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "coordinator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="coördinator",
                    ),
                ),
                (
                    "declared_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uitgeroepen door",
                    ),
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
                    "incident",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical grote verstoring",
                "verbose_name_plural": "historical grote verstoringen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMajorIncidentReview",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                (
                    "timeline",
                    models.JSONField(
                        default=list, help_text="Uit de vastleggingen bij het indienen.", verbose_name="tijdlijn"
                    ),
                ),
                ("went_well", models.TextField(verbose_name="wat ging goed")),
                ("went_wrong", models.TextField(verbose_name="wat ging mis")),
                ("filed_at", models.DateTimeField(db_index=True, verbose_name="ingediend op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "filed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ingediend door",
                    ),
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
                    "major",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="majorincidents.majorincident",
                        verbose_name="grote verstoring",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical evaluatie",
                "verbose_name_plural": "historical evaluaties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMajorIncidentUpdate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                (
                    "kind",
                    models.CharField(
                        choices=[("scheduled", "Geplande update"), ("ad_hoc", "Tussentijdse update")],
                        max_length=10,
                        verbose_name="soort",
                    ),
                ),
                ("audiences", models.JSONField(default=list, verbose_name="doelgroepen")),
                ("public_text", models.TextField(blank=True, verbose_name="openbare tekst")),
                ("internal_text", models.TextField(blank=True, verbose_name="interne tekst")),
                ("posted_at", models.DateTimeField(verbose_name="geplaatst op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="auteur",
                    ),
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
                    "major",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="majorincidents.majorincident",
                        verbose_name="grote verstoring",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical update",
                "verbose_name_plural": "historical updates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MajorIncidentUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("scheduled", "Geplande update"), ("ad_hoc", "Tussentijdse update")],
                        max_length=10,
                        verbose_name="soort",
                    ),
                ),
                ("audiences", models.JSONField(default=list, verbose_name="doelgroepen")),
                ("public_text", models.TextField(blank=True, verbose_name="openbare tekst")),
                ("internal_text", models.TextField(blank=True, verbose_name="interne tekst")),
                ("posted_at", models.DateTimeField(verbose_name="geplaatst op")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="auteur",
                    ),
                ),
                (
                    "major",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="majorincidents.majorincident",
                        verbose_name="grote verstoring",
                    ),
                ),
            ],
            options={
                "verbose_name": "update",
                "verbose_name_plural": "updates",
                "ordering": ["posted_at", "pk"],
            },
        ),
    ]
