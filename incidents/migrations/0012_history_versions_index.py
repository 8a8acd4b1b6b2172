"""An index on the incidents' history that holds what a weekly report reads of an incident's versions (governance/
reports/as_of.py): per incident its versions newest first, with the fields the week's figures count. PostgreSQL
picks each incident's version at a week's end from the index alone, instead of reading the history rows of every
incident the week counts from the table. Added with the schema editor, as in 0009: the history model is generated
by simple-history and declares no indexes of its own."""

from django.db import migrations, models

INDEX = models.Index(
    fields=["id", "-history_date", "-history_id"],
    include=["history_type", "status", "priority", "component_id", "reported_at"],
    name="incidents_hist_versions_idx",
)


def create(apps, schema_editor):
    schema_editor.add_index(apps.get_model("incidents", "HistoricalIncident"), INDEX)


def drop(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("incidents", "HistoricalIncident"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0011_hold_ended_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
