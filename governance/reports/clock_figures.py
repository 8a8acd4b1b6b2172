"""A week's clocks: per party and per agreement their own figures (the SLA for the regie party, UCs for the others),
and the chain SLA clocks the incident figures count (DESIGN §4 "Weekly trend report").

A clock counts in a week in which it started or a target of it was decided, as its row of the week says
(`incidents.ClockWeek`: the clock as it stood at the week's end, whether each target decided was met), or in
which it breached (its breach events, by the instant the threshold was crossed). The rows are summed per party
and agreement in the database; each party and agreement is judged by the compliance thresholds that stood at the
week's end (thresholds.py)."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Sum

from core.weeks import Week, WeekIndex, span
from incidents.models import ClockWeek, SlaClock, SlaEvent
from parties.models import ComplianceThreshold

from .as_of import CHUNK
from .sums import add, mean, minutes, percent
from .thresholds import AMBER, DEFAULT, GREEN, strictest

# A clock's party and agreement, from a row of the week or (through its clock) a breach event: the key the figures
# are summed by.
CELL = ("party__slug", "party__name", "agreement_id", "agreement_reference")
CELL_OF_EVENT = tuple(f"clock__{name}" for name in CELL)
CELL_SUMS = {
    "received": Count("pk", filter=Q(received=True)),
    "responses": Count("response_met"),
    "responses_breached": Count("pk", filter=Q(response_met=False)),
    "resolutions": Count("resolution_met"),
    "resolutions_breached": Count("pk", filter=Q(resolution_met=False)),
    "acknowledge_total": Sum("acknowledged_after"),
}


@dataclass(frozen=True, slots=True)
class SlaClockOfWeek:
    """A chain SLA clock a week's incident figures count, by its incident: its targets decided in the week (None:
    not decided in it; True: met), the real time its response took, and its breaches raised in the week."""

    incident_id: int
    response_met: bool | None
    acknowledged_after: timedelta | None
    resolution_met: bool | None
    week_breaches: int


@dataclass(frozen=True)
class WeekClocks:
    """What a week counts of the clocks: per cell (party slug, party name, agreement id, agreement reference) the
    sums of its clocks' rows and the incidents of its breaches (one entry per breach); the chain SLA clocks; and
    each agreement's thresholds (green from, amber from) at the week's end."""

    cells: dict[tuple, dict]
    breached: dict[tuple, list[int]]
    sla: list[SlaClockOfWeek]
    thresholds: dict[int, tuple[float, float]]


def clocks_as_of(weeks: list[Week]) -> Iterator[tuple[Week, WeekClocks]]:
    """Week by week, oldest first: the week and what it counts of the clocks. The breaches of all the weeks are
    read at once; then, a week at a time, its rows summed per cell, its chain SLA clocks' rows and the agreements'
    threshold history (a query each)."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    events = SlaEvent.objects.filter(raised_at__gte=start, raised_at__lt=end, kind=SlaEvent.Kind.BREACH)
    breaches: dict[Week, list] = {week: [] for week in weeks}
    rows = events.values_list("raised_at", "clock_id", "clock__incident_id", "clock__scope", *CELL_OF_EVENT)
    for raised_at, *breach in rows.iterator(chunk_size=CHUNK):
        breaches[index.of(raised_at)].append(breach)
    for week in weeks:
        yield week, _week_clocks(week, breaches.pop(week))


def clocks_of_week(week: Week) -> WeekClocks:
    """What one week counts of the clocks, as `clocks_as_of` reads it."""
    ((_week, clocks),) = clocks_as_of([week])
    return clocks


def _week_clocks(week: Week, breaches: list) -> WeekClocks:
    rows = ClockWeek.objects.filter(week=week.monday).order_by()
    cells = {tuple(row[name] for name in CELL): row for row in rows.values(*CELL).annotate(**CELL_SUMS)}
    breached: dict[tuple, list[int]] = {}
    sla_breaches: Counter = Counter()
    incident_of = {}
    for clock_id, incident_id, scope, *cell in breaches:
        breached.setdefault(tuple(cell), []).append(incident_id)
        if scope == SlaClock.Scope.SLA:
            sla_breaches[clock_id] += 1
            incident_of[clock_id] = incident_id
    decided = rows.filter(scope=SlaClock.Scope.SLA).order_by("clock_id")
    sla = [
        SlaClockOfWeek(incident_id, *figures, sla_breaches.pop(clock_id, 0))
        for clock_id, incident_id, *figures in decided.values_list(
            "clock_id", "incident_id", "response_met", "acknowledged_after", "resolution_met"
        ).iterator(chunk_size=CHUNK)
    ]
    # Chain SLA clocks only breached in the week: their breaches count for their incidents.
    sla += [
        SlaClockOfWeek(incident_of[clock], None, None, None, count) for clock, count in sorted(sla_breaches.items())
    ]
    agreements = {cell[2] for cell in cells.keys() | breached.keys()}
    return WeekClocks(cells, breached, sla, _thresholds_of_week(agreements, week))


def clock_metrics_of_week(week: Week, clocks: WeekClocks) -> dict:
    """Per party and per agreement, from what the week counts of the clocks. A group is reported when it received,
    answered, resolved or breached something in the week."""
    groups: dict[str, dict] = {"party": {}, "agreement": {}}
    for cell in clocks.cells.keys() | clocks.breached.keys():
        slug, name, agreement_id, reference = cell
        summed = clocks.cells.get(cell, {})
        incidents = clocks.breached.get(cell, [])
        values = {total: summed.get(total, 0) for total in CLOCK_SUMS}
        values.update(acknowledge_total=summed.get("acknowledge_total"), breaches=len(incidents))
        thresholds = clocks.thresholds.get(agreement_id, DEFAULT)
        for by, key in (("party", slug), ("agreement", (reference, name))):
            group = groups[by].get(key)
            if group is None:
                group = groups[by][key] = _clock_group(name)
            group["thresholds"] = strictest(group["thresholds"], thresholds)
            group["breached"].update(incidents)
            add(group, values)
    result: dict[str, dict] = {"party": {}, "agreement": {}}
    for by, found in groups.items():
        for key, group in sorted(found.items()):
            if not (group["received"] or group["responses"] or group["resolutions"] or group["breaches"]):
                continue
            responses, resolutions = group["responses"], group["resolutions"]
            result[by][key if by == "party" else key[0]] = {
                "name": group["name"],
                "received": group["received"],
                "mean_time_to_acknowledge": minutes(mean(group["acknowledge_total"], responses)),
                "sla_response_met_percent": percent(responses - group["responses_breached"], responses),
                "sla_resolution_met_percent": percent(resolutions - group["resolutions_breached"], resolutions),
                "sla_responses_decided": responses,
                "sla_resolutions_decided": resolutions,
                "breaches": group["breaches"],
                "breached_incidents": len(group["breached"]),
                GREEN: group["thresholds"][0],
                AMBER: group["thresholds"][1],
            }
    return result


def clock_metrics_by_party_and_agreement(week: Week) -> dict:
    """Per party (and per agreement), its own clocks: the SLA for the regie party, UCs for the others."""
    return clock_metrics_of_week(week, clocks_of_week(week))


CLOCK_SUMS = tuple(name for name in CELL_SUMS if name != "acknowledge_total")  # the counts among the sums


def _clock_group(name: str) -> dict:
    """A party's or an agreement's running totals."""
    return {
        "name": name,
        **dict.fromkeys((*CLOCK_SUMS, "breaches"), 0),
        "acknowledge_total": None,
        "thresholds": None,
        "breached": set(),
    }


# Per figure of a party's or an agreement's row, the clocks it counts: their rows of the week that say so, or
# (breaches) their breach events raised in the week.
CLOCK_COUNTED_BY = {
    "received": Q(received=True),
    "mean_time_to_acknowledge": Q(response_met__isnull=False),
    "sla_response_met_percent": Q(response_met__isnull=False),
    "sla_resolution_met_percent": Q(resolution_met__isnull=False),
    "breaches": None,
}


def counted_clock_incident_ids(week: Week, figure: str, group: str, key: str) -> set[int]:
    """The incidents whose clocks one figure (a key of CLOCK_COUNTED_BY) of a party's (`group` "party", `key` its
    slug) or an agreement's row (`group` "agreement", `key` its reference) counts: from the rows and events the
    figure is summed from (`clock_metrics_of_week`), so the two cannot disagree."""
    of_row = {"party": "party__slug", "agreement": "agreement_reference"}[group]
    counted = CLOCK_COUNTED_BY[figure]
    if counted is None:
        breaches = SlaEvent.objects.filter(
            kind=SlaEvent.Kind.BREACH, raised_at__gte=week.start, raised_at__lt=week.end, **{f"clock__{of_row}": key}
        )
        return set(breaches.values_list("clock__incident_id", flat=True))
    rows = ClockWeek.objects.filter(counted, week=week.monday, **{of_row: key})
    return set(rows.values_list("incident_id", flat=True))


def _thresholds_of_week(agreements: set[int], week: Week) -> dict[int, tuple[float, float]]:
    """Per agreement, its compliance thresholds as they stood at the week's end (one query): the last row of its
    threshold history before then; none or removed: the defaults."""
    latest: dict[int, tuple] = {}
    rows = ComplianceThreshold.history.model.objects.filter(agreement_id__in=agreements, history_date__lt=week.end)
    for agreement_id, history_type, green, amber in rows.order_by("history_date", "history_id").values_list(
        "agreement_id", "history_type", "green_from_percent", "amber_from_percent"
    ):
        latest[agreement_id] = DEFAULT if history_type == "-" else (float(green), float(amber))
    return latest
