"""Availability per service and per component, measured against the promise of the business owner's SLA.

The definition (README "Governance reports", "Availability"):

- outage time: the union of the periods in which a major incident made a component an *outage* (declared until
  stood down, the incident behind it of impact "many people or the whole country"; the status page's rule).
  A major incident of lower impact only makes a component work less well (degraded) and does not count;
- a service's outage time is the union over its components, so two components down at once count once;
- both are measured in the calendar of the SLA whose customer is the service's owner and which covers one of the
  service's components (the first by reference when there are more): only the outage inside its opening hours
  counts, against its opening hours in the period. An always-open calendar, or no such SLA, measures real time;
- availability % = 100 × (1 − outage time / open time); none when the period has no open time;
- the promise is that SLA's ``availability_percent``; when its targets differ per priority the strictest (highest)
  counts. None without a promise; ``met`` is then None too.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from incidents.models import Impact
from majorincidents.selectors import major_incident_periods
from parties.calendars import BusinessCalendar
from parties.models import Agreement, AgreementKind, Component, Service

Interval = tuple[datetime, datetime]


def availability_by_service(start: datetime, end: datetime) -> dict[str, dict]:
    """Per service slug: name, measured_percent, promised_percent, outage_minutes, open_minutes, met and the
    same figures per component slug (``components``), for the period [start, end)."""
    return availability_by_period([(start, end)])[0]


def availability_by_period(periods: list[Interval]) -> list[dict[str, dict]]:
    """`availability_by_service` for each of several periods (in order), read together: the major incidents, the
    services, their components and their owners' SLAs once for all of them."""
    first, last = min(start for start, _end in periods), max(end for _start, end in periods)
    majors = [period for period in major_incident_periods(first, last) if period["impact"] == Impact.HIGH]
    components = list(Component.objects.order_by("slug").values_list("pk", "slug", "service_id"))
    services = []
    for service in Service.objects.filter(is_active=True).select_related("owner").order_by("name"):
        own = [(pk, slug) for pk, slug, service_id in components if service_id == service.pk]
        services.append((service, own, _agreements(service, [pk for pk, _slug in own], (_days(first, last)))))
    return [_availability(start, end, majors, services) for start, end in periods]


def _days(start: datetime, end: datetime) -> tuple[date, date]:
    return start.date(), (end - timedelta(microseconds=1)).date()  # in the period's own zone


def _availability(start: datetime, end: datetime, majors: list[dict], services: list) -> dict[str, dict]:
    days = _days(start, end)
    # In UTC: aware datetimes of one zone subtract as wall-clock times, which a change of the clocks would skew.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    outages: dict[int, list[Interval]] = {}
    for period in majors:
        if period["starts_at"] < end and (period["ends_at"] is None or period["ends_at"] > start):
            ends_at = min(period["ends_at"] or end, end)
            outages.setdefault(period["component_id"], []).append((max(period["starts_at"], start), ends_at))
    rows = {}
    for service, own, agreements in services:
        calendar, promised = _promise(agreements, days)
        open_time = _open_intervals(calendar, start, end)
        open_minutes = _minutes(open_time)
        service_outages = _union([period for pk, _slug in own for period in outages.get(pk, [])])
        row = _figures(service_outages, open_time, open_minutes, promised)
        row["components"] = {
            slug: _figures(_union(outages.get(pk, [])), open_time, open_minutes, promised) for pk, slug in own
        }
        rows[service.slug] = {"name": service.name, **row}
    return rows


def _agreements(service: Service, component_ids: list[int], days: tuple[date, date]) -> list[Agreement]:
    """The SLAs of the service's owner over its components in force at some day of `days`, by reference."""
    return list(
        Agreement.objects.filter(kind=AgreementKind.SLA, customer=service.owner, components__in=component_ids)
        .overlapping(*days)
        .select_related("calendar")
        .prefetch_related("targets")
        .order_by("reference")
    )


def _promise(agreements: list[Agreement], days: tuple[date, date]):
    """(calendar engine, promised percent or None) of the first of the owner's SLAs in force in `days`."""
    agreement = next(
        (
            agreement
            for agreement in agreements
            if (agreement.valid_to is None or agreement.valid_to >= days[0]) and agreement.valid_from <= days[1]
        ),
        None,
    )
    if agreement is None:
        return BusinessCalendar.always_open_calendar(), None
    promises = [target.availability_percent for target in agreement.targets.all() if target.availability_percent]
    return agreement.calendar.engine, float(max(promises)) if promises else None


def _open_intervals(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[Interval]:
    if calendar.always_open:
        return [(start, end)]
    zone = ZoneInfo(calendar.time_zone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    intervals = []
    while day <= last:
        for opens, closes in calendar.open_intervals(day):
            if opens < end and closes > start:
                intervals.append((max(opens, start), min(closes, end)))
        day += timedelta(days=1)
    return _union(intervals)


def _union(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for opens, closes in sorted(interval for interval in intervals if interval[0] < interval[1]):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def _overlap(outages: list[Interval], open_time: list[Interval]) -> list[Interval]:
    return [(max(a, b), min(c, d)) for a, c in outages for b, d in open_time if max(a, b) < min(c, d)]


def _minutes(intervals: list[Interval]) -> float:
    return round(sum(((closes - opens) for opens, closes in intervals), timedelta(0)).total_seconds() / 60, 1)


def _figures(outages: list[Interval], open_time: list[Interval], open_minutes: float, promised) -> dict:
    outage_minutes = _minutes(_overlap(outages, open_time))
    measured = round(100 * (1 - outage_minutes / open_minutes), 3) if open_minutes else None
    return {
        "measured_percent": measured,
        "promised_percent": promised,
        "outage_minutes": outage_minutes,
        "open_minutes": open_minutes,
        "met": None if measured is None or promised is None else measured >= promised,
    }
