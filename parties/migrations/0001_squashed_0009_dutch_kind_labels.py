"""Migrations 0001 to 0009 in one, for a new database (Django uses it there and keeps the replaced ones
for a database that has applied some of them). Field changes are folded into the models' creation; the steps
that only rewrite existing rows (sealing them into the audit chain, data carried over) are left out, as a new
database has none."""

import datetime
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("parties", "0001_initial"),
        ("parties", "0002_business_owner_role"),
        ("parties", "0003_availability_validators"),
        ("parties", "0004_history_reason_text"),
        ("parties", "0005_audit_chain"),
        ("parties", "0006_compliance_thresholds"),
        ("parties", "0007_target_update_interval"),
        ("parties", "0008_services_and_dependencies"),
        ("parties", "0009_dutch_kind_labels"),
    ]

    initial = True

    dependencies = [
        ("auth", "__first__"),
    ]

    operations = [
        migrations.CreateModel(
            name="Component",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="naam")),
                ("slug", models.SlugField(unique=True, verbose_name="korte naam")),
                (
                    "public_name",
                    models.CharField(
                        help_text="Hoe een melder dit onderdeel herkent, in gewone woorden (bijv. 'App op iPhone').",
                        max_length=200,
                        verbose_name="naam voor melders",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                ("is_active", models.BooleanField(default=True, verbose_name="actief")),
            ],
            options={
                "verbose_name": "component",
                "verbose_name_plural": "componenten",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ServiceCalendar",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                ("time_zone", models.CharField(default="Europe/Amsterdam", max_length=64, verbose_name="tijdzone")),
                ("always_open", models.BooleanField(default=False, verbose_name="altijd open (24×7)")),
                ("weekly_hours", models.JSONField(blank=True, default=list, verbose_name="openingstijden per weekdag")),
                (
                    "public_holidays",
                    models.CharField(
                        blank=True,
                        default="NL",
                        help_text="ISO-landcode waarvan de officiële feestdagen gesloten zijn; leeg voor geen.",
                        max_length=2,
                        verbose_name="feestdagen van land",
                    ),
                ),
                (
                    "extra_closed_days",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Lijst van datums (JJJJ-MM-DD).",
                        verbose_name="extra gesloten dagen",
                    ),
                ),
            ],
            options={
                "verbose_name": "servicekalender",
                "verbose_name_plural": "servicekalenders",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Agreement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(max_length=50, unique=True, verbose_name="kenmerk")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("SLA", "Dienstverleningsovereenkomst (SLA)"),
                            ("OLA", "Interne dienstverleningsafspraak (OLA)"),
                            ("UC", "Onderliggend contract (UC)"),
                        ],
                        max_length=3,
                        verbose_name="soort",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="geldig vanaf")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="geldig tot en met")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                (
                    "underpins",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="underpinned_by",
                        to="parties.agreement",
                        verbose_name="ondersteunt",
                    ),
                ),
                (
                    "components",
                    models.ManyToManyField(
                        related_name="agreements", to="parties.component", verbose_name="componenten"
                    ),
                ),
            ],
            options={
                "verbose_name": "afspraak",
                "verbose_name_plural": "afspraken",
                "ordering": ["kind", "reference"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAgreement",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reference", models.CharField(db_index=True, max_length=50, verbose_name="kenmerk")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("SLA", "Dienstverleningsovereenkomst (SLA)"),
                            ("OLA", "Interne dienstverleningsafspraak (OLA)"),
                            ("UC", "Onderliggend contract (UC)"),
                        ],
                        max_length=3,
                        verbose_name="soort",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="geldig vanaf")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="geldig tot en met")),
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
                (
                    "underpins",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.agreement",
                        verbose_name="ondersteunt",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical afspraak",
                "verbose_name_plural": "historical afspraken",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement_components",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.agreement",
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
                        to="parties.historicalagreement",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "HistoricalAgreement_components",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalServiceCalendar",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=100, verbose_name="naam")),
                ("time_zone", models.CharField(default="Europe/Amsterdam", max_length=64, verbose_name="tijdzone")),
                ("always_open", models.BooleanField(default=False, verbose_name="altijd open (24×7)")),
                ("weekly_hours", models.JSONField(blank=True, default=list, verbose_name="openingstijden per weekdag")),
                (
                    "public_holidays",
                    models.CharField(
                        blank=True,
                        default="NL",
                        help_text="ISO-landcode waarvan de officiële feestdagen gesloten zijn; leeg voor geen.",
                        max_length=2,
                        verbose_name="feestdagen van land",
                    ),
                ),
                (
                    "extra_closed_days",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Lijst van datums (JJJJ-MM-DD).",
                        verbose_name="extra gesloten dagen",
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
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical servicekalender",
                "verbose_name_plural": "historical servicekalenders",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Party",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="naam")),
                ("slug", models.SlugField(unique=True, verbose_name="korte naam")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("business_owner", "Opdrachtgever"),
                            ("regie", "Regiepartij"),
                            ("operator", "Beheerpartij"),
                            ("hosting", "Hostingpartij"),
                            ("soc", "Beveiligingscentrum (SOC)"),
                            ("user_organisation", "Gebruikersorganisatie"),
                        ],
                        max_length=30,
                        verbose_name="soort",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                ("is_active", models.BooleanField(default=True, verbose_name="actief")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subcontractors",
                        to="parties.party",
                        verbose_name="onderaannemer van",
                    ),
                ),
            ],
            options={
                "verbose_name": "partij",
                "verbose_name_plural": "partijen",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRoleAssignment",
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
                ("valid_from", models.DateField(default=datetime.date.today, verbose_name="geldig vanaf")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="geldig tot en met")),
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
                        verbose_name="persoon",
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
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical roltoewijzing",
                "verbose_name_plural": "historical roltoewijzingen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalParty",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="naam")),
                ("slug", models.SlugField(verbose_name="korte naam")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("business_owner", "Opdrachtgever"),
                            ("regie", "Regiepartij"),
                            ("operator", "Beheerpartij"),
                            ("hosting", "Hostingpartij"),
                            ("soc", "Beveiligingscentrum (SOC)"),
                            ("user_organisation", "Gebruikersorganisatie"),
                        ],
                        max_length=30,
                        verbose_name="soort",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
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
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="onderaannemer van",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical partij",
                "verbose_name_plural": "historical partijen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalComponent",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="naam")),
                ("slug", models.SlugField(verbose_name="korte naam")),
                (
                    "public_name",
                    models.CharField(
                        help_text="Hoe een melder dit onderdeel herkent, in gewone woorden (bijv. 'App op iPhone').",
                        max_length=200,
                        verbose_name="naam voor melders",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
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
                (
                    "hosting_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="gehost door",
                    ),
                ),
                (
                    "monitoring_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="securitymonitoring door",
                    ),
                ),
                (
                    "operating_party",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="beheerd door",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "historical component",
                "verbose_name_plural": "historical componenten",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="customer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.party",
                verbose_name="afnemer",
            ),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="provider",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.party",
                verbose_name="leverancier",
            ),
        ),
        migrations.AddField(
            model_name="component",
            name="hosting_party",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hosted_components",
                to="parties.party",
                verbose_name="gehost door",
            ),
        ),
        migrations.AddField(
            model_name="component",
            name="monitoring_party",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="monitored_components",
                to="parties.party",
                verbose_name="securitymonitoring door",
            ),
        ),
        migrations.AddField(
            model_name="component",
            name="operating_party",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="operated_components",
                to="parties.party",
                verbose_name="beheerd door",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="customer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements_as_customer",
                to="parties.party",
                verbose_name="afnemer",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="provider",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements_as_provider",
                to="parties.party",
                verbose_name="leverancier",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalAgreementTarget",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
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
                    "response_minutes",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="reactietijd (minuten)"
                    ),
                ),
                (
                    "resolution_minutes",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="oplostijd (minuten)"
                    ),
                ),
                (
                    "availability_percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.001")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="beschikbaarheid per maand (%)",
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
                    "calendar",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Leeg: de kalender van de afspraak.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.servicecalendar",
                        verbose_name="servicekalender",
                    ),
                ),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                (
                    "update_interval_minutes",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Hoe vaak de coördinator van een major incident met deze prioriteit een update geeft. Leeg: geen.",
                        null=True,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="updatefrequentie bij een major incident (minuten)",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical norm",
                "verbose_name_plural": "historical normen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="calendar",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.servicecalendar",
                verbose_name="servicekalender",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="calendar",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements",
                to="parties.servicecalendar",
                verbose_name="servicekalender",
            ),
        ),
        migrations.CreateModel(
            name="RoleAssignment",
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
                ("valid_from", models.DateField(default=datetime.date.today, verbose_name="geldig vanaf")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="geldig tot en met")),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to="parties.party",
                        verbose_name="partij",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="persoon",
                    ),
                ),
            ],
            options={
                "verbose_name": "roltoewijzing",
                "verbose_name_plural": "roltoewijzingen",
                "ordering": ["party__name", "role", "user__username"],
                "indexes": [
                    models.Index(fields=["user", "valid_from", "valid_to"], name="parties_rol_user_id_2c27fb_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="AgreementTarget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
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
                    "response_minutes",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="reactietijd (minuten)"
                    ),
                ),
                (
                    "resolution_minutes",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="oplostijd (minuten)"
                    ),
                ),
                (
                    "availability_percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.001")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="beschikbaarheid per maand (%)",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="targets",
                        to="parties.agreement",
                        verbose_name="afspraak",
                    ),
                ),
                (
                    "calendar",
                    models.ForeignKey(
                        blank=True,
                        help_text="Leeg: de kalender van de afspraak.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.servicecalendar",
                        verbose_name="servicekalender",
                    ),
                ),
                (
                    "update_interval_minutes",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Hoe vaak de coördinator van een major incident met deze prioriteit een update geeft. Leeg: geen.",
                        null=True,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="updatefrequentie bij een major incident (minuten)",
                    ),
                ),
            ],
            options={
                "verbose_name": "norm",
                "verbose_name_plural": "normen",
                "ordering": ["agreement", "priority"],
                "constraints": [
                    models.UniqueConstraint(fields=("agreement", "priority"), name="one_target_per_priority"),
                    models.CheckConstraint(
                        condition=models.Q(("response_minutes__gt", 0), ("resolution_minutes__gt", 0)),
                        name="targets_positive",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["provider", "customer", "valid_from"], name="parties_agr_provide_30b843_idx"),
        ),
        migrations.CreateModel(
            name="HistoricalComplianceThreshold",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                (
                    "green_from_percent",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("95.0"),
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="groen vanaf (% binnen de oplosnorm)",
                    ),
                ),
                (
                    "amber_from_percent",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("85.0"),
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="oranje vanaf (% binnen de oplosnorm)",
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
            ],
            options={
                "verbose_name": "historical nalevingsdrempel",
                "verbose_name_plural": "historical nalevingsdrempels",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ComplianceThreshold",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "green_from_percent",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("95.0"),
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="groen vanaf (% binnen de oplosnorm)",
                    ),
                ),
                (
                    "amber_from_percent",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("85.0"),
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="oranje vanaf (% binnen de oplosnorm)",
                    ),
                ),
                (
                    "agreement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="compliance_threshold",
                        to="parties.agreement",
                        verbose_name="afspraak",
                    ),
                ),
            ],
            options={
                "verbose_name": "nalevingsdrempel",
                "verbose_name_plural": "nalevingsdrempels",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amber_from_percent__lte", models.F("green_from_percent"))),
                        name="amber_below_green",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalComponentDependency",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="toelichting")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                        verbose_name="component",
                    ),
                ),
                (
                    "depends_on",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.component",
                        verbose_name="hangt af van",
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
            ],
            options={
                "verbose_name": "historical afhankelijkheid",
                "verbose_name_plural": "historical afhankelijkheden",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalService",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ("audit_hash", models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="naam")),
                ("slug", models.SlugField(verbose_name="korte naam")),
                ("public_name", models.CharField(max_length=200, verbose_name="publieke naam")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
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
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.party",
                        verbose_name="eigenaar",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical dienst",
                "verbose_name_plural": "historical diensten",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Service",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="naam")),
                ("slug", models.SlugField(unique=True, verbose_name="korte naam")),
                ("public_name", models.CharField(max_length=200, verbose_name="publieke naam")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                ("is_active", models.BooleanField(default=True, verbose_name="actief")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="owned_services",
                        to="parties.party",
                        verbose_name="eigenaar",
                    ),
                ),
            ],
            options={
                "verbose_name": "dienst",
                "verbose_name_plural": "diensten",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="component",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="components",
                to="parties.service",
                verbose_name="dienst",
            ),
        ),
        migrations.AddField(
            model_name="historicalcomponent",
            name="service",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.service",
                verbose_name="dienst",
            ),
        ),
        migrations.CreateModel(
            name="ComponentDependency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="toelichting")),
                (
                    "component",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dependencies",
                        to="parties.component",
                        verbose_name="component",
                    ),
                ),
                (
                    "depends_on",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dependents",
                        to="parties.component",
                        verbose_name="hangt af van",
                    ),
                ),
            ],
            options={
                "verbose_name": "afhankelijkheid",
                "verbose_name_plural": "afhankelijkheden",
                "ordering": ["component__name", "depends_on__name"],
                "constraints": [
                    models.UniqueConstraint(fields=("component", "depends_on"), name="one_dependency_per_pair"),
                    models.CheckConstraint(
                        condition=models.Q(("component", models.F("depends_on")), _negated=True),
                        name="no_self_dependency",
                    ),
                ],
            },
        ),
    ]
