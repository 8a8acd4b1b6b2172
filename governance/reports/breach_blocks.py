"""The attributed breaches on the weekly report page, each rendered once by its template and then read from the
shared cache.

A stored breach's attribution never changes (a recomputed week stores new ones), and the block shows it whole to
whoever may read it, so its key is a digest of the attribution with the reader's language: nothing has to be
invalidated (core.rendered)."""

import hashlib
import json

from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.rendered import rendered_once

BLOCK_TEMPLATE = "governance/reports/_breach.html"
BLOCK_TIMEOUT = 60 * 60


def rendered_breaches(attributions) -> list[str]:
    """The page's attributed breaches as HTML, from the cache where they are, rendered where not."""
    language = get_language()
    return rendered_once(
        attributions,
        lambda attribution: _block_key(attribution, language),
        lambda missing: [render_to_string(BLOCK_TEMPLATE, {"breach": breach}) for breach in missing],
        BLOCK_TIMEOUT,
    )


def _block_key(attribution: dict, language: str) -> str:
    shown = json.dumps(attribution, sort_keys=True, separators=(",", ":"))
    digest = hashlib.md5(shown.encode(), usedforsecurity=False).hexdigest()
    return f"weekly-breach:{language}:{digest}"
