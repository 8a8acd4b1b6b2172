"""Time on hold per party in a week (see incidents/holds.py for whose a hold is): per party the incidents it
had on hold at some moment of the week, the holds, and the hours on hold within the week (real time, from the
later of the hold's start and the week's start to the earlier of its end and the week's end; a hold still open
at the week's end counts up to it)."""

from incidents.holds import held_in

from .selectors import incident_list_url
from .weeks import Week

HOLD_METRICS = ["incidents", "holds", "hours"]


def hold_time_by_party(week: Week) -> dict:
    found: dict[str, dict] = {}
    holds = held_in(week.start, week.end).exclude(held_by=None)
    holds = holds.values("incident_id", "started_at", "ended_at", "held_by", "held_by_name")
    for hold in holds.order_by("started_at", "pk"):
        ended = min(hold["ended_at"] or week.end, week.end)
        seconds = (ended - max(hold["started_at"], week.start)).total_seconds()
        party = found.setdefault(
            hold["held_by"], {"name": hold["held_by_name"], "incidents": set(), "holds": 0, "seconds": 0.0}
        )
        party["incidents"].add(hold["incident_id"])
        party["holds"] += 1
        party["seconds"] += seconds
    return {
        slug: {
            "name": party["name"],
            "incidents": len(party["incidents"]),
            "holds": party["holds"],
            "hours": round(party["seconds"] / 3600, 1),
        }
        for slug, party in sorted(found.items())
    }


def hold_rows(week: Week, metrics: dict) -> list[dict] | None:
    """The report's rows: per party its figures and the incident list of exactly the incidents it had on hold
    (None for a row stored before hold time was reported)."""
    if "holds" not in metrics:
        return None
    return [
        {
            **figures,
            "slug": slug,
            "url": incident_list_url(held_by=slug, held_from=week.start, held_before=week.end),
        }
        for slug, figures in sorted(metrics["holds"].items(), key=lambda item: item[1]["name"])
    ]
