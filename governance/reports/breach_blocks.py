"""The attributed breaches on the weekly report page, each rendered once by its template and then read from the
shared cache.

A stored breach's attribution never changes (a recomputed week stores new ones), and the block shows it whole to
whoever may read it, so its key is a digest of the attribution with the reader's language: nothing has to be
invalidated, stale blocks expire. One cache read per page (`get_many`), one write for the blocks it did not find."""

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

BLOCK_TEMPLATE = "governance/reports/_breach.html"
BLOCK_TIMEOUT = 60 * 60


def rendered_breaches(attributions) -> list[str]:
    """The page's attributed breaches as HTML, from the cache where they are, rendered where not."""
    attributions = list(attributions)
    language = get_language()
    keys = [_block_key(attribution, language) for attribution in attributions]
    found = cache.get_many(keys)
    missing = {key: attribution for key, attribution in zip(keys, attributions, strict=True) if key not in found}
    if missing:
        rendered = {key: render_to_string(BLOCK_TEMPLATE, {"breach": breach}) for key, breach in missing.items()}
        cache.set_many(rendered, BLOCK_TIMEOUT)
        found.update(rendered)
    return [found[key] for key in keys]


def _block_key(attribution: dict, language: str) -> str:
    shown = json.dumps(attribution, sort_keys=True, separators=(",", ":"))
    digest = hashlib.md5(shown.encode(), usedforsecurity=False).hexdigest()
    return f"weekly-breach:{language}:{digest}"
