"""Security hardening a user or an operator would notice: security events as JSON lines, log-in throttling (portal
and admin),
session cookies and the Content-Security-Policy header."""

import json
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from core.logging import JsonFormatter

PASSWORD = "regie-demo"  # the documented seed_demo password
EXPECTED_KEYS = {"event", "outcome", "time", "user_id", "username", "ip", "method", "path"}


@pytest.fixture
def security_log():
    """`security_log()`: the security events written so far, each parsed from its JSON line."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("regie.security")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in lines]
    finally:
        logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


# --- security events ----------------------------------------------------------------------------------------


def test_log_ins_failures_and_log_outs_are_json_lines_without_the_password(demo_user, client, security_log):
    user = demo_user("kpn")
    log_in(client, "kpn", "wrong-password-123")
    log_in(client, "kpn")
    client.post("/accounts/logout/")

    events = security_log()
    assert [(e["event"], e["outcome"]) for e in events] == [
        ("login_failed", "failure"),
        ("login", "success"),
        ("logout", "success"),
    ]
    for event in events:
        assert EXPECTED_KEYS <= set(event)
        assert event["username"] == "kpn"
        assert event["ip"] == "127.0.0.1"
        assert event["time"].endswith("+00:00")
        assert "wrong-password-123" not in json.dumps(event)
        assert PASSWORD not in json.dumps(event)
    assert events[0]["user_id"] is None
    assert events[1]["user_id"] == events[2]["user_id"] == user.pk
    assert events[0]["path"] == "/accounts/login/"


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(demo_chain, client, security_log, settings):
    log_in(client, "kpn", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 1
    log_in(client, "kpn", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")

    assert [event["ip"] for event in security_log()] == ["127.0.0.1", "203.0.113.9"]


def test_permission_denials_in_pages_and_api_are_logged(demo_user, client, security_log):
    client.force_login(demo_user("vws"))
    page = client.get("/incidents/new/")
    body = {"title": "Storing", "component": "ggd-portaal", "impact": "high", "urgency": "medium"}
    api = client.post("/api/incidents/", body, content_type="application/json")

    assert (page.status_code, api.status_code) == (403, 403)
    denials = [e for e in security_log() if e["event"] == "permission_denied"]
    assert [(e["username"], e["method"], e["path"], e["outcome"]) for e in denials] == [
        ("vws", "GET", "/incidents/new/", "denied"),
        ("vws", "POST", "/api/incidents/", "denied"),
    ]


def test_exports_are_logged(demo_user, client, security_log):
    client.force_login(demo_user("vws"))
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")

    for export in ("csv", "json"):
        assert client.get(f"/reports/monthly/{month}/", {"format": export}).status_code == 200

    exports = [e for e in security_log() if e["event"] == "export"]
    assert [e["what"] for e in exports] == [f"monthly-summary {month} csv", f"monthly-summary {month} json"]
    assert {e["username"] for e in exports} == {"vws"}


# --- log-in throttling --------------------------------------------------------------------------------------


LOCKED = "Te veel mislukte inlogpogingen"


def test_five_failures_lock_that_username_from_that_address_for_fifteen_minutes(demo_chain, client, security_log):
    for _attempt in range(4):
        response = log_in(client, "kpn", "wrong")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    assert log_in(client, "kpn", "wrong").status_code == 429  # the fifth failure locks

    # Now even the right password is refused, in any spelling of the name, with a page saying why.
    response = log_in(client, "KPN")
    assert response.status_code == 429
    assert "15 minuten" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert ("login_throttled", "refused", "kpn") in [(e["event"], e["outcome"], e["username"]) for e in security_log()]

    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert log_in(client, "kpn").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert log_in(client, "kpn").status_code == 302


def test_the_lock_out_page_speaks_english_after_the_language_switch(demo_chain, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(5):
        log_in(client, "kpn", "wrong")

    response = log_in(client, "kpn")
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60


def test_a_locked_username_still_logs_in_from_another_address(demo_chain, client):
    for _attempt in range(5):
        log_in(client, "kpn", "wrong")

    assert log_in(client, "kpn").status_code == 429
    assert log_in(client, "kpn", REMOTE_ADDR="192.0.2.7").status_code == 302


def test_failures_for_other_names_behind_one_address_do_not_lock_out_a_colleague(demo_chain, client):
    for username in ("a", "b", "c", "d", "e", "f"):
        log_in(client, username, "wrong")

    assert log_in(client, "kpn").status_code == 302


def test_a_successful_log_in_resets_the_count(demo_chain, client):
    for _attempt in range(4):
        log_in(client, "kpn", "wrong")
    assert log_in(client, "kpn").status_code == 302
    client.post("/accounts/logout/")

    for _attempt in range(4):
        assert log_in(client, "kpn", "wrong").status_code == 200
    assert log_in(client, "kpn").status_code == 302


def test_the_admin_log_in_is_throttled_too(demo_chain, client):
    admin_login = "/admin/login/?next=/admin/"
    for _attempt in range(4):
        response = client.post(admin_login, {"username": "beheerder", "password": "wrong"})
        assert response.status_code == 200
    assert client.post(admin_login, {"username": "beheerder", "password": "wrong"}).status_code == 429

    response = client.post(admin_login, {"username": "beheerder", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_counts_the_forwarded_address_only_behind_a_trusted_proxy(demo_chain, client, settings):
    # Without a trusted proxy, a forged X-Forwarded-For changes nothing: all five count for 127.0.0.1.
    for number in range(5):
        log_in(client, "kpn", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert log_in(client, "kpn", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429

    # Behind one proxy, the address that proxy saw counts: another client of the same proxy is not locked out.
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        log_in(client, "justid", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert log_in(client, "justid", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert log_in(client, "justid", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302


# --- sessions, cookies, headers -----------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_and_ends_with_the_browser(demo_chain, client, settings):
    response = log_in(client, "kpn")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_html_pages_carry_a_strict_content_security_policy(demo_user, client):
    client.force_login(demo_user("po"))

    policy = client.get("/").headers["Content-Security-Policy"]

    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "Content-Security-Policy" not in client.get("/api/incidents/").headers
