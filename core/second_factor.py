"""A second factor after the password: a TOTP app (django-otp), with single-use recovery codes.

Who must have one: staff, and whoever the domain apps say (they register a rule in their AppConfig.ready(), so the
base never imports them: `parties` for agreement managers and administrators, `changes` for those who approve
changes). The rule is enforced only with SECOND_FACTOR_REQUIRED on; anyone who has set up a second factor is asked
for it after every log-in, whatever the setting.

Whether a session still owes its second factor is decided once, at log-in, and kept in the session
(PENDING_SESSION_KEY), so a request of a signed-in user costs no query for it.
"""

from base64 import b32encode
from collections.abc import Callable
from typing import Literal

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_SESSION_KEY = "second_factor_pending"
RECOVERY_CODE_COUNT = 10
# The TOTP app's code has this many digits; anything else typed at verification is taken as a recovery code.
TOTP_DIGITS = 6

Pending = Literal["verify", "enrol"]
_requirements: list[Callable[[object], bool]] = []


def register_requirement(rule: Callable[[object], bool]) -> Callable[[object], bool]:
    """Add a rule `rule(user) -> bool`: true means this user must have a second factor."""
    if rule not in _requirements:
        _requirements.append(rule)
    return rule


def must_have_second_factor(user) -> bool:
    """Staff, and everyone a registered rule names; independent of SECOND_FACTOR_REQUIRED."""
    return user.is_staff or any(rule(user) for rule in _requirements)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_after_log_in(user) -> Pending | None:
    """What a fresh session owes: "verify" its second factor, "enrol" one first, or nothing."""
    if has_second_factor(user):
        return "verify"
    if settings.SECOND_FACTOR_REQUIRED and must_have_second_factor(user):
        return "enrol"
    return None


def mark_pending(sender, request, user, **kwargs) -> None:
    """`user_logged_in` (any way in: password, admin, single sign-on): note what the new session still owes."""
    if request is None:
        return
    pending = pending_after_log_in(user)
    if pending:
        request.session[PENDING_SESSION_KEY] = pending


def pending(request) -> Pending | None:
    return request.session.get(PENDING_SESSION_KEY) if hasattr(request, "session") else None


def complete(request, device) -> None:
    """The session has shown its second factor."""
    django_otp.login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)


# --- enrolment, recovery codes, verification ------------------------------------------------------------------


def totp_device_for_enrolment(*, user) -> TOTPDevice:
    """The user's not yet confirmed TOTP device (its key is what the QR code shows), made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The key to type in when the QR code cannot be scanned: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, drawn here (no external service), as a data: URI so the
    page needs neither inline markup styles nor a request of its own."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def totp_device_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app's first code; on success the user's only TOTP device, with fresh recovery codes (returned,
    to show once). None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _number in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(*, user, token: str):
    """The device that accepts `token` (the app's code, or a recovery code, which is used up), or None.

    django-otp slows down repeated failures per device (each failure doubles the wait)."""
    token = token.strip().replace(" ", "").lower()
    kind = TOTPDevice if len(token) == TOTP_DIGITS and token.isdigit() else StaticDevice
    device = kind.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return django_otp.verify_token(user, device.persistent_id, token)
