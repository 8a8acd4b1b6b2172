import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ["apitoken", "apitokenuse", "auditverification", "historicalapitoken", "referencesequence"]


def move_content_types(source, target):
    """Keep permissions and admin log entries of the moved models: their content types change app."""

    def forward(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        content_type.objects.using(db).filter(app_label=target, model__in=MOVED_MODELS).delete()
        content_type.objects.using(db).filter(app_label=source, model__in=MOVED_MODELS).update(app_label=target)

    return forward


class Migration(migrations.Migration):
    initial = True

    # The API tokens, the audit verifications and the reference sequences were governance's models: their tables
    # (named governance_*) stay as they are and only move to this app's state; their content types move with them.
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0006_audit_chain"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditVerification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("started_at", models.DateTimeField(verbose_name="gestart op")),
                        ("finished_at", models.DateTimeField(verbose_name="klaar op")),
                        ("intact", models.BooleanField(verbose_name="intact")),
                        ("rows_checked", models.PositiveBigIntegerField(verbose_name="rijen gecontroleerd")),
                        ("findings", models.JSONField(default=list, verbose_name="bevindingen")),
                        ("heads", models.JSONField(default=dict)),
                    ],
                    options={
                        "verbose_name": "controle van het audittrail",
                        "verbose_name_plural": "controles van het audittrail",
                        "db_table": "governance_auditverification",
                        "ordering": ["-finished_at"],
                        "get_latest_by": "finished_at",
                    },
                ),
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="naam")),
                        ("prefix", models.CharField(editable=False, max_length=8, verbose_name="begin van de sleutel")),
                        (
                            "key_hash",
                            models.CharField(
                                editable=False, max_length=64, unique=True, verbose_name="hash van de sleutel"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, editable=False, verbose_name="aangemaakt op"
                            ),
                        ),
                        ("expires_at", models.DateTimeField(verbose_name="verloopt op")),
                        (
                            "revoked_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="ingetrokken op"),
                        ),
                        ("read_only", models.BooleanField(default=False, verbose_name="alleen lezen")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="gebruiker",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "API-token",
                        "verbose_name_plural": "API-tokens",
                        "db_table": "governance_apitoken",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ApiTokenUse",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("used_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("method", models.CharField(max_length=10)),
                        ("path", models.CharField(max_length=500)),
                        (
                            "token",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="uses", to="core.apitoken"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "gebruik van een API-token",
                        "verbose_name_plural": "gebruik van API-tokens",
                        "db_table": "governance_apitokenuse",
                        "ordering": ["-used_at"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalApiToken",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("history_api_token_id", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                        ("audit_seq", models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                        (
                            "audit_hash",
                            models.CharField(blank=True, db_default="", default="", editable=False, max_length=64),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="naam")),
                        ("prefix", models.CharField(editable=False, max_length=8, verbose_name="begin van de sleutel")),
                        (
                            "key_hash",
                            models.CharField(
                                db_index=True, editable=False, max_length=64, verbose_name="hash van de sleutel"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, editable=False, verbose_name="aangemaakt op"
                            ),
                        ),
                        ("expires_at", models.DateTimeField(verbose_name="verloopt op")),
                        (
                            "revoked_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="ingetrokken op"),
                        ),
                        ("read_only", models.BooleanField(default=False, verbose_name="alleen lezen")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.TextField(null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
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
                        "verbose_name": "historical API-token",
                        "verbose_name_plural": "historical API-tokens",
                        "db_table": "governance_historicalapitoken",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ReferenceSequence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("prefix", models.CharField(max_length=10)),
                        ("year", models.PositiveIntegerField()),
                        ("last_number", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "governance_referencesequence",
                        "constraints": [
                            models.UniqueConstraint(fields=("prefix", "year"), name="one_sequence_per_prefix_year")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types("governance", "core"), move_content_types("core", "governance")),
    ]
