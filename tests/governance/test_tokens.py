"""API tokens: shown once, hashed at rest, expire, can be revoked, can be read-only, and every write made with
one is attributable to the token's user in the history and to the token in the security log."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ApiToken
from core.tokens import token_create, token_revoke
from incidents.models import Incident
from tests.governance import test_security

security_log = test_security.security_log  # the fixture
INCIDENT = {"title": "Code genereren duurt minuten", "component": "ggd-portaal", "impact": "high", "urgency": "medium"}


def token_client(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_the_token_page_shows_the_secret_once_and_stores_only_its_hash(demo_user, client):
    client.force_login(demo_user("ggd"))

    response = client.post("/accounts/tokens/", {"name": "Monitoring", "read_only": "on"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert len(secret) >= 40
    assert secret.startswith(token.prefix)
    assert secret in response.content.decode()
    assert (token.user.username, token.name, token.read_only) == ("ggd", "Monitoring", True)
    assert token.expires_at - token.created_at == timedelta(days=90)
    # Not in the database in any form but its hash, and never shown again.
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in stored.values())
    assert all(secret not in str(value) for value in token.history.values().get().values())
    listing = client.get("/accounts/tokens/").content.decode()
    assert token.prefix in listing
    assert secret not in listing
    assert token_client(secret).get("/api/incidents/").status_code == 200


def test_creation_and_revocation_are_in_the_history(demo_user, client):
    user = demo_user("ggd")
    client.force_login(user)
    token, _secret = token_create(actor=user, name="Koppeling")

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    rows = list(token.history.order_by("history_id").values_list("history_type", "history_user__username"))
    assert rows == [("+", "ggd"), ("~", "ggd")]
    assert ApiToken.objects.get().revoked_at is not None


def test_creating_and_revoking_a_token_on_the_page_is_in_the_security_log(demo_user, client, security_log):
    client.force_login(demo_user("ggd"))
    client.post("/accounts/tokens/", {"name": "Monitoring"})
    token = ApiToken.objects.get()
    client.post(f"/accounts/tokens/{token.pk}/revoke/")

    events = [(line["event"], line["token_id"], line["username"]) for line in security_log() if "token_id" in line]
    assert events == [("api_token_created", token.pk, "ggd"), ("api_token_revoked", token.pk, "ggd")]


def test_nobody_revokes_someone_elses_token_on_the_page(demo_user, client):
    token, _secret = token_create(actor=demo_user("ggd"), name="Koppeling")
    client.force_login(demo_user("kpn"))

    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert "Koppeling" not in client.get("/accounts/tokens/").content.decode()
    assert ApiToken.objects.get().revoked_at is None


def test_an_administrator_revokes_any_token_in_the_admin(demo_user, client, django_user_model):
    token, secret = token_create(actor=demo_user("ggd"), name="Koppeling")
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)

    assert "Koppeling" in client.get("/admin/core/apitoken/").content.decode()
    client.post("/admin/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.latest("history_id").history_user == admin
    assert token_client(secret).get("/api/incidents/").status_code == 401


def test_revoked_and_expired_tokens_answer_401_saying_why(demo_user):
    user = demo_user("ggd")
    revoked, revoked_secret = token_create(actor=user, name="Oud")
    token_revoke(actor=user, token=revoked)
    _expired, expired_secret = token_create(actor=user, name="Verlopen", expires_at=timezone.now() - timedelta(1))

    for secret, message in ((revoked_secret, "ingetrokken"), (expired_secret, "verlopen"), ("nonsense", "Ongeldige")):
        response = token_client(secret).get("/api/incidents/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert message in response.json()["detail"]


def test_a_read_only_token_reads_but_may_not_write(demo_user):
    _token, secret = token_create(actor=demo_user("ggd"), name="Alleen lezen", read_only=True)
    client = token_client(secret)

    assert client.get("/api/incidents/").status_code == 200
    response = client.post("/api/incidents/", INCIDENT, format="json")

    assert response.status_code == 403
    assert "alleen lezen" in response.json()["detail"]
    assert not Incident.objects.exists()


def test_a_write_with_a_token_names_its_user_in_history_and_the_token_in_the_log(demo_user, security_log):
    token, secret = token_create(actor=demo_user("ggd"), name="Koppeling")

    response = token_client(secret).post("/api/incidents/", INCIDENT, format="json")

    assert response.status_code == 201
    incident = Incident.objects.get()
    assert {row.history_user.username for row in incident.history.all()} == {"ggd"}
    assert {row.history_api_token_id for row in incident.history.all()} == {token.pk}
    writes = [line for line in security_log() if line["event"] == "api_token_write"]
    assert len(writes) == 1
    assert (writes[0]["token_id"], writes[0]["username"], writes[0]["outcome"]) == (token.pk, "ggd", "success")
    assert secret not in str(writes[0])
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_writes_on_the_pages_name_no_token(demo_user, client):
    token_create(actor=demo_user("ggd"), name="Koppeling")
    client.force_login(demo_user("ggd"))

    client.post("/api/incidents/", INCIDENT, content_type="application/json")

    assert {row.history_api_token_id for row in Incident.objects.get().history.all()} == {None}


def test_reading_with_a_token_writes_no_row_but_a_log_line_and_the_last_use_once_a_minute(demo_user, security_log, at):
    token, secret = token_create(actor=demo_user("kpn"), name="Monitoring")
    client = token_client(secret)
    history_rows = token.history.count()

    with at(2026, 3, 6, 10, 0):
        assert client.get("/api/incidents/").status_code == 200
    with at(2026, 3, 6, 10, 0, 40), CaptureQueriesContext(connection) as queries:
        assert client.get("/api/incidents/").status_code == 200
    assert not [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    token.refresh_from_db()
    assert token.last_used_at.isoformat() == "2026-03-06T09:00:00+00:00"  # 10:00 in Amsterdam

    with at(2026, 3, 6, 10, 1, 30):
        assert client.get("/api/incidents/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at.isoformat() == "2026-03-06T09:01:30+00:00"
    uses = [line for line in security_log() if line["event"] == "api_token_use"]
    assert [(line["token_id"], line["username"], line["path"]) for line in uses] == [
        (token.pk, "kpn", "/api/incidents/")
    ] * 3
    assert token.history.count() == history_rows  # the last use is bookkeeping, not history
