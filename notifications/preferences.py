"""A user's mail settings: the language of their mail and, per kind, at once, daily digest or not at all."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import save_tracked

from . import kinds
from .models import Delivery, MailPreference, MailSettings


@dataclass(frozen=True)
class Choice:
    kind: kinds.MailKind
    delivery: str

    @property
    def fixed(self) -> bool:
        return self.kind.mandatory


def choices_of(user) -> list[Choice]:
    """Every kind that can reach the user, with their choice (at once when never chosen; always at once when
    fixed)."""
    chosen = dict(MailPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        Choice(kind, Delivery.IMMEDIATELY if kind.mandatory else chosen.get(kind.code, Delivery.IMMEDIATELY))
        for kind in kinds.all_kinds()
        if kind.concerns is None or kind.concerns(user)
    ]


def language_of(user) -> str:
    return MailSettings.objects.filter(user=user).values_list("language", flat=True).first() or settings.LANGUAGE_CODE


@transaction.atomic
def mail_preferences_save(*, actor, language: str, deliveries: dict[str, str]) -> int:
    """Store the user's own choices; fixed kinds are not theirs to change. Returns how many changed."""
    reason = _("Mailvoorkeuren gewijzigd")
    changed = 0
    mail_settings = MailSettings.objects.select_for_update().filter(user=actor).first()
    if mail_settings is None and language != settings.LANGUAGE_CODE:
        mail_settings = MailSettings(user=actor)
    if mail_settings is not None and mail_settings.language != language:
        mail_settings.language = language
        save_tracked(mail_settings, actor=actor, reason=reason)
        changed += 1
    current = {row.kind: row for row in MailPreference.objects.select_for_update().filter(user=actor)}
    for kind in kinds.all_kinds():
        delivery = deliveries.get(kind.code)
        if kind.mandatory or delivery is None:
            continue
        row = current.get(kind.code)
        if row is None and delivery == Delivery.IMMEDIATELY:
            continue
        row = row or MailPreference(user=actor, kind=kind.code)
        if row.pk is not None and row.delivery == delivery:
            continue
        row.delivery = delivery
        save_tracked(row, actor=actor, reason=reason)
        changed += 1
    return changed


def history_of(user, limit: int = 30) -> list:
    """The user's changes to their mail settings, newest first."""
    labels = {kind.code: kind.label for kind in kinds.all_kinds()}
    rows = [
        {"at": row.history_date, "what": labels.get(row.kind, row.kind), "value": row.get_delivery_display()}
        for row in MailPreference.history.filter(user=user).order_by("-history_date")[:limit]
    ]
    rows += [
        {"at": row.history_date, "what": _("Taal van de mail"), "value": row.get_language_display()}
        for row in MailSettings.history.filter(user=user).order_by("-history_date")[:limit]
    ]
    return sorted(rows, key=lambda row: row["at"], reverse=True)[:limit]
