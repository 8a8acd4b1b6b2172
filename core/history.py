"""History is a base feature of every governance model (django-simple-history).

Every write goes through `save_tracked` / `delete_tracked` so each history row names the acting
user and carries a reason. Inside a request the middleware supplies the user when a service is
not given one; outside a request (tasks, commands) the caller passes the actor explicitly.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import models
from django.utils import timezone
from simple_history import register
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from .auditchain.seal import AuditChained, chained_models

_recorded_at: ContextVar[datetime | None] = ContextVar("history_recorded_at", default=None)
_trackers: dict[type[models.Model], HistoricalRecords] = {}


class _HistoryManager(HistoryManager):
    """django-simple-history builds the class of `Model.history`'s manager again on every access (0.1 ms, several
    times in every write); it is built once here."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class _TrackedHistory(HistoricalRecords):
    """HistoricalRecords that can be found again from its model, to write one row by hand (see save_tracked)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, history_manager=_HistoryManager, **kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            _trackers[sender] = self


class _AccountHistory(_TrackedHistory):
    """History of user accounts: no row for a log-in (which only sets last_login), never the password hash, and
    setting a password is recorded by name."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return
        # AbstractBaseUser.save() holds the new raw password in `_password` until the row is written.
        if getattr(instance, "_password", None) is not None and not getattr(instance, "_change_reason", None):
            instance._change_reason = PASSWORD_SET_REASON
        super().post_save(instance, created, using=using, **kwargs)


PASSWORD_SET_REASON = "Wachtwoord ingesteld"  # noqa: S105  (a history reason, not a secret)


def track_user_accounts(user_model: type[models.Model]) -> None:
    """Keep history of user accounts (flags, groups, permissions, activation, password set), sealed into the
    audit chain like every governance record. The history model lives in `core`."""
    register(
        user_model,
        app="core",
        records_class=_AccountHistory,
        excluded_fields=["password", "last_login"],
        m2m_fields=[user_model._meta.get_field("groups"), user_model._meta.get_field("user_permissions")],
        bases=[AuditChained],
        m2m_bases=[AuditChained],
    )


def tracked_history(**options) -> HistoricalRecords:
    """The history every governance model declares as `history = tracked_history()`: its rows
    (and those of its many-to-many history) are sealed into the audit chain as they are written."""
    return _TrackedHistory(bases=[AuditChained], m2m_bases=[AuditChained], **options)


@contextmanager
def history_recorded_at(moment: datetime):
    """Date the history rows written inside this block at `moment`, and let services that ask
    `recorded_now()` see that moment as now.

    Only for loading records that describe the past (the demo chain as it was set up in 2020);
    ordinary writes are dated when they happen.
    """
    token = _recorded_at.set(moment)
    try:
        yield
    finally:
        _recorded_at.reset(token)


def recorded_now() -> datetime:
    """Now, or the moment set by `history_recorded_at` while loading records of the past."""
    return _recorded_at.get() or timezone.now()


def _stamp(instance: models.Model, actor, reason: str) -> None:
    instance._history_user = actor
    instance._change_reason = reason
    moment = _recorded_at.get()
    if moment is None:
        instance.__dict__.pop("_history_date", None)
    else:
        instance._history_date = moment


def save_tracked(instance: models.Model, *, actor, reason: str, validate: bool = True, m2m: dict | None = None) -> None:
    """Save with one history row. `m2m` (field name → related objects) is set in the same step, so that
    row lists them; simple-history alone would add a row for the save and one per m2m add/remove."""
    if validate:
        instance.full_clean()
    _stamp(instance, actor, reason)
    if not m2m:
        instance.save()
        return
    created = instance._state.adding
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, related in m2m.items():
            getattr(instance, name).set(related)
    finally:
        del instance.skip_history_when_saving
    record_history(instance, created=created)


def note_api_token(sender, history_instance, **kwargs) -> None:
    """Name the API token on history rows written by a request it authenticated, so every write made
    with a token can be traced to that token (and is sealed with it)."""
    request = getattr(HistoricalRecords.context, "request", None)
    token = getattr(request, "auth", None)
    if token is not None and getattr(token, "_meta", None) and token._meta.label == "core.ApiToken":
        history_instance.history_api_token_id = token.pk


def tracked_models() -> list[type[models.Model]]:
    """Every model that keeps history (declares `history = tracked_history()`), in a stable order."""
    return sorted(_trackers, key=lambda model: model._meta.label_lower)


def history_tracker(model: type[models.Model]) -> HistoricalRecords:
    """The HistoricalRecords a tracked model declared (its many-to-many history models among them)."""
    return _trackers[model]


def tracks_m2m(model: type[models.Model]) -> bool:
    """Whether the model's history also records many-to-many fields."""
    tracker = _trackers.get(model)
    return bool(tracker and tracker.m2m_fields)


def record_history(instance: models.Model, *, created: bool) -> None:
    """Write the instance's history row now, for a save made with `skip_history_when_saving` set."""
    _trackers[type(instance)].create_historical_record(instance, "+" if created else "~")


def delete_tracked(instance: models.Model, *, actor, reason: str) -> None:
    _stamp(instance, actor, reason)
    instance.delete()


# Bookkeeping fields that change with every write and mean nothing to a reader.
HIDDEN_FIELDS = ["version"]


def history_entries(instance: models.Model, limit: int = 50, *, records: list | None = None, known=()) -> list[dict]:
    """The object's history, newest first, each row with the fields it changed in readable form.

    Related objects named in the changes are read in one query per related model, however many
    rows the history has. A page that has read the history rows already passes them (`records`,
    newest first), and the related objects it holds (`known`), so neither is read again."""
    if records is None:
        records = instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(records[: limit + 1])
    diffs = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous, excluded_fields=HIDDEN_FIELDS).changes:
                changes.append((instance._meta.get_field(change.field), change.old, change.new))
        diffs.append((record, changes))
    related: dict[type[models.Model], dict] = {}
    for obj in known:
        if obj is not None:
            related.setdefault(type(obj), {})[obj.pk] = obj
    wanted: dict[type[models.Model], set] = {}
    for _record, changes in diffs:
        for field, old, new in changes:
            if field.many_to_one:
                ids = {value for value in (old, new) if value is not None} - set(related.get(field.related_model, {}))
                if ids:
                    wanted.setdefault(field.related_model, set()).update(ids)
    for model, ids in wanted.items():
        related.setdefault(model, {}).update(model._base_manager.in_bulk(list(ids)))
    return [
        {
            "record": record,
            "changes": [
                {
                    "field": str(field.verbose_name),
                    "old": _readable(field, old, related),
                    "new": _readable(field, new, related),
                }
                for field, old, new in changes
            ],
        }
        for record, changes in diffs
    ]


def _readable(field, value, related: dict | None = None):
    """Related objects by name rather than by id; many-to-many rows as a list of names."""
    if field.many_to_many:
        related_ids = [row[field.m2m_reverse_field_name()] for row in value or []]
        return ", ".join(str(obj) for obj in field.related_model._base_manager.filter(pk__in=related_ids)) or None
    if field.many_to_one and value is not None:
        if related is not None and field.related_model in related:
            found = related[field.related_model].get(value)
        else:
            found = field.related_model._base_manager.filter(pk=value).first()
        return str(found) if found is not None else value
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    return value


def wrote_history(user) -> bool:
    """Whether any history row names this user as the one who made the change."""
    return any(
        model._base_manager.filter(history_user_id=user.pk).exists()
        for model in chained_models()
        if "history_user_id" in {f.attname for f in model._meta.concrete_fields}
    )


def protect_history_authors(sender, instance, **kwargs) -> None:
    """Deleting a user would blank the author on every history row they wrote (and break those rows' seals):
    someone who wrote history is deactivated instead."""
    if instance.pk is not None and wrote_history(instance):
        raise models.ProtectedError(
            f"{instance} wrote history rows; deactivate the account instead of deleting it.", {instance}
        )
