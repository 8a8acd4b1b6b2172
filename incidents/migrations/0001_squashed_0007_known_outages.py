"""Migrations 0001 to 0007 in one, for a new database (Django uses it there and keeps the replaced ones
for a database that has applied some of them). Field changes are folded into the models' creation; the steps
that only rewrite existing rows (sealing them into the audit chain, data carried over) are left out, as a new
database has none. The PostgreSQL index the replaced migrations create by hand is created here by the same function."""

from importlib import import_module

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

open_span_index = import_module("incidents.migrations.0004_incident_open_span_index")


class Migration(migrations.Migration):
    replaces = [
        ("incidents", "0001_initial"),
        ("incidents", "0002_report_indexes"),
        ("incidents", "0003_history_reason_text"),
        ("incidents", "0004_incident_open_span_index"),
        ("incidents", "0005_audit_chain"),
        ("incidents", "0006_dutch_field_labels"),
        ("incidents", "0007_known_outages"),
    ]

    initial = True

    dependencies = [
        ("auth", "__first__"),
        ("parties", "0002_business_owner_role"),
        ("parties", "0003_availability_validators"),
        ("parties", "0004_history_reason_text"),
        ("parties", "0005_audit_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="Incident",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(editable=False, max_length=20, unique=True, verbose_name="kenmerk")),
                ("title", models.CharField(max_length=200, verbose_name="wat is er aan de hand")),
                ("description", models.TextField(blank=True, verbose_name="toelichting")),
                ("reported_at", models.DateTimeField(verbose_name="gemeld op")),
                (
                    "impact",
                    models.CharField(
                        choices=[
                            ("high", "Veel mensen of het hele land"),
                            ("medium", "Een groep mensen of één GGD-regio"),
                            ("low", "Eén persoon of een paar mensen"),
                        ],
                        max_length=10,
                        verbose_name="impact",
                    ),
                ),
                (
                    "urgency",
                    models.CharField(
                        choices=[
                            ("high", "Het werk ligt stil"),
                            ("medium", "Het werk gaat moeizaam"),
                            ("low", "Het kan even wachten"),
                        ],
                        max_length=10,
                        verbose_name="urgentie",
                    ),
                ),
                (
                    "priority",
                    models.CharField(
                        choices=[
                            ("P1", "P1 – kritiek"),
                            ("P2", "P2 – hoog"),
                            ("P3", "P3 – gemiddeld"),
                            ("P4", "P4 – laag"),
                        ],
                        max_length=2,
                        verbose_name="prioriteit",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "Nieuw"),
                            ("assigned", "Toegewezen"),
                            ("in_progress", "In behandeling"),
                            ("on_hold", "Wacht op antwoord"),
                            ("resolved", "Opgelost"),
                            ("reopened", "Heropend"),
                            ("closed", "Gesloten"),
                            ("cancelled", "Vervallen (dubbel)"),
                        ],
                        default="new",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "resolution_code",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("fixed", "Opgelost (fout hersteld)"),
                            ("workaround", "Omzeiling geboden"),
                            ("configuration", "Configuratie aangepast"),
                            ("change", "Opgelost met een wijziging"),
                            ("user_error", "Geen fout: gebruik toegelicht"),
                            ("third_party", "Opgelost door derde partij"),
                            ("not_reproducible", "Niet reproduceerbaar"),
                        ],
                        max_length=20,
                        verbose_name="oplossingscode",
                    ),
                ),
                ("resolution", models.TextField(blank=True, verbose_name="oplossing")),
                ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="opgelost op")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="gesloten op")),
                ("reopen_count", models.PositiveIntegerField(default=0, verbose_name="aantal keer heropend")),
                (
                    "breach_state",
                    models.CharField(
                        choices=[
                            ("ok", "Binnen de norm"),
                            ("warning", "Waarschuwing (75%)"),
                            ("breached", "Norm overschreden"),
                        ],
                        db_index=True,
                        default="ok",
                        max_length=10,
                        verbose_name="normstatus",
                    ),
                ),
                (
                    "due_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Oplosnorm van de SLA; leeg zolang de klok stilstaat.",
                        null=True,
                        verbose_name="op te lossen vóór",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "assigned_party",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assigned_incidents",
                        to="parties.party",
                        verbose_name="toegewezen aan",
                    ),
                ),
                (
                    "component",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.component",
                        verbose_name="onderdeel",
                    ),
                ),
                (
                    "duplicate_of",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duplicates",
                        to="incidents.incident",
                        verbose_name="dubbel van",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gemeld door",
                    ),
                ),
                (
                    "reporter_party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reported_incidents",
                        to="parties.party",
                        verbose_name="gemeld namens",
                    ),
                ),
            ],
            options={
                "verbose_name": "incident",
                "verbose_name_plural": "incidenten",
                "ordering": ["-reported_at"],
            },
        ),
        migrations.CreateModel(
            name="HoldPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "waiting_for",
                    models.CharField(
                        choices=[
                            ("reporter", "de melder"),
                            ("party", "een andere partij"),
                            ("confirmation", "bevestiging van de melder"),
                            ("known_outage", "de bekende storing"),
                        ],
                        max_length=12,
                        verbose_name="wacht op",
                    ),
                ),
                ("reason", models.CharField(max_length=500, verbose_name="waarom")),
                ("started_at", models.DateTimeField(verbose_name="begonnen op")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="beëindigd op")),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beëindigd door",
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gestart door",
                    ),
                ),
                (
                    "waiting_for_party",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hold_periods",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "wachtperiode",
                "verbose_name_plural": "wachtperiodes",
                "ordering": ["started_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSlaClock",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "scope",
                    models.CharField(
                        choices=[("sla", "Keten-SLA"), ("uc", "Contract van de partij")],
                        max_length=3,
                        verbose_name="reikwijdte",
                    ),
                ),
                ("agreement_reference", models.CharField(max_length=50, verbose_name="kenmerk afspraak")),
                (
                    "agreement_history_id",
                    models.PositiveBigIntegerField(
                        help_text="De versie (historie-regel) van de afspraak die gold bij de start.",
                        verbose_name="versie van de afspraak",
                    ),
                ),
                (
                    "priority",
                    models.CharField(
                        choices=[
                            ("P1", "P1 – kritiek"),
                            ("P2", "P2 – hoog"),
                            ("P3", "P3 – gemiddeld"),
                            ("P4", "P4 – laag"),
                        ],
                        max_length=2,
                        verbose_name="prioriteit",
                    ),
                ),
                ("response_minutes", models.PositiveIntegerField(verbose_name="reactietermijn (minuten)")),
                ("resolution_minutes", models.PositiveIntegerField(verbose_name="oplostermijn (minuten)")),
                ("calendar_snapshot", models.JSONField(verbose_name="kalender (momentopname)")),
                ("started_at", models.DateTimeField(verbose_name="gestart op")),
                ("responded_at", models.DateTimeField(blank=True, null=True, verbose_name="gereageerd op")),
                ("stopped_at", models.DateTimeField(blank=True, null=True, verbose_name="gestopt op")),
                (
                    "stop_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("resolved", "opgelost"),
                            ("transferred", "overgedragen aan andere partij"),
                            ("cancelled", "vervallen"),
                        ],
                        max_length=12,
                        verbose_name="reden van stoppen",
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
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.agreement",
                        verbose_name="afspraak",
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
                    "party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij",
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
                "verbose_name": "historical SLA-klok",
                "verbose_name_plural": "historical SLA-klokken",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIncidentUpdate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "visibility",
                    models.CharField(
                        choices=[("public", "Openbaar antwoord"), ("internal", "Interne notitie")],
                        max_length=10,
                        verbose_name="zichtbaarheid",
                    ),
                ),
                ("body", models.TextField(verbose_name="bericht")),
                ("created_at", models.DateTimeField(verbose_name="geplaatst op")),
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
                    "author_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij van de auteur",
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
                "verbose_name": "historical bericht",
                "verbose_name_plural": "historical berichten",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIncident",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reference", models.CharField(db_index=True, editable=False, max_length=20, verbose_name="kenmerk")),
                ("title", models.CharField(max_length=200, verbose_name="wat is er aan de hand")),
                ("description", models.TextField(blank=True, verbose_name="toelichting")),
                ("reported_at", models.DateTimeField(verbose_name="gemeld op")),
                (
                    "impact",
                    models.CharField(
                        choices=[
                            ("high", "Veel mensen of het hele land"),
                            ("medium", "Een groep mensen of één GGD-regio"),
                            ("low", "Eén persoon of een paar mensen"),
                        ],
                        max_length=10,
                        verbose_name="impact",
                    ),
                ),
                (
                    "urgency",
                    models.CharField(
                        choices=[
                            ("high", "Het werk ligt stil"),
                            ("medium", "Het werk gaat moeizaam"),
                            ("low", "Het kan even wachten"),
                        ],
                        max_length=10,
                        verbose_name="urgentie",
                    ),
                ),
                (
                    "priority",
                    models.CharField(
                        choices=[
                            ("P1", "P1 – kritiek"),
                            ("P2", "P2 – hoog"),
                            ("P3", "P3 – gemiddeld"),
                            ("P4", "P4 – laag"),
                        ],
                        max_length=2,
                        verbose_name="prioriteit",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "Nieuw"),
                            ("assigned", "Toegewezen"),
                            ("in_progress", "In behandeling"),
                            ("on_hold", "Wacht op antwoord"),
                            ("resolved", "Opgelost"),
                            ("reopened", "Heropend"),
                            ("closed", "Gesloten"),
                            ("cancelled", "Vervallen (dubbel)"),
                        ],
                        default="new",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "resolution_code",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("fixed", "Opgelost (fout hersteld)"),
                            ("workaround", "Omzeiling geboden"),
                            ("configuration", "Configuratie aangepast"),
                            ("change", "Opgelost met een wijziging"),
                            ("user_error", "Geen fout: gebruik toegelicht"),
                            ("third_party", "Opgelost door derde partij"),
                            ("not_reproducible", "Niet reproduceerbaar"),
                        ],
                        max_length=20,
                        verbose_name="oplossingscode",
                    ),
                ),
                ("resolution", models.TextField(blank=True, verbose_name="oplossing")),
                ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="opgelost op")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="gesloten op")),
                ("reopen_count", models.PositiveIntegerField(default=0, verbose_name="aantal keer heropend")),
                (
                    "breach_state",
                    models.CharField(
                        choices=[
                            ("ok", "Binnen de norm"),
                            ("warning", "Waarschuwing (75%)"),
                            ("breached", "Norm overschreden"),
                        ],
                        db_index=True,
                        default="ok",
                        max_length=10,
                        verbose_name="normstatus",
                    ),
                ),
                (
                    "due_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Oplosnorm van de SLA; leeg zolang de klok stilstaat.",
                        null=True,
                        verbose_name="op te lossen vóór",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "assigned_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="toegewezen aan",
                    ),
                ),
                (
                    "component",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.component",
                        verbose_name="onderdeel",
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
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gemeld door",
                    ),
                ),
                (
                    "reporter_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="gemeld namens",
                    ),
                ),
                (
                    "duplicate_of",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.incident",
                        verbose_name="dubbel van",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical incident",
                "verbose_name_plural": "historical incidenten",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalHoldPeriod",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "waiting_for",
                    models.CharField(
                        choices=[
                            ("reporter", "de melder"),
                            ("party", "een andere partij"),
                            ("confirmation", "bevestiging van de melder"),
                            ("known_outage", "de bekende storing"),
                        ],
                        max_length=12,
                        verbose_name="wacht op",
                    ),
                ),
                ("reason", models.CharField(max_length=500, verbose_name="waarom")),
                ("started_at", models.DateTimeField(verbose_name="begonnen op")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="beëindigd op")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beëindigd door",
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
                    "started_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gestart door",
                    ),
                ),
                (
                    "waiting_for_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij",
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
                "verbose_name": "historical wachtperiode",
                "verbose_name_plural": "historical wachtperiodes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAssignment",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("started_at", models.DateTimeField(verbose_name="begonnen op")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="beëindigd op")),
                ("acknowledged_at", models.DateTimeField(blank=True, null=True, verbose_name="bevestigd op")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="reden")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "assigned_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="toegewezen door",
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
                    "party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij",
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
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
            ],
            options={
                "verbose_name": "historical toewijzing",
                "verbose_name_plural": "historical toewijzingen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("started_at", models.DateTimeField(verbose_name="begonnen op")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="beëindigd op")),
                ("acknowledged_at", models.DateTimeField(blank=True, null=True, verbose_name="bevestigd op")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="reden")),
                (
                    "assigned_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="toegewezen door",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="incident_assignments",
                        to="parties.party",
                        verbose_name="partij",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "toewijzing",
                "verbose_name_plural": "toewijzingen",
                "ordering": ["started_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="IncidentUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "visibility",
                    models.CharField(
                        choices=[("public", "Openbaar antwoord"), ("internal", "Interne notitie")],
                        max_length=10,
                        verbose_name="zichtbaarheid",
                    ),
                ),
                ("body", models.TextField(verbose_name="bericht")),
                ("created_at", models.DateTimeField(verbose_name="geplaatst op")),
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
                    "author_party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij van de auteur",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "bericht",
                "verbose_name_plural": "berichten",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="IncidentAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.FileField(
                        upload_to="incidents/%Y/%m/",
                        validators=[
                            django.core.validators.FileExtensionValidator(
                                ["png", "jpg", "jpeg", "pdf", "txt", "log", "csv"]
                            )
                        ],
                        verbose_name="bestand",
                    ),
                ),
                ("original_name", models.CharField(max_length=200, verbose_name="oorspronkelijke bestandsnaam")),
                ("content_type", models.CharField(max_length=100, verbose_name="bestandstype")),
                ("size", models.PositiveIntegerField(verbose_name="grootte (bytes)")),
                ("uploaded_at", models.DateTimeField(verbose_name="geüpload op")),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="geüpload door",
                    ),
                ),
                (
                    "update",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="incidents.incidentupdate",
                        verbose_name="bericht",
                    ),
                ),
            ],
            options={
                "verbose_name": "bijlage",
                "verbose_name_plural": "bijlagen",
                "ordering": ["uploaded_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalIncidentAttachment",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "file",
                    models.TextField(
                        max_length=100,
                        validators=[
                            django.core.validators.FileExtensionValidator(
                                ["png", "jpg", "jpeg", "pdf", "txt", "log", "csv"]
                            )
                        ],
                        verbose_name="bestand",
                    ),
                ),
                ("original_name", models.CharField(max_length=200, verbose_name="oorspronkelijke bestandsnaam")),
                ("content_type", models.CharField(max_length=100, verbose_name="bestandstype")),
                ("size", models.PositiveIntegerField(verbose_name="grootte (bytes)")),
                ("uploaded_at", models.DateTimeField(verbose_name="geüpload op")),
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
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="geüpload door",
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
                (
                    "update",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.incidentupdate",
                        verbose_name="bericht",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical bijlage",
                "verbose_name_plural": "historical bijlagen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SlaClock",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "scope",
                    models.CharField(
                        choices=[("sla", "Keten-SLA"), ("uc", "Contract van de partij")],
                        max_length=3,
                        verbose_name="reikwijdte",
                    ),
                ),
                ("agreement_reference", models.CharField(max_length=50, verbose_name="kenmerk afspraak")),
                (
                    "agreement_history_id",
                    models.PositiveBigIntegerField(
                        help_text="De versie (historie-regel) van de afspraak die gold bij de start.",
                        verbose_name="versie van de afspraak",
                    ),
                ),
                (
                    "priority",
                    models.CharField(
                        choices=[
                            ("P1", "P1 – kritiek"),
                            ("P2", "P2 – hoog"),
                            ("P3", "P3 – gemiddeld"),
                            ("P4", "P4 – laag"),
                        ],
                        max_length=2,
                        verbose_name="prioriteit",
                    ),
                ),
                ("response_minutes", models.PositiveIntegerField(verbose_name="reactietermijn (minuten)")),
                ("resolution_minutes", models.PositiveIntegerField(verbose_name="oplostermijn (minuten)")),
                ("calendar_snapshot", models.JSONField(verbose_name="kalender (momentopname)")),
                ("started_at", models.DateTimeField(verbose_name="gestart op")),
                ("responded_at", models.DateTimeField(blank=True, null=True, verbose_name="gereageerd op")),
                ("stopped_at", models.DateTimeField(blank=True, null=True, verbose_name="gestopt op")),
                (
                    "stop_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("resolved", "opgelost"),
                            ("transferred", "overgedragen aan andere partij"),
                            ("cancelled", "vervallen"),
                        ],
                        max_length=12,
                        verbose_name="reden van stoppen",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.agreement",
                        verbose_name="afspraak",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clocks",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.party",
                        verbose_name="partij",
                    ),
                ),
            ],
            options={
                "verbose_name": "SLA-klok",
                "verbose_name_plural": "SLA-klokken",
                "ordering": ["started_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSlaEvent",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("warning", "waarschuwing"), ("breach", "overschrijding")],
                        max_length=10,
                        verbose_name="soort",
                    ),
                ),
                (
                    "target",
                    models.CharField(
                        choices=[("response", "reactie"), ("resolution", "oplossing")],
                        max_length=10,
                        verbose_name="norm",
                    ),
                ),
                ("raised_at", models.DateTimeField(verbose_name="opgetreden op")),
                ("notified_at", models.DateTimeField(blank=True, null=True, verbose_name="gemeld op")),
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
                    "clock",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.slaclock",
                        verbose_name="klok",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical normgebeurtenis",
                "verbose_name_plural": "historical normgebeurtenissen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SlaEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("warning", "waarschuwing"), ("breach", "overschrijding")],
                        max_length=10,
                        verbose_name="soort",
                    ),
                ),
                (
                    "target",
                    models.CharField(
                        choices=[("response", "reactie"), ("resolution", "oplossing")],
                        max_length=10,
                        verbose_name="norm",
                    ),
                ),
                ("raised_at", models.DateTimeField(verbose_name="opgetreden op")),
                ("notified_at", models.DateTimeField(blank=True, null=True, verbose_name="gemeld op")),
                (
                    "clock",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="incidents.slaclock",
                        verbose_name="klok",
                    ),
                ),
            ],
            options={
                "verbose_name": "normgebeurtenis",
                "verbose_name_plural": "normgebeurtenissen",
                "ordering": ["raised_at", "pk"],
            },
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["status", "priority"], name="incidents_i_status_460efd_idx"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["assigned_party", "status"], name="incidents_i_assigne_8e2681_idx"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["reporter_party", "-reported_at"], name="incidents_i_reporte_76926c_idx"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["due_at"], name="incidents_i_due_at_c123b4_idx"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["component", "status"], name="incidents_i_compone_70c88b_idx"),
        ),
        migrations.AddConstraint(
            model_name="holdperiod",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)), fields=("incident",), name="one_open_hold"
            ),
        ),
        migrations.AddConstraint(
            model_name="holdperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(("waiting_for", "reporter"), ("waiting_for_party__isnull", False), _connector="OR"),
                name="hold_names_party",
            ),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)), fields=("incident",), name="one_current_assignment"
            ),
        ),
        migrations.AddIndex(
            model_name="incidentupdate",
            index=models.Index(fields=["incident", "created_at"], name="incidents_i_inciden_3749e8_idx"),
        ),
        migrations.AddIndex(
            model_name="slaclock",
            index=models.Index(fields=["stopped_at"], name="incidents_s_stopped_56dd7f_idx"),
        ),
        migrations.AddConstraint(
            model_name="slaevent",
            constraint=models.UniqueConstraint(fields=("clock", "kind", "target"), name="one_event_per_clock_target"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["reported_at"], name="incidents_i_reporte_fa94a0_idx"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["resolved_at"], name="incidents_i_resolve_9d0fd6_idx"),
        ),
        migrations.AddIndex(
            model_name="slaclock",
            index=models.Index(fields=["started_at"], name="incidents_s_started_683847_idx"),
        ),
        migrations.AddIndex(
            model_name="slaclock",
            index=models.Index(fields=["responded_at"], name="incidents_s_respond_543e99_idx"),
        ),
        migrations.AddIndex(
            model_name="slaevent",
            index=models.Index(fields=["kind", "raised_at"], name="incidents_s_kind_b28094_idx"),
        ),
        migrations.RemoveConstraint(
            model_name="holdperiod",
            name="hold_names_party",
        ),
        migrations.AddConstraint(
            model_name="holdperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("waiting_for", "party"), _negated=True),
                    ("waiting_for_party__isnull", False),
                    _connector="OR",
                ),
                name="hold_names_party",
            ),
        ),
        migrations.AddField(
            model_name="historicalincident",
            name="known_outage",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="De melding volgt deze storing: de oplossing ervan lost ook deze melding op.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.incident",
                verbose_name="bekende storing",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="known_outage",
            field=models.ForeignKey(
                blank=True,
                help_text="De melding volgt deze storing: de oplossing ervan lost ook deze melding op.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="linked_reports",
                to="incidents.incident",
                verbose_name="bekende storing",
            ),
        ),
        migrations.RunPython(open_span_index.create, open_span_index.drop),
    ]
