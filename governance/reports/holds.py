"""Time on hold per party waited on in a week (see incidents/holds.py for whom a hold waited on): per party, and
for the reporter, the incidents that waited on it at some moment of the week, the holds, and the hours waited
within the week. Real hours, from the later of the hold's start and the week's start to the earlier of its end
and the week's end (a hold still open at the week's end counts up to it): the parties waited on work to
calendars of their own and the reporter to none, so one table can only add them up in real time.

Stored under "waited_on", keyed "party:<slug>" or "reporter"; rows stored before (under "holds") counted the
party that held the incident and are not shown as waiting time."""

from django.db.models import F
from django.utils.translation import gettext as _

from core.weeks import Week, WeekIndex, span
from incidents.holds import REPORTER, waited_on_in
from incidents.models import HoldPeriod

from .as_of import CHUNK
from .selectors import incident_list_url

HOLD_METRICS = ["incidents", "holds", "hours"]


def waited_on_key(waiting_for: str, party_slug: str | None) -> str:
    return REPORTER if waiting_for == HoldPeriod.WaitingFor.REPORTER else f"party:{party_slug}"


def waiting_time_by_party(weeks: list[Week]) -> dict[Week, dict]:
    """Per week (consecutive weeks, read together), the time waited on each party and on the reporter in it."""
    start, end = span(weeks)
    found: dict[Week, dict] = {week: {} for week in weeks}
    holds = waited_on_in(start, end).values(
        "incident_id",
        "started_at",
        "ended_at",
        "waiting_for",
        slug=F("waiting_for_party__slug"),
        name=F("waiting_for_party__name"),
    )
    index = WeekIndex(weeks)
    for hold in holds.order_by("started_at", "pk").iterator(chunk_size=CHUNK):
        # The weeks it overlaps: from the one it started in (or the first) until one that starts after it ended.
        for week in index.since(hold["started_at"]):
            if hold["ended_at"] is not None and hold["ended_at"] <= week.start:
                break
            _count(found[week], hold, week)
    return {week: _finish(rows) for week, rows in found.items()}


def _count(found: dict, hold: dict, week: Week) -> None:
    ended = min(hold["ended_at"] or week.end, week.end)
    seconds = (ended - max(hold["started_at"], week.start)).total_seconds()
    key = waited_on_key(hold["waiting_for"], hold["slug"])
    row = found.setdefault(key, {"name": hold["name"], "incidents": set(), "holds": 0, "seconds": 0.0})
    row["incidents"].add(hold["incident_id"])
    row["holds"] += 1
    row["seconds"] += seconds


def _finish(found: dict) -> dict:
    return {
        key: {
            "name": row["name"],
            "incidents": len(row["incidents"]),
            "holds": row["holds"],
            "hours": round(row["seconds"] / 3600, 1),
        }
        for key, row in sorted(found.items())
    }


def hold_rows(week: Week, metrics: dict) -> list[dict] | None:
    """The report's rows: the parties waited on by name, then the reporter, each with the incident list of
    exactly the incidents that waited on it (None for a row stored before waiting time was reported)."""
    if "waited_on" not in metrics:
        return None
    rows = [
        {
            **figures,
            "name": figures["name"] or _("de melder"),
            "key": key,
            "url": incident_list_url(
                waited_on=key.removeprefix("party:"), waited_from=week.start, waited_before=week.end
            ),
        }
        for key, figures in metrics["waited_on"].items()
    ]
    return sorted(rows, key=lambda row: (row["key"] == REPORTER, row["name"]))
