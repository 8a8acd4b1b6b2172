"""The kinds of mail to one person, registered by the app that owns the record they are about.

notifications is the base layer and knows no domain app: each domain app registers its kinds in its
AppConfig.ready(), with the function that composes one message and the template that words it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class MailKind:
    """One kind of mail.

    `compose(notification)` returns the template's context for its recipient — at least `url`, the path
    of the record — or None when there is nothing to send any more (the record is gone, or the
    recipient may no longer see it). `template` extends the mail layout with the blocks `subject` and
    `body`. A `mandatory` kind is mail the process needs: it cannot be switched off or put in a digest.
    `concerns(user)` says whether mail of this kind can reach the user at all (by their roles), so their
    preferences page offers only those; None: anyone.
    """

    code: str
    label: str | Promise
    template: str
    compose: Callable[[Any], dict | None]
    mandatory: bool = False
    concerns: Callable[[Any], bool] | None = None


_KINDS: dict[str, MailKind] = {}


def register(kind: MailKind) -> None:
    _KINDS[kind.code] = kind


def get(code: str) -> MailKind:
    return _KINDS[code]


def all_kinds() -> list[MailKind]:
    return list(_KINDS.values())
