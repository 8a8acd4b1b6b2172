"""The compliance thresholds of each agreement as they stood at an instant (parties.ComplianceThreshold, read
from its history): a week's row carries the thresholds valid at the week's end, so recomputing a past week
judges it by those, whatever was changed since. They are read with the clocks (`clocks_as_of`), from the
thresholds' history, a query per week. A party is judged by the strictest thresholds
of the agreements whose clocks its figures count; an agreement without thresholds (or whose thresholds were
removed) by the defaults."""

from parties.models import ComplianceThreshold

GREEN, AMBER = "compliance_green_percent", "compliance_amber_percent"
DEFAULT = (float(ComplianceThreshold.GREEN_DEFAULT), float(ComplianceThreshold.AMBER_DEFAULT))


def strictest(found: tuple[float, float] | None, other: tuple[float, float]) -> tuple[float, float]:
    return other if found is None else (max(found[0], other[0]), max(found[1], other[1]))
