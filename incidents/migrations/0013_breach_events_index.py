"""An index of the breach events by the instant they were raised, holding what the weekly figures read of them
(governance/reports: the breaches of a week for their clocks' figures and for their attribution). PostgreSQL reads a
week's breaches from the index alone instead of weighing the index on kind and time against a scan of every SLA
event, a choice that flipped with the statistics' sample at national scale.

PostgreSQL only, added with the schema editor: SQLite keeps no columns beside an index's key, and a model's index
with them would warn on every `migrate` there."""

from django.db import migrations, models
from django.db.models import Q

INDEX = models.Index(
    fields=["raised_at"],
    include=["id", "clock_id", "target"],
    condition=Q(kind="breach"),
    name="incidents_breach_raised_idx",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("incidents", "SlaEvent"), INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("incidents", "SlaEvent"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0012_history_versions_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
