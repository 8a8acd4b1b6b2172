"""Migrations 0001 to 0006 in one, for a new database (Django uses it there and keeps the replaced ones
for a database that has applied some of them). Field changes are folded into the models' creation; the steps
that only rewrite existing rows (sealing them into the audit chain, data carried over) are left out, as a new
database has none. The PostgreSQL index the replaced migrations create by hand is created here by the same function."""

from importlib import import_module

import django.db.models.deletion
import django.db.models.functions.comparison
import simple_history.models
from django.conf import settings
from django.db import migrations, models

window_index = import_module("changes.migrations.0006_window_gist_index")


class Migration(migrations.Migration):
    replaces = [
        ("changes", "0001_initial"),
        ("changes", "0002_change_incident_link"),
        ("changes", "0003_history_reason_text"),
        ("changes", "0004_list_and_window_indexes"),
        ("changes", "0005_audit_chain"),
        ("changes", "0006_window_gist_index"),
    ]

    initial = True

    dependencies = [
        ("auth", "__first__"),
        ("incidents", "0001_initial"),
        ("parties", "0002_business_owner_role"),
        ("parties", "0004_history_reason_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="BlackoutWindow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("starts_at", models.DateTimeField(verbose_name="begin")),
                ("ends_at", models.DateTimeField(verbose_name="einde")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
            ],
            options={
                "verbose_name": "bevriezingsperiode",
                "verbose_name_plural": "bevriezingsperiodes",
                "ordering": ["starts_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="blackout_window"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ChangeRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(editable=False, max_length=20, unique=True, verbose_name="kenmerk")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("motivation", models.TextField(verbose_name="motivatie")),
                (
                    "change_type",
                    models.CharField(
                        choices=[("standard", "Standaard"), ("normal", "Normaal"), ("emergency", "Spoed")],
                        max_length=20,
                        verbose_name="soort wijziging",
                    ),
                ),
                ("implementation_plan", models.TextField(verbose_name="uitvoeringsplan")),
                ("rollback_plan", models.TextField(verbose_name="terugvalplan")),
                ("test_evidence", models.TextField(blank=True, verbose_name="testbewijs")),
                ("proposed_start", models.DateTimeField(verbose_name="voorgesteld begin")),
                ("proposed_end", models.DateTimeField(verbose_name="voorgesteld einde")),
                ("planned_start", models.DateTimeField(blank=True, null=True, verbose_name="gepland begin")),
                ("planned_end", models.DateTimeField(blank=True, null=True, verbose_name="gepland einde")),
                ("actual_start", models.DateTimeField(blank=True, null=True, verbose_name="werkelijk begin")),
                ("actual_end", models.DateTimeField(blank=True, null=True, verbose_name="werkelijk einde")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Concept"),
                            ("submitted", "Ingediend"),
                            ("assessed", "Beoordeeld"),
                            ("awaiting_approval", "Wacht op goedkeuring"),
                            ("approved", "Goedgekeurd"),
                            ("scheduled", "Ingepland"),
                            ("in_progress", "In uitvoering"),
                            ("completed", "Geslaagd"),
                            ("failed", "Mislukt"),
                            ("rolled_back", "Teruggedraaid"),
                            ("reviewed", "Geëvalueerd"),
                            ("closed", "Gesloten"),
                            ("rejected", "Afgewezen"),
                            ("cancelled", "Geannuleerd"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "risk",
                    models.CharField(
                        blank=True,
                        choices=[("low", "Laag"), ("medium", "Gemiddeld"), ("high", "Hoog")],
                        max_length=10,
                        verbose_name="risico",
                    ),
                ),
                ("rank", models.PositiveIntegerField(blank=True, null=True, verbose_name="positie in backlog")),
                ("version", models.PositiveIntegerField(default=0, verbose_name="versie")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="ingediend op")),
                ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="goedgekeurd op")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
                (
                    "components",
                    models.ManyToManyField(
                        related_name="change_requests", to="parties.component", verbose_name="componenten"
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="change_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="aanvrager",
                    ),
                ),
                (
                    "requesting_party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="change_requests",
                        to="parties.party",
                        verbose_name="aangevraagd door partij",
                    ),
                ),
            ],
            options={
                "verbose_name": "wijzigingsverzoek",
                "verbose_name_plural": "wijzigingsverzoeken",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalApproval",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("product_owner", "Product Owner"),
                            ("system_architect", "Systeemarchitect"),
                            ("operator", "Behandelaar"),
                            ("reporter", "Melder"),
                            ("viewer", "Toezichthouder (alleen lezen)"),
                            ("business_owner", "Vertegenwoordiger opdrachtgever"),
                            ("administrator", "Beheerder"),
                        ],
                        max_length=30,
                        verbose_name="rol",
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[("approved", "Goedgekeurd"), ("rejected", "Afgewezen")],
                        max_length=10,
                        verbose_name="besluit",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="toelichting")),
                ("decided_at", models.DateTimeField(verbose_name="besloten op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "approver",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beslisser",
                    ),
                ),
                (
                    "change",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="changes.changerequest",
                        verbose_name="wijziging",
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
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
            ],
            options={
                "verbose_name": "historical goedkeuring",
                "verbose_name_plural": "historical goedkeuringen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalBlackoutWindow",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("starts_at", models.DateTimeField(verbose_name="begin")),
                ("ends_at", models.DateTimeField(verbose_name="einde")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
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
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical bevriezingsperiode",
                "verbose_name_plural": "historical bevriezingsperiodes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalChangeRequest",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reference", models.CharField(db_index=True, editable=False, max_length=20, verbose_name="kenmerk")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("motivation", models.TextField(verbose_name="motivatie")),
                (
                    "change_type",
                    models.CharField(
                        choices=[("standard", "Standaard"), ("normal", "Normaal"), ("emergency", "Spoed")],
                        max_length=20,
                        verbose_name="soort wijziging",
                    ),
                ),
                ("implementation_plan", models.TextField(verbose_name="uitvoeringsplan")),
                ("rollback_plan", models.TextField(verbose_name="terugvalplan")),
                ("test_evidence", models.TextField(blank=True, verbose_name="testbewijs")),
                ("proposed_start", models.DateTimeField(verbose_name="voorgesteld begin")),
                ("proposed_end", models.DateTimeField(verbose_name="voorgesteld einde")),
                ("planned_start", models.DateTimeField(blank=True, null=True, verbose_name="gepland begin")),
                ("planned_end", models.DateTimeField(blank=True, null=True, verbose_name="gepland einde")),
                ("actual_start", models.DateTimeField(blank=True, null=True, verbose_name="werkelijk begin")),
                ("actual_end", models.DateTimeField(blank=True, null=True, verbose_name="werkelijk einde")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Concept"),
                            ("submitted", "Ingediend"),
                            ("assessed", "Beoordeeld"),
                            ("awaiting_approval", "Wacht op goedkeuring"),
                            ("approved", "Goedgekeurd"),
                            ("scheduled", "Ingepland"),
                            ("in_progress", "In uitvoering"),
                            ("completed", "Geslaagd"),
                            ("failed", "Mislukt"),
                            ("rolled_back", "Teruggedraaid"),
                            ("reviewed", "Geëvalueerd"),
                            ("closed", "Gesloten"),
                            ("rejected", "Afgewezen"),
                            ("cancelled", "Geannuleerd"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "risk",
                    models.CharField(
                        blank=True,
                        choices=[("low", "Laag"), ("medium", "Gemiddeld"), ("high", "Hoog")],
                        max_length=10,
                        verbose_name="risico",
                    ),
                ),
                ("rank", models.PositiveIntegerField(blank=True, null=True, verbose_name="positie in backlog")),
                ("version", models.PositiveIntegerField(default=0, verbose_name="versie")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="ingediend op")),
                ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="goedgekeurd op")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="aangemaakt op")),
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
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="aanvrager",
                    ),
                ),
                (
                    "requesting_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="aangevraagd door partij",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical wijzigingsverzoek",
                "verbose_name_plural": "historical wijzigingsverzoeken",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalChangeRequest_components",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "changerequest",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="changes.changerequest",
                    ),
                ),
                (
                    "component",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.component",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="changes.historicalchangerequest",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "HistoricalChangeRequest_components",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPostImplementationReview",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("what_happened", models.TextField(verbose_name="wat er gebeurde")),
                ("follow_up", models.TextField(blank=True, verbose_name="vervolgacties")),
                ("reviewed_at", models.DateTimeField(verbose_name="geëvalueerd op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "change",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="changes.changerequest",
                        verbose_name="wijziging",
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
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="geëvalueerd door",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical evaluatie na uitvoering",
                "verbose_name_plural": "historical evaluaties na uitvoering",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRiskAssessment",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "citizen_impact",
                    models.CharField(
                        choices=[
                            ("none", "Geen: burgers merken niets"),
                            ("limited", "Beperkt: kort of voor een deel van de gebruikers"),
                            ("major", "Groot: de app of website is (deels) niet te gebruiken"),
                        ],
                        max_length=10,
                        verbose_name="impact op burgers",
                    ),
                ),
                ("component_count", models.PositiveIntegerField(verbose_name="aantal componenten")),
                ("rollback_tested", models.BooleanField(verbose_name="terugvalplan getest")),
                ("done_before", models.BooleanField(verbose_name="eerder zo uitgevoerd")),
                ("downtime_expected", models.BooleanField(verbose_name="onderbreking verwacht")),
                (
                    "security_sensitive",
                    models.BooleanField(verbose_name="raakt sleutels, certificaten of persoonsgegevens"),
                ),
                ("score", models.PositiveIntegerField(verbose_name="score")),
                (
                    "risk",
                    models.CharField(
                        choices=[("low", "Laag"), ("medium", "Gemiddeld"), ("high", "Hoog")],
                        max_length=10,
                        verbose_name="risico",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="toelichting")),
                ("assessed_at", models.DateTimeField(verbose_name="beoordeeld op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "assessed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beoordeeld door",
                    ),
                ),
                (
                    "change",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="changes.changerequest",
                        verbose_name="wijziging",
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
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical risicobeoordeling",
                "verbose_name_plural": "historical risicobeoordelingen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalStandardChangeTemplate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(db_index=True, max_length=200, verbose_name="titel")),
                ("description", models.TextField(verbose_name="omschrijving")),
                ("implementation_plan", models.TextField(verbose_name="uitvoeringsplan")),
                ("rollback_plan", models.TextField(verbose_name="terugvalplan")),
                ("is_active", models.BooleanField(default=True, verbose_name="actief")),
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
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical sjabloon standaardwijziging",
                "verbose_name_plural": "historical sjablonen standaardwijziging",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PostImplementationReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("what_happened", models.TextField(verbose_name="wat er gebeurde")),
                ("follow_up", models.TextField(blank=True, verbose_name="vervolgacties")),
                ("reviewed_at", models.DateTimeField(verbose_name="geëvalueerd op")),
                (
                    "change",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review",
                        to="changes.changerequest",
                        verbose_name="wijziging",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="geëvalueerd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluatie na uitvoering",
                "verbose_name_plural": "evaluaties na uitvoering",
            },
        ),
        migrations.CreateModel(
            name="RiskAssessment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "citizen_impact",
                    models.CharField(
                        choices=[
                            ("none", "Geen: burgers merken niets"),
                            ("limited", "Beperkt: kort of voor een deel van de gebruikers"),
                            ("major", "Groot: de app of website is (deels) niet te gebruiken"),
                        ],
                        max_length=10,
                        verbose_name="impact op burgers",
                    ),
                ),
                ("component_count", models.PositiveIntegerField(verbose_name="aantal componenten")),
                ("rollback_tested", models.BooleanField(verbose_name="terugvalplan getest")),
                ("done_before", models.BooleanField(verbose_name="eerder zo uitgevoerd")),
                ("downtime_expected", models.BooleanField(verbose_name="onderbreking verwacht")),
                (
                    "security_sensitive",
                    models.BooleanField(verbose_name="raakt sleutels, certificaten of persoonsgegevens"),
                ),
                ("score", models.PositiveIntegerField(verbose_name="score")),
                (
                    "risk",
                    models.CharField(
                        choices=[("low", "Laag"), ("medium", "Gemiddeld"), ("high", "Hoog")],
                        max_length=10,
                        verbose_name="risico",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="toelichting")),
                ("assessed_at", models.DateTimeField(verbose_name="beoordeeld op")),
                (
                    "assessed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beoordeeld door",
                    ),
                ),
                (
                    "change",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assessment",
                        to="changes.changerequest",
                        verbose_name="wijziging",
                    ),
                ),
            ],
            options={
                "verbose_name": "risicobeoordeling",
                "verbose_name_plural": "risicobeoordelingen",
            },
        ),
        migrations.CreateModel(
            name="StandardChangeTemplate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, unique=True, verbose_name="titel")),
                ("description", models.TextField(verbose_name="omschrijving")),
                ("implementation_plan", models.TextField(verbose_name="uitvoeringsplan")),
                ("rollback_plan", models.TextField(verbose_name="terugvalplan")),
                ("is_active", models.BooleanField(default=True, verbose_name="actief")),
                (
                    "components",
                    models.ManyToManyField(
                        related_name="change_templates", to="parties.component", verbose_name="componenten"
                    ),
                ),
            ],
            options={
                "verbose_name": "sjabloon standaardwijziging",
                "verbose_name_plural": "sjablonen standaardwijziging",
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalStandardChangeTemplate_components",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "component",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.component",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="changes.historicalstandardchangetemplate",
                    ),
                ),
                (
                    "standardchangetemplate",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="changes.standardchangetemplate",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "HistoricalStandardChangeTemplate_components",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalchangerequest",
            name="template",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="changes.standardchangetemplate",
                verbose_name="sjabloon",
            ),
        ),
        migrations.AddField(
            model_name="changerequest",
            name="template",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="changes",
                to="changes.standardchangetemplate",
                verbose_name="sjabloon",
            ),
        ),
        migrations.CreateModel(
            name="Approval",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("product_owner", "Product Owner"),
                            ("system_architect", "Systeemarchitect"),
                            ("operator", "Behandelaar"),
                            ("reporter", "Melder"),
                            ("viewer", "Toezichthouder (alleen lezen)"),
                            ("business_owner", "Vertegenwoordiger opdrachtgever"),
                            ("administrator", "Beheerder"),
                        ],
                        max_length=30,
                        verbose_name="rol",
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[("approved", "Goedgekeurd"), ("rejected", "Afgewezen")],
                        max_length=10,
                        verbose_name="besluit",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="toelichting")),
                ("decided_at", models.DateTimeField(verbose_name="besloten op")),
                (
                    "approver",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beslisser",
                    ),
                ),
                (
                    "change",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="approvals",
                        to="changes.changerequest",
                        verbose_name="wijziging",
                    ),
                ),
            ],
            options={
                "verbose_name": "goedkeuring",
                "verbose_name_plural": "goedkeuringen",
                "ordering": ["decided_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("change", "role"), name="one_decision_per_role"),
                    models.UniqueConstraint(fields=("change", "approver"), name="one_decision_per_person"),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="changerequest",
            index=models.Index(fields=["status", "rank"], name="changes_cha_status_8e31cb_idx"),
        ),
        migrations.AddIndex(
            model_name="changerequest",
            index=models.Index(fields=["planned_start", "planned_end"], name="changes_cha_planned_dbeca2_idx"),
        ),
        migrations.AddConstraint(
            model_name="changerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("proposed_end__gt", models.F("proposed_start"))), name="proposed_window"
            ),
        ),
        migrations.AddConstraint(
            model_name="changerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("planned_start__isnull", True), ("planned_end__gt", models.F("planned_start")), _connector="OR"
                ),
                name="planned_window",
            ),
        ),
        migrations.CreateModel(
            name="ChangeIncidentLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fixes", "De wijziging lost het incident op"),
                            ("caused_by", "Het incident is veroorzaakt door de wijziging"),
                        ],
                        max_length=20,
                        verbose_name="soort koppeling",
                    ),
                ),
                ("reason", models.TextField(verbose_name="toelichting")),
                ("created_at", models.DateTimeField(verbose_name="gekoppeld op")),
                (
                    "change",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="incident_links",
                        to="changes.changerequest",
                        verbose_name="wijziging",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gekoppeld door",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="change_links",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "koppeling wijziging–incident",
                "verbose_name_plural": "koppelingen wijziging–incident",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("change", "incident", "kind"), name="one_link_per_change_incident_kind"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalChangeIncidentLink",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fixes", "De wijziging lost het incident op"),
                            ("caused_by", "Het incident is veroorzaakt door de wijziging"),
                        ],
                        max_length=20,
                        verbose_name="soort koppeling",
                    ),
                ),
                ("reason", models.TextField(verbose_name="toelichting")),
                ("created_at", models.DateTimeField(verbose_name="gekoppeld op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "change",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="changes.changerequest",
                        verbose_name="wijziging",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gekoppeld door",
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
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical koppeling wijziging–incident",
                "verbose_name_plural": "historical koppelingen wijziging–incident",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name="changerequest",
            index=models.Index(fields=["-created_at", "-id"], name="changes_created_desc_idx"),
        ),
        migrations.AddIndex(
            model_name="changerequest",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce("planned_end", "proposed_end"),
                name="changes_window_end_idx",
            ),
        ),
        migrations.RunPython(window_index.create, window_index.drop),
    ]
