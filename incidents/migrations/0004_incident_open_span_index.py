"""A GiST index on the span each incident was open (filing to resolution or closure), so the weekly
report finds the incidents open at a week's end without reading them all. PostgreSQL only; the
expression must stay identical to governance.reports.as_of.OPEN_SPAN_SQL."""

from django.db import migrations

SPAN = (
    "tstzrange(reported_at, CASE WHEN LEAST(resolved_at, closed_at) < reported_at THEN reported_at "
    "ELSE LEAST(resolved_at, closed_at) END, '[]')"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS incidents_incident_open_span_gist ON incidents_incident USING gist ({SPAN})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS incidents_incident_open_span_gist")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_history_reason_text")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
