"""generate_load seals every history row it copies in: the chains verify after a load and after a load
appended to it, the seals are the ones `seal_unsealed` would give, and the COPY text is read back as
PostgreSQL gives the row back, for every column type of every history table."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from bench.loadgen.history import SealedTable
from core.auditchain.canon import SEAL_FIELDS
from core.auditchain.seal import chained_models, seal_unsealed
from core.auditchain.verify import verify_audit
from incidents import services as incident_services
from parties.models import Component

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_load needs PostgreSQL"),
]


WRITTEN_BY_THE_LOADER = {
    "incidents_historicalincident",
    "incidents_historicalincidentupdate",
    "incidents_historicalassignment",
    "incidents_historicalholdperiod",
    "incidents_historicalslaclock",
    "incidents_historicalslaevent",
    "changes_historicalchangerequest",
    "changes_historicalchangerequest_components",
    "changes_historicalapproval",
    "changes_historicalriskassessment",
}


def _counts() -> dict:
    return {model: model._base_manager.count() for model in chained_models()}


def _load(**options) -> list:
    """Run generate_load; the history models it wrote rows to."""
    before = _counts()
    call_command("generate_load", seed=5, years=1, stdout=io.StringIO(), **options)
    return [model for model, count in _counts().items() if count > before[model]]


def _chain(model) -> list[tuple]:
    """(id, audit_seq, audit_hash) of every row, in id order."""
    pk = model._meta.pk.attname
    return list(model._base_manager.order_by(pk).values_list(pk, *SEAL_FIELDS))


@pytest.mark.django_db
def test_a_load_and_an_appended_load_are_sealed_into_the_chains(demo_chain):
    for options in ({"incidents": 300, "changes": 60}, {"incidents": 200, "changes": 40, "append": True}):
        loaded = _load(**options)

        assert WRITTEN_BY_THE_LOADER <= {model._meta.db_table for model in loaded}
        verification = verify_audit()
        assert verification.intact, verification.findings
        for model in chained_models():
            assert not model._base_manager.filter(audit_seq__isnull=True).exists(), model
        for model in loaded:
            positions = [seq for _id, seq, _seal in _chain(model)]
            assert positions == list(range(1, len(positions) + 1)), model  # the chain's order is the ids' order


@pytest.mark.django_db
def test_the_seals_are_those_seal_unsealed_computes(demo_chain):
    _load(incidents=300, changes=60)
    loaded = _load(incidents=200, changes=40, append=True)

    for model in loaded:
        sealed_inline = _chain(model)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE \"{model._meta.db_table}\" SET audit_seq = NULL, audit_hash = ''")  # noqa: S608
        seal_unsealed(model)
        assert _chain(model) == sealed_inline, model


@pytest.mark.django_db
def test_copy_text_is_read_as_postgresql_gives_it_back(demo_user):
    """Each history row written so far (by the application: microseconds, dates, decimals, JSON, escapes in
    text; and by the loader), copied out as text and sealed again the loader's way, gets its seal."""
    incident_services.incident_file(
        actor=demo_user("ggd"),
        title="Back\\slash, tab\t, newline\n, return\r",
        component=Component.objects.get(slug="hsm"),
        impact="medium",
        urgency="medium",
    )
    _load(incidents=50, changes=20, append=True)

    checked = set()
    for model in chained_models():
        columns = [f.column for f in model._meta.concrete_fields if f.attname not in SEAL_FIELDS]
        table = SealedTable(model, columns, pk=model._meta.pk.column)
        listed = ", ".join(f'"{column}"' for column in columns)
        query = f'COPY (SELECT {listed} FROM "{table.table}" ORDER BY audit_seq) TO STDOUT'  # noqa: S608
        with connection.cursor() as cursor, cursor.copy(query) as copy:
            text = b"".join(bytes(data) for data in copy).decode()
        for line in text.splitlines():
            table.add(line.split("\t"))
        resealed = [line.split("\t")[-2:] for line in table.take()]
        assert resealed == [[str(seq), seal] for _id, seq, seal in sorted(_chain(model), key=lambda row: row[1])]
        if resealed:
            checked |= {type(f).__name__ for f in table.canon.fields}
    assert {"DateTimeField", "DateField", "DecimalField", "JSONField", "BooleanField", "TextField"} <= checked
