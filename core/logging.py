"""Security events as one JSON object per line on the "regie.security" logger.

Each line says what happened (event, outcome), who (user id and username, never a password or token), when
(UTC, ISO 8601), from where (the client address) and on which path. Nothing else personal is logged.
"""

import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

security_logger = logging.getLogger("regie.security")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: the `security` dict given as `extra`, or the plain message."""

    def format(self, record: logging.LogRecord) -> str:
        payload = getattr(record, "security", None)
        if payload is None:
            payload = {
                "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            }
        return json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True)


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the address the outermost trusted proxy saw."""
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-proxies] if len(hops) >= proxies else hops[0]
    return request.META.get("REMOTE_ADDR")


def log_security_event(event: str, request=None, *, outcome: str = "success", user=None, username=None, **details):
    """Write one security event. `details` are short, non-personal facts (what was exported, a token id)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    payload = {
        "event": event,
        "outcome": outcome,
        "time": datetime.now(UTC).isoformat(),
        "user_id": user.pk if user is not None else None,
        "username": user.get_username() if user is not None else username,
        "ip": client_ip(request),
        "method": request.method if request is not None else None,
        "path": request.path if request is not None else None,
        **details,
    }
    security_logger.info("%s %s", event, outcome, extra={"security": payload})


@receiver(auth_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_security_event("login", request, user=user)


@receiver(auth_signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` holds the password too (Django masks it, but only the username is logged).
    log_security_event("login_failed", request, outcome="failure", username=credentials.get("username"))


@receiver(auth_signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log_security_event("logout", request, user=user)


def log_lockout(sender, request, username=None, **kwargs):
    """django-axes' `user_locked_out`: a log-in refused because its username and address are locked out."""
    log_security_event("login_throttled", request, outcome="refused", username=username)
