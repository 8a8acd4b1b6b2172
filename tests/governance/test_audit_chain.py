"""The tamper-evident audit chain: rows written by the application verify; rows altered, inserted
or deleted behind its back (raw SQL, as someone with database access would) are found, and
`verify_audit` exits 1 naming the first such row."""

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.functional import Promise

from core.auditchain.seal import chained_models, seal_unsealed
from core.auditchain.verify import verify_audit
from core.history import HIDDEN_FIELDS, save_tracked
from core.models import AuditVerification
from incidents import services as incident_services
from incidents.models import Incident
from parties.models import Component, Party

HISTORICAL_INCIDENT = Incident.history.model
TABLE = HISTORICAL_INCIDENT._meta.db_table
COPIED = ", ".join(
    f.column
    for f in HISTORICAL_INCIDENT._meta.concrete_fields
    if f.attname not in ("history_id", "audit_seq", "audit_hash")
)


def run_verify_audit() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    except CommandError as error:  # exit status 1 on the command line
        return 1, out.getvalue() + str(error)
    return 0, out.getvalue()


def raw(sql: str, params=()) -> None:
    """Run SQL on the incident history table, as someone with database access (not the application) would."""
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", TABLE).replace("{copied}", COPIED), params)


@pytest.fixture
def filed(demo_user):
    def file(title="Certificaatfout bij inloggen"):
        return incident_services.incident_file(
            actor=demo_user("ggd"),
            title=title,
            component=Component.objects.get(slug="hsm"),
            impact="medium",
            urgency="medium",
        )

    return file


@pytest.fixture
def incident_history(filed, demo_user):
    """Three incidents, one of them routed: several rows in the incident history table."""
    first = filed("Eerste")
    filed("Tweede")
    filed("Derde")
    incident_services.incident_assign(
        actor=demo_user("cibg"), incident=first, party=Party.objects.get(slug="kpn"), reason="Naar KPN"
    )
    return list(HISTORICAL_INCIDENT.objects.order_by("audit_seq"))


@pytest.mark.django_db
def test_rows_written_by_the_application_verify(incident_history):
    assert [row.audit_seq for row in incident_history] == list(range(1, len(incident_history) + 1))
    assert all(len(row.audit_hash) == 64 for row in incident_history)

    status, output = run_verify_audit()

    assert status == 0, output
    assert "Audit trail intact" in output
    verification = AuditVerification.objects.latest()
    assert verification.intact
    assert verification.rows_checked == sum(model._base_manager.count() for model in chained_models())


@pytest.mark.django_db
def test_many_to_many_history_is_chained_too(demo_chain):
    m2m_models = [model for model in chained_models() if model._meta.db_table.endswith("_components")]
    assert m2m_models, "the agreements' and changes' component lists keep history"
    agreement_components = next(m for m in m2m_models if m._meta.db_table == "parties_historicalagreement_components")
    seqs = list(agreement_components.objects.order_by("audit_seq").values_list("audit_seq", flat=True))
    assert seqs
    assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.django_db
def test_an_altered_row_is_named(incident_history):
    victim = incident_history[1]
    raw("UPDATE {table} SET title = %s WHERE history_id = %s", ["Niets aan de hand", victim.history_id])

    status, output = run_verify_audit()

    assert status == 1
    assert f"row {victim.history_id} (chain position 2) does not match its seal" in output
    verification = AuditVerification.objects.latest()
    assert not verification.intact
    assert verification.findings[0] == {
        "table": HISTORICAL_INCIDENT._meta.db_table,
        "kind": "altered",
        "row_id": victim.history_id,
        "detail": f"row {victim.history_id} (chain position 2) does not match its seal: "
        "altered, or inserted with a forged seal",
    }
    # The incident itself no longer matches its (altered) latest history row either.
    assert [(f["table"], f["row_id"]) for f in verification.findings[1:]] == [("incidents_incident", victim.id)]


@pytest.mark.django_db
def test_an_altered_reason_or_actor_is_found(incident_history, demo_user):
    victim = incident_history[0]
    raw(
        "UPDATE {table} SET history_user_id = %s WHERE history_id = %s",
        [demo_user("vws").pk, victim.history_id],
    )

    status, output = run_verify_audit()

    assert status == 1
    assert f"row {victim.history_id} (chain position 1)" in output


@pytest.mark.django_db
def test_a_row_deleted_from_the_middle_is_found(incident_history):
    victim, following = incident_history[1], incident_history[2]
    raw("DELETE FROM {table} WHERE history_id = %s", [victim.history_id])

    status, output = run_verify_audit()

    assert status == 1
    assert f"chain position 2 missing before row {following.history_id}: rows were deleted" in output


@pytest.mark.django_db
def test_a_row_inserted_without_a_seal_is_found(incident_history):
    raw(
        "INSERT INTO {table} ({copied}, audit_hash) SELECT {copied}, '' FROM {table} WHERE history_id = %s",
        [incident_history[0].history_id],
    )
    inserted = HISTORICAL_INCIDENT.objects.order_by("-history_id").first()

    status, output = run_verify_audit()

    assert status == 1
    assert f"row {inserted.history_id} has no seal: written behind the application's back" in output


@pytest.mark.django_db
def test_a_row_inserted_with_a_forged_seal_is_found(incident_history):
    head = incident_history[-1]
    raw(
        "INSERT INTO {table} ({copied}, audit_seq, audit_hash) SELECT {copied}, %s, %s FROM {table} "
        "WHERE history_id = %s",
        [head.audit_seq + 1, "0" * 64, head.history_id],
    )

    status, output = run_verify_audit()

    assert status == 1
    assert f"(chain position {head.audit_seq + 1}) does not match its seal" in output


@pytest.mark.django_db
def test_rows_cut_off_the_end_are_found_against_the_previous_verification(incident_history):
    assert run_verify_audit()[0] == 0
    head = incident_history[-1]
    raw("DELETE FROM {table} WHERE history_id = %s", [head.history_id])

    status, output = run_verify_audit()

    assert status == 1
    assert f"the chain ends at position {head.audit_seq - 1} but reached {head.audit_seq}" in output


@pytest.mark.django_db
def test_rows_cut_off_the_end_stay_found_on_every_later_verification(incident_history):
    assert run_verify_audit()[0] == 0
    head = incident_history[-1]
    raw("DELETE FROM {table} WHERE history_id = %s", [head.history_id])

    for _run in range(3):
        status, output = run_verify_audit()
        assert status == 1
        assert f"the chain ends at position {head.audit_seq - 1} but reached {head.audit_seq}" in output
    assert AuditVerification.objects.latest().heads[TABLE] == {"seq": head.audit_seq, "hash": head.audit_hash}


@pytest.mark.django_db
def test_each_verification_logs_the_heads_it_recorded(incident_history, caplog):
    head = incident_history[-1]

    with caplog.at_level("INFO", logger="regie.security"):
        assert run_verify_audit()[0] == 0

    logged = [
        record.security
        for record in caplog.records
        if getattr(record, "security", {}).get("event") == "audit_verification"
    ]
    assert logged[-1]["heads"][TABLE] == f"{head.audit_seq}:{head.audit_hash}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tampering",
    [
        "UPDATE governance_auditverification SET heads = '{}'",
        "UPDATE governance_auditverification SET intact = TRUE, findings = '[]'",
        "DELETE FROM governance_auditverification WHERE id = (SELECT MIN(id) FROM governance_auditverification)",
    ],
)
def test_editing_the_verification_records_is_found(incident_history, tampering):
    assert run_verify_audit()[0] == 0
    head = incident_history[-1]
    raw("DELETE FROM {table} WHERE history_id = %s", [head.history_id])
    assert run_verify_audit()[0] == 1
    raw(tampering)

    status, output = run_verify_audit()

    assert status == 1
    assert "governance_auditverification" in output
    assert "does not match its seal" in output


@pytest.mark.django_db
def test_a_live_row_changed_in_sql_is_found(incident_history):
    victim = Incident.objects.get(pk=incident_history[-1].id)
    assert run_verify_audit()[0] == 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET status = 'closed' WHERE id = %s", [victim.pk])

    status, output = run_verify_audit()

    assert status == 1
    assert (
        f"row {victim.pk} differs from its latest history row (status): changed behind the application's back" in output
    )


@pytest.mark.django_db
def test_a_different_key_does_not_verify(incident_history):
    """The seal is keyed: rows re-sealed by someone without the key do not pass."""
    settings.AUDIT_CHAIN_KEY = "another key"
    try:
        status, _output = run_verify_audit()
    finally:
        del settings.AUDIT_CHAIN_KEY
    assert status == 1


@pytest.mark.django_db
def test_history_rows_cannot_be_saved_again(incident_history):
    row = incident_history[0]
    row.title = "Anders"
    with pytest.raises(ValueError, match="never changed"):
        row.save()
    assert run_verify_audit()[0] == 0


@pytest.mark.django_db
def test_rows_loaded_without_seals_are_sealed_in_id_order(incident_history):
    """What generate_load and the migration do for rows written in bulk."""
    raw("UPDATE {table} SET audit_seq = NULL, audit_hash = ''")

    sealed = seal_unsealed(HISTORICAL_INCIDENT)

    assert sealed == len(incident_history)
    ordered = list(HISTORICAL_INCIDENT.objects.order_by("history_id").values_list("audit_seq", flat=True))
    assert ordered == list(range(1, len(incident_history) + 1))
    assert run_verify_audit()[0] == 0


@pytest.mark.django_db
def test_dashboard_shows_the_last_verification(incident_history, client, demo_user):
    client.force_login(demo_user("vws"))
    dashboard = reverse("reports:dashboard")

    page = client.get(dashboard).content.decode()
    assert "nog niet gecontroleerd" in page

    verify_audit()
    page = client.get(dashboard).content.decode()
    assert "Audittrail intact" in page
    assert reverse("audit:entry_list") in page

    raw("UPDATE {table} SET title = 'x' WHERE history_id = %s", [incident_history[0].history_id])
    verify_audit()
    page = client.get(dashboard).content.decode()
    assert "Audittrail niet intact" in page
    assert TABLE in page


@pytest.mark.django_db
def test_an_operator_sees_the_outcome_but_no_link_to_the_audit_page(incident_history, client, demo_user):
    verify_audit()
    client.force_login(demo_user("kpn"))

    page = client.get(reverse("reports:dashboard")).content.decode()

    assert "Audittrail intact" in page
    assert reverse("audit:entry_list") not in page


def test_verification_runs_nightly():
    tasks = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    entry = tasks["core.tasks.verify_audit_chain"]
    assert entry["schedule"].hour == {3}


@pytest.mark.django_db
def test_the_nightly_task_records_its_result(incident_history):
    from core.tasks import verify_audit_chain

    assert verify_audit_chain.delay().get() is True
    assert AuditVerification.objects.latest().intact


@pytest.mark.django_db
def test_a_user_who_wrote_history_is_not_deleted_in_the_admin(incident_history, client, demo_user):
    client.force_login(demo_user("beheerder"))
    author = demo_user("ggd")

    page = client.post(reverse("admin:auth_user_delete", args=[author.pk]), {"post": "yes"})

    assert "heeft historie geschreven" in page.content.decode()
    assert type(author).objects.filter(pk=author.pk).exists()
    assert run_verify_audit()[0] == 0


@pytest.mark.django_db
def test_a_user_without_history_can_be_deleted(demo_chain, client, demo_user, django_user_model):
    client.force_login(demo_user("beheerder"))
    newcomer = django_user_model.objects.create_user("nieuw")

    client.post(reverse("admin:auth_user_delete", args=[newcomer.pk]), {"post": "yes", "delete_reason": "Dubbel"})

    assert not django_user_model.objects.filter(pk=newcomer.pk).exists()
    assert newcomer.history.latest().history_change_reason == "Dubbel"


@pytest.mark.django_db
def test_deleting_an_author_in_code_is_refused_too(demo_chain, django_user_model):
    author = django_user_model.objects.create_user("auteur")
    party = Party.objects.get(slug="kpn")
    party.description = "Beschreven door de auteur"
    save_tracked(party, actor=author, reason="Omschrijving")

    with pytest.raises(ProtectedError, match="deactivate the account"):
        author.delete()


def test_every_field_of_a_tracked_record_has_a_translatable_label():
    """The audit page and the history tables name changed fields by their label: no English column names."""
    unlabelled = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in HIDDEN_FIELDS and not isinstance(field.verbose_name, Promise)
    ]
    assert unlabelled == []
