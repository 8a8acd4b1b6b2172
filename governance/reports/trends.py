"""Week-over-week change, anomaly flags and the generated summary of a weekly report.

Anomaly rule: a figure is flagged when it lies more than two standard deviations (population
standard deviation) from the mean of the same figure in the previous eight stored weeks. With
fewer than four earlier weeks, or no variation at all in them, nothing is flagged.
"""

from django.utils.formats import localize, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.baselines import BASELINE_WEEKS, deviation
from core.durations import format_duration

METRIC_LABELS = {
    "opened": gettext_lazy("gemeld"),
    "resolved": gettext_lazy("opgelost"),
    "backlog": gettext_lazy("openstaand aan het eind van de week"),
    "mean_time_to_acknowledge": gettext_lazy("gemiddelde reactietijd"),
    "mean_time_to_resolve": gettext_lazy("gemiddelde oplostijd"),
    "sla_response_met_percent": gettext_lazy("SLA-reactienorm gehaald (%)"),
    "sla_resolution_met_percent": gettext_lazy("SLA-oplosnorm gehaald (%)"),
    "breaches": gettext_lazy("normoverschrijdingen"),
    "reopenings": gettext_lazy("heropend"),
    "received": gettext_lazy("ontvangen"),
    "submitted": gettext_lazy("wijzigingen ingediend"),
    "approved": gettext_lazy("wijzigingen goedgekeurd"),
    "rejected": gettext_lazy("wijzigingen afgewezen"),
    "completed": gettext_lazy("wijzigingen geslaagd"),
    "failed": gettext_lazy("wijzigingen mislukt"),
    "emergency_share_percent": gettext_lazy("aandeel spoedwijzigingen (%)"),
    "change_failure_rate_percent": gettext_lazy("aandeel mislukte wijzigingen (%)"),
    "median_lead_time_hours": gettext_lazy("mediane doorlooptijd wijziging"),
}
COMPARED = list(METRIC_LABELS)
# Wall-clock durations among the figures, and how many minutes one unit of the stored figure is.
DURATION_UNITS = {"mean_time_to_acknowledge": 1, "mean_time_to_resolve": 1, "median_lead_time_hours": 60}


def figure_in_words(metric: str, value) -> str:
    """A figure as a reader sees it: durations in days, hours and minutes, other figures as numbers."""
    if value is None:
        return "–"
    if metric in DURATION_UNITS:
        return format_duration(value * DURATION_UNITS[metric])
    return str(localize(value))


def anomaly_for_display(anomaly: dict, metrics: dict) -> dict:
    """An anomaly with its figures in words and its z-score as "so many times the usual spread"."""
    return {
        **anomaly,
        "label": METRIC_LABELS[anomaly["metric"]],
        "where": scope_label(anomaly["scope"], metrics),
        "value_text": figure_in_words(anomaly["metric"], anomaly["value"]),
        "mean_text": figure_in_words(anomaly["metric"], anomaly["mean"]),
        "spread": abs(anomaly["z"]),
        "above": anomaly["z"] > 0,
    }


def series_of(metrics: dict) -> dict[str, dict[str, float]]:
    """The figures that are compared over time, keyed by scope ("total", "changes", "party:kpn")."""
    series = {"total": metrics["incidents"]["total"], "changes": metrics["changes"]}
    for slug, figures in metrics["parties"].items():
        series[f"party:{slug}"] = figures
    return {
        scope: {name: value for name, value in figures.items() if name in COMPARED and isinstance(value, int | float)}
        for scope, figures in series.items()
    }


def compare(metrics: dict, previous: list[dict]) -> tuple[dict, list[dict]]:
    """Week-over-week deltas against the week before, and anomalies against up to eight weeks before.

    `previous` holds the earlier weeks' metrics, oldest first.
    """
    current = series_of(metrics)
    earlier = [series_of(week) for week in previous[-BASELINE_WEEKS:]]
    last = earlier[-1] if earlier else {}
    deltas, anomalies = {}, []
    for scope, figures in current.items():
        for name, value in figures.items():
            before = last.get(scope, {}).get(name)
            if before is not None:
                deltas.setdefault(scope, {})[name] = round(value - before, 1)
            history = [week[scope][name] for week in earlier if week.get(scope, {}).get(name) is not None]
            found = deviation(value, history)
            if found is not None:
                anomalies.append(
                    {
                        "scope": scope,
                        "metric": name,
                        "value": value,
                        "mean": round(found.mean, 1),
                        "z": round(found.z, 1),
                    }
                )
    anomalies.sort(key=lambda anomaly: -abs(anomaly["z"]))
    return deltas, anomalies


def worst_breach(attribution: list[dict]) -> dict | None:
    """Of a week's attributed breaches, the first with the largest share of its time held by one party: the
    incident, that party, its minutes and share (stored with the figures for the summary); None if none has."""

    def largest_share(breach):
        return breach["legs"][0]["share_percent"] if breach["legs"] else 0

    worst = max(attribution, key=largest_share, default=None)
    return {"incident": worst["incident"], **worst["legs"][0]} if worst is not None and worst["legs"] else None


def summarise(label: str, metrics: dict, deltas: dict, anomalies: list[dict], breach_count: int) -> str:
    """A few Dutch sentences on the week and what moved most, of a week with `breach_count` attributed breaches."""
    total, changes = metrics["incidents"]["total"], metrics["changes"]
    sentences = [
        _("Week %(week)s: %(opened)s incidenten gemeld, %(resolved)s opgelost, %(backlog)s nog open.")
        % {"week": label, "opened": total["opened"], "resolved": total["resolved"], "backlog": total["backlog"]}
    ]
    if total["sla_resolution_met_percent"] is not None:
        sentences.append(
            _("De SLA-oplosnorm is gehaald in %(percent)s%% van de opgeloste incidenten.")
            % {"percent": number_format(total["sla_resolution_met_percent"], 1)}
        )
    worst = metrics.get("worst_breach")
    if worst is not None:
        sentences.append(
            _("%(count)s overschrijding(en) van de SLA; bij %(incident)s nam %(party)s %(share)s%% van de tijd.")
            % {
                "count": breach_count,
                "incident": worst["incident"],
                "party": worst["party"],
                "share": number_format(worst["share_percent"], 0),
            }
        )
    sentences.append(
        _("%(submitted)s wijzigingen ingediend, %(completed)s geslaagd, %(failed)s mislukt.")
        % {"submitted": changes["submitted"], "completed": changes["completed"], "failed": changes["failed"]}
    )
    if anomalies:
        top = anomalies[0]
        sentences.append(
            _("Opvallend: %(metric)s (%(scope)s) was %(value)s, tegen gemiddeld %(mean)s in de acht weken ervoor.")
            % {
                "metric": METRIC_LABELS[top["metric"]],
                "scope": scope_label(top["scope"], metrics),
                "value": figure_in_words(top["metric"], top["value"]),
                "mean": figure_in_words(top["metric"], top["mean"]),
            }
        )
    else:
        moved = _largest_move(deltas)
        if moved:
            scope, name, delta = moved
            sentences.append(
                _("Grootste verschuiving: %(metric)s (%(scope)s) %(delta)s ten opzichte van de week ervoor.")
                % {
                    "metric": METRIC_LABELS[name],
                    "scope": scope_label(scope, metrics),
                    "delta": f"{'+' if delta > 0 else ''}{figure_in_words(name, delta)}",
                }
            )
    return " ".join(sentences)


def scope_label(scope: str, metrics: dict) -> str:
    if scope == "total":
        return _("hele keten")
    if scope == "changes":
        return _("wijzigingen")
    slug = scope.split(":", 1)[1]
    return metrics["parties"].get(slug, {}).get("name", slug)


def _largest_move(deltas: dict):
    counted = [
        (scope, name, delta)
        for scope, figures in deltas.items()
        for name, delta in figures.items()
        if delta and not name.endswith("_percent") and not name.startswith("mean_")
    ]
    return max(counted, key=lambda item: abs(item[2]), default=None)
