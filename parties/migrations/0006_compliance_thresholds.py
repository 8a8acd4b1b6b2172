"""Compliance thresholds per agreement: every agreement gets today's global thresholds (green from 95%, amber
from 85%), recorded with a history row sealed into the audit chain."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from core.auditchain.seal import seal_existing_rows


def thresholds_of_today(apps, schema_editor):
    Agreement = apps.get_model("parties", "Agreement")
    Threshold = apps.get_model("parties", "ComplianceThreshold")
    History = apps.get_model("parties", "HistoricalComplianceThreshold")
    now = timezone.now()
    for agreement in Agreement.objects.order_by("pk"):
        threshold = Threshold.objects.create(
            agreement=agreement, green_from_percent=Decimal("95.0"), amber_from_percent=Decimal("85.0")
        )
        History.objects.create(
            id=threshold.pk,
            agreement_id=agreement.pk,
            green_from_percent=threshold.green_from_percent,
            amber_from_percent=threshold.amber_from_percent,
            history_date=now,
            history_type="+",
            history_change_reason="Drempels van vóór de drempels per afspraak (95% / 85%)",
        )
    seal_existing_rows("parties")(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('parties', '0005_audit_chain'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalComplianceThreshold',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_api_token_id', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('audit_seq', models.PositiveBigIntegerField(editable=False, null=True, unique=True)),
                ('audit_hash', models.CharField(blank=True, db_default='', default='', editable=False, max_length=64)),
                ('green_from_percent', models.DecimalField(decimal_places=1, default=Decimal('95.0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='groen vanaf (% binnen de oplosnorm)')),
                ('amber_from_percent', models.DecimalField(decimal_places=1, default=Decimal('85.0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='oranje vanaf (% binnen de oplosnorm)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='parties.agreement', verbose_name='afspraak')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical nalevingsdrempel',
                'verbose_name_plural': 'historical nalevingsdrempels',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ComplianceThreshold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('green_from_percent', models.DecimalField(decimal_places=1, default=Decimal('95.0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='groen vanaf (% binnen de oplosnorm)')),
                ('amber_from_percent', models.DecimalField(decimal_places=1, default=Decimal('85.0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='oranje vanaf (% binnen de oplosnorm)')),
                ('agreement', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='compliance_threshold', to='parties.agreement', verbose_name='afspraak')),
            ],
            options={
                'verbose_name': 'nalevingsdrempel',
                'verbose_name_plural': 'nalevingsdrempels',
                'constraints': [models.CheckConstraint(condition=models.Q(('amber_from_percent__lte', models.F('green_from_percent'))), name='amber_below_green')],
            },
        ),
        migrations.RunPython(thresholds_of_today, migrations.RunPython.noop),
    ]
