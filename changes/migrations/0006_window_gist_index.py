"""A GiST index on the window that counts of each change (planned, else proposed, as a [start, end) range), so
the triage board and the calendar find the changes overlapping their windows without reading the windows before
or after them. PostgreSQL only; the expression must stay identical to changes.querysets.ChangeWindow."""

from django.db import migrations

WINDOW = "tstzrange(COALESCE(planned_start, proposed_start), COALESCE(planned_end, proposed_end))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS changes_window_gist ON changes_changerequest USING gist ({WINDOW})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS changes_window_gist")


class Migration(migrations.Migration):
    dependencies = [("changes", "0005_audit_chain")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
