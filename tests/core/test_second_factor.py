"""The second factor: who must have one (with SECOND_FACTOR_REQUIRED on), enrolment with a QR code, recovery codes
shown once, and verification after the password."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.governance import test_security

security_log = test_security.security_log  # the fixture

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "regie-demo"  # the documented seed_demo password


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def later():
    """`later(seconds=…)`: the clock moves on (and stays there) for the rest of the test."""
    traveller = time_machine.travel(timezone.now(), tick=True)
    clock = traveller.start()
    yield lambda **delta: clock.shift(timedelta(**delta))
    traveller.stop()


def log_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def code_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client) -> list[str]:
    """Set up the app through the pages; returns the recovery codes shown."""
    client.get("/accounts/second-factor/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/second-factor/", {"token": code_now(device)})
    assert response.status_code == 200
    return response.context["codes"]


@pytest.mark.parametrize("username", ["beheerder", "po", "architect", "opdrachtgever"])
def test_staff_and_approvers_must_set_up_a_second_factor_before_anything_else(demo_chain, client, required, username):
    log_in(client, username)

    for path in ("/", "/incidents/", "/admin/", "/accounts/tokens/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/second-factor/?next=")
    api = client.get("/api/parties/")
    assert api.status_code == 403
    assert api.json()["code"] == "second_factor_required"


def test_managing_agreements_requires_a_second_factor(demo_user, client, required):
    user = demo_user("kpn")
    user.user_permissions.add(Permission.objects.get(codename="change_agreement"))

    log_in(client, "kpn")

    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username", ["kpn", "ggd", "vws"])
def test_others_may_but_need_not_set_one_up(demo_chain, client, required, username):
    assert log_in(client, username)["Location"] == "/"

    assert client.get("/").status_code == 200
    assert client.get("/accounts/second-factor/").status_code == 200


def test_with_the_setting_off_the_demo_logs_in_with_a_password_only(demo_chain, client):
    log_in(client, "beheerder")

    assert client.get("/admin/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_and_is_confirmed_by_the_apps_first_code(
    demo_chain, client, required, later
):
    log_in(client, "po")
    page = client.get("/accounts/second-factor/?next=/changes/board/")
    content = page.content.decode()
    device = TOTPDevice.objects.get(user__username="po", confirmed=False)

    assert 'src="data:image/svg+xml' in content
    assert page.context["manual_key"].replace(" ", "") in device.config_url
    assert page["Cache-Control"] == "no-store"

    wrong = client.post("/accounts/second-factor/", {"token": "000000" if code_now(device) != "000000" else "111111"})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/").status_code == 302  # still owed

    later(seconds=2)  # django-otp makes the device wait a second after a failure
    confirmed = client.post("/accounts/second-factor/", {"token": code_now(device), "next": "/changes/board/"})
    codes = confirmed.context["codes"]
    assert len(set(codes)) == 10
    assert all(code in confirmed.content.decode() for code in codes)
    assert confirmed["Cache-Control"] == "no-store"
    assert client.get("/changes/board/").status_code == 200
    # Shown once: the page now offers new codes, never the old ones.
    assert not any(code in client.get("/accounts/second-factor/").content.decode() for code in codes)


def test_after_the_password_the_apps_code_is_asked(demo_chain, client):
    """Whoever set up a second factor is asked for it, even where it is optional and the setting is off."""
    log_in(client, "kpn")
    enrol(client)
    client.post("/accounts/logout/")
    device = TOTPDevice.objects.get(user__username="kpn", confirmed=True)

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        log_in(client, "kpn")
        response = client.get("/incidents/")
        assert response["Location"] == "/accounts/second-factor/verify/?next=/incidents/"

        refused = client.post("/accounts/second-factor/verify/", {"token": "12345", "next": "/incidents/"})
        assert "Deze code klopt niet" in refused.content.decode()
        assert client.get("/incidents/").status_code == 302

        # django-otp makes the device wait after a failure; a second later the right code passes.
    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=5), tick=False):
        verified = client.post("/accounts/second-factor/verify/", {"token": code_now(device), "next": "/incidents/"})
        assert verified["Location"] == "/incidents/"
        assert client.get("/incidents/").status_code == 200


def test_set_up_verification_failures_and_new_recovery_codes_are_in_the_security_log(
    demo_chain, client, security_log, later
):
    log_in(client, "kpn")
    enrol(client)
    client.post("/accounts/second-factor/")  # new recovery codes
    client.post("/accounts/logout/")
    log_in(client, "kpn")
    client.post("/accounts/second-factor/verify/", {"token": "12345"})
    later(minutes=1)  # past django-otp's wait after a failure, and a code the app has not shown before
    client.post("/accounts/second-factor/verify/", {"token": code_now(TOTPDevice.objects.get(confirmed=True))})

    events = [(line["event"], line["outcome"], line["username"]) for line in security_log()]
    expected = [
        ("second_factor_enrolled", "success", "kpn"),
        ("recovery_codes_replaced", "success", "kpn"),
        ("second_factor_failed", "failure", "kpn"),
        ("second_factor_verified", "success", "kpn"),
    ]
    assert [event for event in events if event[0] in {name for name, *_rest in expected}] == expected


def test_a_recovery_code_works_once(demo_chain, client):
    log_in(client, "kpn")
    codes = enrol(client)
    client.post("/accounts/logout/")

    log_in(client, "kpn")
    assert client.post("/accounts/second-factor/verify/", {"token": codes[0].upper()})["Location"] == "/"
    client.post("/accounts/logout/")

    log_in(client, "kpn")
    again = client.post("/accounts/second-factor/verify/", {"token": codes[0]})
    assert again.status_code == 200
    assert client.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(demo_chain, client, later):
    log_in(client, "kpn")
    old = enrol(client)

    new = client.post("/accounts/second-factor/").context["codes"]
    client.post("/accounts/logout/")
    log_in(client, "kpn")

    assert set(old).isdisjoint(new)
    assert client.post("/accounts/second-factor/verify/", {"token": old[0]}).status_code == 200
    later(seconds=2)
    assert client.post("/accounts/second-factor/verify/", {"token": new[0]}).status_code == 302


def test_the_next_page_stays_on_this_site(demo_chain, client):
    log_in(client, "kpn")
    codes = enrol(client)
    client.post("/accounts/logout/")
    log_in(client, "kpn")

    response = client.post("/accounts/second-factor/verify/", {"token": codes[0], "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_the_admin_lists_and_removes_a_device_but_never_shows_its_key(demo_user, client):
    client.force_login(demo_user("kpn"))
    enrol(client)
    device = TOTPDevice.objects.get(user__username="kpn")
    client.force_login(demo_user("beheerder"))

    listing = client.get("/admin/otp_totp/totpdevice/")
    change = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert listing.status_code == change.status_code == 200
    assert device.key not in listing.content.decode() + change.content.decode()
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code != 200
    client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.parametrize(
    ("settings_module", "expected"), [("regie.settings.production", "True"), ("regie.settings.local", "False")]
)
def test_production_requires_the_second_factor_and_the_demo_does_not(settings_module, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "SECRET_KEY": "x" * 50}
    env.pop("SECOND_FACTOR_REQUIRED", None)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECOND_FACTOR_REQUIRED)"

    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
