"""SLA events raised before the outbox existed and never mailed (the broker was down, say) are owed."""

from django.db import migrations


def owe_unsent_sla_events(apps, schema_editor):
    SlaEvent = apps.get_model("incidents", "SlaEvent")
    Notification = apps.get_model("notifications", "Notification")
    unsent = SlaEvent.objects.filter(notified_at__isnull=True).values_list("pk", flat=True)
    Notification.objects.bulk_create(
        [Notification(kind="sla_event", object_id=pk) for pk in unsent.iterator()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("incidents", "0004_incident_open_span_index"),
    ]

    operations = [migrations.RunPython(owe_unsent_sla_events, migrations.RunPython.noop)]
