"""HTML a page repeats many times (list rows, board cards, report blocks), rendered once and then read from the
shared cache.

The caller keys each item by everything its HTML shows that can change, with the reader's language (and time zone
where it shows times): a changed record never finds its old HTML, whichever process cached it, so nothing has to be
invalidated and stale HTML expires. One cache read per page (`get_many`), one write for what it did not find."""

from collections.abc import Callable, Iterable

from django.core.cache import cache


def rendered_once(items: Iterable, key_of: Callable, render: Callable[[list], list[str]], timeout: int) -> list[str]:
    """Each item's HTML, in order: from the cache under `key_of(item)` where it is, else from `render`, which is
    given the items not found together and returns their HTML in the same order."""
    items = list(items)
    keys = [key_of(item) for item in items]
    found = cache.get_many(keys)
    missing = [(key, item) for key, item in zip(keys, items, strict=True) if key not in found]
    if missing:
        html = render([item for _key, item in missing])
        rendered = {key: text for (key, _item), text in zip(missing, html, strict=True)}
        cache.set_many(rendered, timeout)
        found.update(rendered)
    return [found[key] for key in keys]
