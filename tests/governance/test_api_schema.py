"""Schemathesis against the portal's own OpenAPI schema, as an authenticated operator.

The schema is drf-spectacular's, generated from the code (what /api/schema/ serves). Every
operation in it gets generated requests, valid and invalid ones, a bounded number per operation,
sent in-process through the WSGI application as the demo operator `cibg` (CIBG, the regie party,
which sees the whole chain) with a logged-in session and a CSRF token. Two checks: no server error,
and every documented response conforms to the schema.

Path parameters name real records half of the time (the objects of the permission matrix), so the
actions run against an incident and a change that exist; the other half stay as generated, to probe
unknown and malformed ids.

Schemathesis' own pytest integration (`schemathesis.pytest.from_fixture`) does not run under pytest 9
(it sets `Node._nodeid`), so each operation is a parametrized test driving the operation's Hypothesis
strategy directly.
"""

import json
import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from regie.wsgi import application
from tests.governance.test_permission_matrix import World, build_world

CHECKS = [not_a_server_error, response_schema_conformance]
MAX_EXAMPLES = 10  # per operation and generation mode: the whole run stays under a minute of one worker
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def load_schema():
    spec = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    schema = schemathesis.openapi.from_dict(spec)
    schema.app = application  # calls go through the WSGI application in-process (as `from_wsgi` sets it up)
    return schema


SCHEMA = load_schema()
OPERATIONS = sorted(result.ok().label for result in SCHEMA.get_all_operations())


@pytest.fixture(scope="module")
def world(demo_chain_snapshot, django_db_blocker):
    """The permission matrix's objects, built once, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(demo_chain_snapshot)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def session(world, django_db_blocker) -> dict:
    """Cookies of a logged-in session of the operator `cibg`, with a CSRF token for the unsafe methods; made once in
    the module's transaction (each test's writes are rolled back after it)."""
    client = Client()
    with django_db_blocker.unblock():
        client.force_login(world.users["cibg"])
    csrf = _get_new_csrf_string()
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}


@pytest.fixture
def in_test_transaction():
    """Requests share the test's connection and transaction: as Django's test client does, keep the
    request signals from closing that connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def real_path_parameters(path: str, world: World) -> dict:
    """Path parameters naming records that exist, by the collection the path is under."""
    records = {
        "/api/parties/": world.party.pk,
        "/api/components/": world.component.pk,
        "/api/role-assignments/": world.role_assignment.pk,
        "/api/agreements/": world.agreement.pk,
        "/api/calendars/": world.calendar.pk,
        "/api/changes/": world.change.pk,
        "/api/change-templates/": world.template.pk,
        "/api/blackout-windows/": world.blackout.pk,
    }
    real = {"reference": world.incident.reference, "label": world.report.label, "link_pk": world.link.pk}
    for prefix, pk in records.items():
        if path.startswith(prefix):
            real["pk"] = real["id"] = pk
    return real


def real_body_values(world: World) -> dict:
    """Body fields naming records by slug or reference, set to ones that exist in half of the cases, so
    generated requests get past the lookups into the services."""
    return {
        "component": world.component.slug,
        "components": [world.component.slug],
        "party": "kpn",
        "waiting_for_party": "kpn",
        "requesting_party": "cibg",
        "incident": world.other_incident.reference,
        "duplicate_of": world.other_incident.reference,
    }


def test_every_operation_is_covered():
    assert len(OPERATIONS) > 40
    assert "POST /api/incidents/{reference}/acknowledge/" in OPERATIONS


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_conforms_to_its_schema(label, world, session, db, in_test_transaction):
    operation = SCHEMA.find_operation_by_label(label)
    real = real_path_parameters(operation.path, world)
    real_body = real_body_values(world)

    def call(case):
        coin = zlib.crc32(repr(case).encode()) % 4  # deterministic: the same case always takes the same turn
        if case.path_parameters and coin < 2:
            case.path_parameters = {name: real.get(name, value) for name, value in case.path_parameters.items()}
        if isinstance(case.body, dict) and coin % 2 == 0:
            case.body = {name: real_body.get(name, value) for name, value in case.body.items()}
        response = case.call_and_validate(headers={"X-CSRFToken": session["csrftoken"]}, cookies=session, checks=CHECKS)
        # The session must hold: an authentication or CSRF refusal would hide every real answer.
        assert response.status_code != 401, "the operator's session was not accepted"
        assert not (response.status_code == 403 and b"CSRF" in response.content), response.content

    for mode in MODES:
        run = settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(case=operation.as_strategy(generation_mode=mode))(call))
        try:
            run()
        except Unsatisfiable:
            # An operation whose every input is a free string has nothing a negative case could violate.
            if mode is not GenerationMode.NEGATIVE:
                raise
