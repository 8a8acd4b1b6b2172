"""The compliance thresholds of each agreement as they stood at an instant (parties.ComplianceThreshold, read
from its history): a week's row carries the thresholds valid at the week's end, so recomputing a past week
judges it by those, whatever was changed since. They are read with the clocks (`clocks_as_of`), in the same
query. A party is judged by the strictest thresholds of the agreements whose clocks its figures count; an
agreement without thresholds (or whose thresholds were removed) by the defaults."""

from django.db.models import OuterRef, Subquery

from parties.models import ComplianceThreshold

GREEN, AMBER = "compliance_green_percent", "compliance_amber_percent"
DEFAULT = (float(ComplianceThreshold.GREEN_DEFAULT), float(ComplianceThreshold.AMBER_DEFAULT))


def threshold_annotations(moment) -> dict:
    """Annotations for a clock (history) row: its agreement's thresholds as they stood at `moment`."""
    latest = ComplianceThreshold.history.model.objects.filter(
        agreement_id=OuterRef("agreement_id"), history_date__lt=moment
    ).order_by("-history_date", "-history_id")
    return {
        "threshold_kind": Subquery(latest.values("history_type")[:1]),
        "threshold_green": Subquery(latest.values("green_from_percent")[:1]),
        "threshold_amber": Subquery(latest.values("amber_from_percent")[:1]),
    }


def thresholds_of(clock) -> tuple[float, float]:
    """(green from, amber from) of an annotated clock."""
    if clock.threshold_kind in (None, "-"):
        return DEFAULT
    return float(clock.threshold_green), float(clock.threshold_amber)


def strictest(found: tuple[float, float] | None, other: tuple[float, float]) -> tuple[float, float]:
    return other if found is None else (max(found[0], other[0]), max(found[1], other[1]))
