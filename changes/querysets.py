"""Reads of changes, restricted per user (DESIGN §5)."""

from functools import reduce
from operator import or_

from django.contrib.postgres.fields import DateTimeRangeField
from django.db import connections, models
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import BooleanField, Func, Q
from django.db.models.functions import Coalesce

from parties.access import principal_for


def overlapping(start_field: str, end_field: str, start, end) -> Q:
    """Rows whose half-open [start, end) window overlaps the given one; touching is not overlapping."""
    return Q(**{f"{start_field}__lt": end, f"{end_field}__gt": start})


def merged_windows(windows) -> list[tuple]:
    """The [start, end) windows in order, those that overlap or touch merged into one: a window overlaps one of
    the merged windows exactly when it overlaps one of the given ones."""
    merged: list[list] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def overlapping_any(start_field: str, end_field: str, windows) -> Q:
    """Rows whose window overlaps one of the given [start, end) windows (at least one)."""
    return reduce(or_, (overlapping(start_field, end_field, start, end) for start, end in merged_windows(windows)))


class ChangeWindow(Func):
    """A change's window that counts as a PostgreSQL range [start, end): the expression of the GiST index
    changes_window_gist (migration 0006), which finds the windows overlapping a given one without reading the
    windows before or after it."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()

    def __init__(self):
        super().__init__(Coalesce("planned_start", "proposed_start"), Coalesce("planned_end", "proposed_end"))


class WindowOverlapsAny(Func):
    """A change's window (`ChangeWindow`) overlapping one of the given [start, end) windows: `window && ANY(%s)`
    with the windows as one array parameter, found through the window's GiST index (a bitmap scan per window).
    The query's text is the same however many windows the page has, so PostgreSQL plans it once per connection
    (prepared statements) instead of once per number of windows."""

    output_field = BooleanField()

    def __init__(self, windows):
        super().__init__(ChangeWindow())
        self.windows = [DateTimeTZRange(start, end, "[)") for start, end in merged_windows(windows)]

    def as_sql(self, compiler, connection, **extra_context):
        window, params = compiler.compile(self.get_source_expressions()[0])
        return f"{window} && ANY(%s::tstzrange[])", (*params, self.windows)


class ChangeRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Regie and business owner see all; an operator party the changes it (or a subcontractor)
        requested or that touch a component it (or a subcontractor) operates, hosts or monitors.
        Drafts stay with the requesting party. Reporters see no changes, only planned maintenance."""
        from .models import ChangeStatus

        principal = principal_for(user)
        if principal.is_superuser:
            return self
        if principal.reads_as_service_owner:
            # The owner of a service (GGD GHOR for Oplossing II) reads the changes on its components.
            touching_owned = self.model.components.through.objects.filter(
                component__service_id__in=principal.owned_service_ids
            ).values("changerequest_id")
            return self.filter(pk__in=touching_owned).exclude(status=ChangeStatus.DRAFT)
        if not principal.is_chain_member:
            return self.none()
        own_drafts = Q(status=ChangeStatus.DRAFT, requesting_party_id__in=principal.party_ids)
        if principal.sees_everything:
            return self.filter(~Q(status=ChangeStatus.DRAFT) | own_drafts)
        chain = principal.chain_party_ids
        touching = self.model.components.through.objects.filter(
            Q(component__operating_party_id__in=chain)
            | Q(component__hosting_party_id__in=chain)
            | Q(component__monitoring_party_id__in=chain)
        ).values("changerequest_id")
        routed = Q(requesting_party_id__in=chain) | Q(pk__in=touching)
        return self.filter(routed).filter(~Q(status=ChangeStatus.DRAFT) | own_drafts)

    def backlog(self):
        from .models import BACKLOG_STATES

        return self.filter(status__in=BACKLOG_STATES)

    def with_window(self):
        """Annotate the window that counts: planned once scheduled, proposed before."""
        return self.annotate(
            effective_start=Coalesce("planned_start", "proposed_start"),
            effective_end=Coalesce("planned_end", "proposed_end"),
        )

    def in_window(self, start, end):
        return self.with_window().filter(overlapping("effective_start", "effective_end", start, end))

    def in_any_window(self, windows):
        """Changes whose window overlaps one of the given [start, end) windows; on PostgreSQL through the window's
        GiST index, so windows years apart cost no more than the changes in them."""
        if not windows:
            return self.none()
        if connections[self.db].vendor != "postgresql":
            return self.with_window().filter(overlapping_any("effective_start", "effective_end", windows))
        return self.filter(WindowOverlapsAny(windows))


class ChangeIncidentLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Links whose change and incident the user may both see: a link never reveals a record
        the user could not open (a reporter sees none, as it sees no changes)."""
        from incidents.models import Incident

        from .models import ChangeRequest

        principal = principal_for(user)
        if not principal.is_chain_member:
            return self.none()
        if principal.is_superuser:
            return self
        return self.filter(
            change__in=ChangeRequest.objects.visible_to(user), incident__in=Incident.objects.visible_to(user)
        )


class StandardChangeTemplateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if principal_for(user).is_chain_member else self.none()


class BlackoutWindowQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if principal_for(user).is_chain_member else self.none()

    def overlapping(self, start, end):
        return self.filter(overlapping("starts_at", "ends_at", start, end))
