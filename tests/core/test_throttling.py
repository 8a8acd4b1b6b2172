"""API throttling per user from the settings, and the start-up check on the trusted proxies."""

import pytest
from django.core.cache import cache

from core.checks import client_address_from_trusted_proxies_only


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_api_refuses_a_user_beyond_the_rate_in_the_settings(demo_user, client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": None}}
    client.force_login(demo_user("kpn"))

    statuses = [client.get("/api/parties/").status_code for _request in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/parties/")
    assert int(refused["Retry-After"]) > 0
    # Another user has a count of their own.
    client.force_login(demo_user("dictu"))
    assert client.get("/api/parties/").status_code == 200


@pytest.mark.parametrize("count", [-1, 6, "2", True])
def test_the_start_up_check_refuses_an_impossible_proxy_count(settings, count):
    settings.TRUSTED_PROXY_COUNT = count

    assert [error.id for error in client_address_from_trusted_proxies_only(None)] == ["core.E002"]


def test_the_start_up_check_refuses_throttling_that_reads_the_address_another_way(settings):
    settings.AXES_CLIENT_IP_CALLABLE = None  # axes would fall back to its own reading of the headers

    assert [error.id for error in client_address_from_trusted_proxies_only(None)] == ["core.E003"]


def test_the_settings_pass_the_start_up_check():
    assert client_address_from_trusted_proxies_only(None) == []
