"""The audit trail: the history rows of every governance model as one stream, newest first.

Every tracked model's history table is read with the same columns plus a constant that names the model,
and the tables are combined with one UNION ALL that the database orders and slices: a page costs the same
queries however many history rows there are. The rows of one page (or of one chunk of the CSV export) are
then described with a fixed number of queries per model that occurs among them, never per row: who made
the change and for which party, which object (with a link to its page when the viewer may open it) and
which fields the change touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.history import HIDDEN_FIELDS, history_tracker, tracked_models
from parties.models import Party, RoleAssignment

ACTIONS = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}

# The columns every history table contributes to the stream, in this order.
COLUMNS = (
    "history_id",
    "history_date",
    "history_user_id",
    "history_type",
    "history_change_reason",
    "object_id",
    "model_label",
)
ORDERING = ("-history_date", "-model_label", "-history_id")
# Columns every history table may carry besides simple-history's own (the API token a write came through, the
# row's place and seal in its table's audit chain): read, and exported, when every history table has them.
OPTIONAL_COLUMNS = ("history_api_token_id", "audit_seq", "audit_hash")

# Objects with a page of their own: URL name, its keyword argument, the field that fills it, the field
# that names the object.
PAGES = {
    "parties.party": ("parties:party_detail", "slug", "slug", "name"),
    "parties.component": ("parties:component_detail", "slug", "slug", "name"),
    "parties.agreement": ("parties:agreement_detail", "pk", "pk", "reference"),
    "parties.servicecalendar": ("parties:calendar_detail", "pk", "pk", "name"),
    "governance.readinessitem": ("readiness:readinessitem_detail", "key", "key", "name"),
    "incidents.incident": ("incidents:incident_detail", "reference", "reference", "reference"),
    "changes.changerequest": ("changes:changerequest_detail", "pk", "pk", "reference"),
}
# A record without a page links to the page of the record it belongs to (a message to its incident).
PARENT_FIELDS = ("incident", "change", "agreement", "party")
# Fields that name a record in its own history row, tried in this order; otherwise "#<id>".
NAME_FIELDS = ("reference", "key", "name", "title", "original_name")


@cache
def optional_columns() -> tuple[str, ...]:
    """The optional columns every history table has. Read once per process: the models do not change while it
    runs, and each `Model.history` access builds a manager class (simple-history)."""
    histories = [model.history.model for model in tracked_models()]
    return tuple(
        name for name in OPTIONAL_COLUMNS if histories and all(_has_field(history, name) for history in histories)
    )


def model_choices() -> list[tuple[str, str]]:
    return sorted(
        ((model._meta.label_lower, capfirst(model._meta.verbose_name)) for model in tracked_models()),
        key=lambda choice: str(choice[1]).lower(),
    )


def model_for_label(label: str) -> type[models.Model] | None:
    return next((model for model in tracked_models() if model._meta.label_lower == label), None)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of the day in the portal's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


@dataclass(frozen=True)
class AuditFilter:
    """Which changes to show. `party`: changes made by someone who was a member of that party on the day of
    the change. `since`/`until`: days in Europe/Amsterdam, both included."""

    party: Party | None = None
    user: models.Model | None = None
    model: type[models.Model] | None = None
    since: date | None = None
    until: date | None = None


def _part(model: type[models.Model], audit_filter: AuditFilter):
    history = model.history.model
    rows = history._default_manager.order_by().annotate(
        object_id=F(model._meta.pk.attname),
        model_label=Value(model._meta.label_lower, output_field=CharField()),
    )
    if audit_filter.user is not None:
        rows = rows.filter(history_user_id=audit_filter.user.pk)
    if audit_filter.since is not None:
        rows = rows.filter(history_date__gte=start_of_day(audit_filter.since))
    if audit_filter.until is not None:
        rows = rows.filter(history_date__lt=start_of_day(audit_filter.until + timedelta(days=1)))
    if audit_filter.party is not None:
        rows = rows.alias(change_day=TruncDate("history_date", tzinfo=timezone.get_default_timezone())).filter(
            Exists(
                RoleAssignment.objects.order_by()
                .filter(user_id=OuterRef("history_user_id"), party_id=audit_filter.party.pk)
                .filter(valid_from__lte=OuterRef("change_day"))
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("change_day")))
            )
        )
    return rows.values(*COLUMNS, *optional_columns())


def audit_rows(audit_filter: AuditFilter | None = None):
    """The history rows of all tracked models (or the one filtered on) as one queryset of dicts with
    COLUMNS, newest first. Slice it or paginate it; describe a slice with `describe`."""
    audit_filter = audit_filter or AuditFilter()
    models_ = [audit_filter.model] if audit_filter.model is not None else tracked_models()
    parts = [_part(model, audit_filter) for model in models_]
    stream = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return stream.order_by(*ORDERING)


@dataclass
class AuditEntry:
    history_id: int
    when: datetime
    model: type[models.Model]
    object_id: int
    action: str
    reason: str
    user: models.Model | None = None
    parties: list[str] = field(default_factory=list)
    object_name: str = ""
    parent_name: str = ""
    url: str | None = None
    changed: list[tuple[str, str]] = field(default_factory=list)  # (field name, its label)
    extra: dict = field(default_factory=dict)  # the optional columns the history tables have

    @property
    def api_token_id(self) -> int | None:
        return self.extra.get("history_api_token_id")

    @property
    def changed_fields(self) -> list[str]:
        return [label for _name, label in self.changed]

    @property
    def changed_field_names(self) -> list[str]:
        return [name for name, _label in self.changed]

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower

    @property
    def model_name(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def party_names(self) -> str:
        return ", ".join(self.parties)


def describe(rows: Iterable[dict], viewer) -> list[AuditEntry]:
    """The rows (from `audit_rows`) made readable. Queries: two for the users and their parties, and per
    model among the rows two for the history rows and the ones before them, one per tracked many-to-many
    field, and one per kind of page linked to."""
    rows = list(rows)
    by_label = {model._meta.label_lower: model for model in tracked_models()}
    entries = [
        AuditEntry(
            history_id=row["history_id"],
            when=row["history_date"],
            model=by_label[row["model_label"]],
            object_id=row["object_id"],
            action=row["history_type"],
            reason=row["history_change_reason"] or "",
            extra={name: row[name] for name in OPTIONAL_COLUMNS if name in row},
        )
        for row in rows
    ]
    _describe_users(entries, [row["history_user_id"] for row in rows])
    links: dict[type[models.Model], dict[int, list[tuple[AuditEntry, bool]]]] = defaultdict(lambda: defaultdict(list))
    by_model: dict[type[models.Model], list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        by_model[entry.model].append(entry)
    for model, group in by_model.items():
        _describe_records(model, group, links)
    _link(links, viewer)
    return entries


def _describe_users(entries: list[AuditEntry], user_ids: list[int | None]) -> None:
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return
    users = get_user_model()._default_manager.in_bulk(list(wanted))
    assignments = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(user_id__in=wanted).select_related("party").order_by("party__name"):
        assignments[assignment.user_id].append(assignment)
    zone = timezone.get_default_timezone()
    for entry, user_id in zip(entries, user_ids, strict=True):
        if user_id is None:
            continue
        entry.user = users.get(user_id)
        day = timezone.localtime(entry.when, zone).date()
        names = []
        for assignment in assignments[user_id]:
            if assignment.valid_from <= day and (assignment.valid_to is None or assignment.valid_to >= day):
                if assignment.party.name not in names:
                    names.append(assignment.party.name)
        entry.parties = names


def _describe_records(model, entries: list[AuditEntry], links) -> None:
    history = model.history.model
    manager = history._default_manager
    earlier = (
        manager.filter(**{model._meta.pk.attname: OuterRef(model._meta.pk.attname)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = manager.filter(history_id__in=[entry.history_id for entry in entries]).annotate(
        previous_id=Subquery(earlier)
    )
    records = {record.history_id: record for record in records}
    changed_ids = [
        record.previous_id for record in records.values() if record.history_type == "~" and record.previous_id
    ]
    previous = manager.in_bulk(changed_ids) if changed_ids else {}
    m2m = _m2m_values(model, [*records, *previous])

    name_field = next((name for name in NAME_FIELDS if _has_field(model, name)), None)
    own_page = model._meta.label_lower in PAGES
    parent = None if own_page else _parent_field(model)
    tracked = [f for f in history.tracked_fields if f.editable and f.name not in HIDDEN_FIELDS and not f.many_to_many]
    for entry in entries:
        record = records.get(entry.history_id)
        if record is None:
            continue
        entry.object_name = str(getattr(record, name_field)) if name_field else f"#{entry.object_id}"
        if own_page:
            links[model][entry.object_id].append((entry, False))
        elif parent is not None and getattr(record, parent.attname) is not None:
            links[parent.related_model][getattr(record, parent.attname)].append((entry, True))
        before = previous.get(record.previous_id) if record.history_type == "~" else None
        if before is None:
            continue
        changed = [
            (f.name, capfirst(model._meta.get_field(f.name).verbose_name))
            for f in tracked
            if getattr(record, f.attname) != getattr(before, f.attname)
        ]
        for name, values in m2m.items():
            if values.get(record.history_id, set()) != values.get(before.history_id, set()):
                changed.append((name, capfirst(model._meta.get_field(name).verbose_name)))
        entry.changed = changed


def _m2m_values(model, history_ids: list[int]) -> dict[str, dict[int, set]]:
    """Per tracked many-to-many field: history id → the related ids that history row lists."""
    tracker = history_tracker(model)
    result = {}
    for m2m_field in tracker.m2m_fields:
        historical_m2m = tracker.m2m_models[m2m_field]
        related_name = m2m_field.m2m_reverse_field_name()
        values: dict[int, set] = defaultdict(set)
        if history_ids:
            for history_id, related_id in historical_m2m._default_manager.filter(
                history_id__in=history_ids
            ).values_list("history_id", f"{related_name}_id"):
                values[history_id].add(related_id)
        result[m2m_field.name] = values
    return result


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _parent_field(model):
    for name in PARENT_FIELDS:
        if _has_field(model, name):
            candidate = model._meta.get_field(name)
            if candidate.many_to_one and candidate.related_model._meta.label_lower in PAGES:
                return candidate
    return None


def _link(links, viewer) -> None:
    """Link each entry to its page (or its parent's), if that record still exists and the viewer may open it."""
    for target, wanted in links.items():
        url_name, kwarg, url_field, name_field = PAGES[target._meta.label_lower]
        queryset = target._default_manager.all()
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(viewer)
        found = {
            pk: (key, name)
            for pk, key, name in queryset.filter(pk__in=list(wanted)).values_list("pk", url_field, name_field)
        }
        for pk, entries in wanted.items():
            if pk not in found:
                continue
            key, name = found[pk]
            url = reverse(url_name, kwargs={kwarg: key})
            for entry, via_parent in entries:
                entry.url = url
                if via_parent:
                    entry.parent_name = str(name)
