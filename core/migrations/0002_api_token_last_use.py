from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def keep_last_use(apps, schema_editor):
    """Each token's last use, taken from the per-request rows before they go."""
    token_model = apps.get_model("core", "ApiToken")
    use_model = apps.get_model("core", "ApiTokenUse")
    last = use_model.objects.filter(token=OuterRef("pk")).values("token").annotate(last=Max("used_at")).values("last")
    # last_used_at is outside the token's history: filling it writes no history row.
    token_model.objects.using(schema_editor.connection.alias).update(last_used_at=Subquery(last))


class Migration(migrations.Migration):
    """A request made with an API token writes no row any more: the token keeps its last use (to the minute) and
    each use is a line in the security log."""

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="laatst gebruikt"),
        ),
        migrations.RunPython(keep_last_use, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="ApiTokenUse",
        ),
    ]
