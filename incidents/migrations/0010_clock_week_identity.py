"""Each clock's row of the week carries the clock's incident, scope, party and agreement (which never change), so
that a week's figures read the rows without joining the clocks: added empty, copied from the clocks, then
required."""

import django.db.models.deletion
from django.db import migrations, models

COPY = """
UPDATE incidents_clockweek
   SET incident_id = clock.incident_id,
       scope = clock.scope,
       party_id = clock.party_id,
       agreement_id = clock.agreement_id,
       agreement_reference = clock.agreement_reference
  FROM incidents_slaclock AS clock
 WHERE clock.id = incidents_clockweek.clock_id
"""


def copied_from_clock(to: str, verbose_name: str, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        related_name="+",
        null=null,
        on_delete=django.db.models.deletion.DO_NOTHING,
        db_constraint=False,
        db_index=False,
    )


def fields(null: bool) -> list[tuple[str, models.Field]]:
    return [
        ("incident", copied_from_clock("incidents.incident", "incident", null)),
        (
            "scope",
            models.CharField(
                choices=[("sla", "Keten-SLA"), ("uc", "Contract van de partij")],
                max_length=3,
                null=null,
                verbose_name="reikwijdte",
            ),
        ),
        ("party", copied_from_clock("parties.party", "partij", null)),
        ("agreement", copied_from_clock("parties.agreement", "afspraak", null)),
        ("agreement_reference", models.CharField(max_length=50, null=null, verbose_name="kenmerk afspraak")),
    ]


class Migration(migrations.Migration):
    dependencies = [("incidents", "0009_history_report_indexes")]

    operations = [
        *(migrations.AddField("clockweek", name, field) for name, field in fields(null=True)),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        *(migrations.AlterField("clockweek", name, field) for name, field in fields(null=False)),
    ]
