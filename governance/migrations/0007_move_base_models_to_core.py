from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_audit_chain"),
        ("core", "0001_initial"),
    ]

    # The models moved to the base app (core) with their tables: only the state changes here.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="apitoken",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="apitokenuse",
                    name="token",
                ),
                migrations.DeleteModel(
                    name="AuditVerification",
                ),
                migrations.RemoveField(
                    model_name="historicalapitoken",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalapitoken",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="ReferenceSequence",
                ),
                migrations.DeleteModel(
                    name="ApiToken",
                ),
                migrations.DeleteModel(
                    name="ApiTokenUse",
                ),
                migrations.DeleteModel(
                    name="HistoricalApiToken",
                ),
            ],
            database_operations=[],
        ),
    ]
