"""The compliance thresholds of each agreement as they stood at an instant (parties.ComplianceThreshold, read
from its history): a week's row carries the thresholds valid at the week's end, so recomputing a past week
judges it by those, whatever was changed since. A party is judged by the strictest thresholds of the
agreements it provides; an agreement without thresholds by the defaults."""

from parties.models import Agreement, ComplianceThreshold

from .as_of import latest_before

GREEN, AMBER = "compliance_green_percent", "compliance_amber_percent"


def thresholds_as_of(moment) -> dict[str, tuple[float, float]]:
    """Agreement reference → (green from, amber from), for every agreement."""
    recorded = {
        row["agreement_id"]: (float(row["green_from_percent"]), float(row["amber_from_percent"]))
        for row in latest_before(ComplianceThreshold, moment).values(
            "agreement_id", "green_from_percent", "amber_from_percent"
        )
    }
    default = (float(ComplianceThreshold.GREEN_DEFAULT), float(ComplianceThreshold.AMBER_DEFAULT))
    return {reference: recorded.get(pk, default) for pk, reference in Agreement.objects.values_list("pk", "reference")}


def add_thresholds(clocks: dict, moment) -> None:
    """Write into the per-party and per-agreement figures (`clock_metrics_by_party_and_agreement`) the
    thresholds valid at `moment`."""
    thresholds = thresholds_as_of(moment)
    default = (float(ComplianceThreshold.GREEN_DEFAULT), float(ComplianceThreshold.AMBER_DEFAULT))
    for reference, figures in clocks["agreement"].items():
        figures[GREEN], figures[AMBER] = thresholds.get(reference, default)
    provided: dict[str, list] = {}
    for slug, reference in Agreement.objects.values_list("provider__slug", "reference"):
        provided.setdefault(slug, []).append(thresholds[reference])
    for slug, figures in clocks["party"].items():
        own = provided.get(slug) or [default]
        figures[GREEN], figures[AMBER] = max(green for green, _amber in own), max(amber for _green, amber in own)
