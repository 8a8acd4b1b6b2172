"""The body of each card on the triage board, rendered once by its template and then read from the shared cache.

A body's key holds everything it shows that can change: the change's version (every transition raises it), its
title, type, status, risk, decisions, collisions and freeze periods as counted for this page, its components' and its
requesting party's names, whether the reader may rank (the bulk selection), with the reader's language and time
zone. A changed change, a new decision, a new collision or a renamed party therefore never finds its old body,
whichever process cached it, and nothing has to be invalidated (core.rendered). The card's position and move
buttons (with the request's CSRF token) are rendered on every request."""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core.rendered import rendered_once

BODY_TEMPLATE = "changes/_board_card_body.html"
BODY_TIMEOUT = 60 * 60


def rendered_card_bodies(changes, can_rank: bool) -> list[str]:
    """The cards' bodies as HTML, from the cache where they are, rendered where not (`changes` as
    `selectors.board` flags them)."""
    reader = f"{get_language()}:{timezone.get_current_timezone_name()}:{int(can_rank)}"
    return rendered_once(
        changes,
        lambda change: _body_key(change, reader),
        lambda missing: [
            render_to_string(BODY_TEMPLATE, {"change": change, "can_rank": can_rank}) for change in missing
        ],
        BODY_TIMEOUT,
    )


def _body_key(change, reader: str) -> str:
    shown = (
        change.version,
        change.title,
        change.change_type,
        change.status,
        change.risk,
        change.decision_count,
        len(change.collisions),
        bool(change.blackouts),
        change.window_start.timestamp(),
        change.window_end.timestamp(),
        [component.name for component in change.components.all()],
        change.requesting_party.name,
    )
    digest = hashlib.md5("\x1f".join(map(str, shown)).encode(), usedforsecurity=False).hexdigest()
    return f"board-card:{change.pk}:{reader}:{digest}"
