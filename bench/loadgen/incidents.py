"""Incidents over the last years: the times of each incident's story drawn from realistic distributions
(wall-clock durations scaled from the business-time targets), never through a service or the calendar engine."""

import random
import time

from django.db import connection, transaction

from core.models import ReferenceSequence
from incidents.models import Assignment, HoldPeriod, Incident, IncidentUpdate, SlaClock, SlaEvent
from parties.models import Priority

from .chain import Chain, Contract
from .draw import reported_times, weighted
from .history import Tracked
from .writer import N, nullable, pipeline, ts

PRIORITY_WEIGHTS = [(Priority.P1, 2), (Priority.P2, 10), (Priority.P3, 38), (Priority.P4, 50)]
IMPACT_URGENCY = {
    Priority.P1: [("high", "high")],
    Priority.P2: [("high", "medium"), ("medium", "high")],
    Priority.P3: [("high", "low"), ("medium", "medium"), ("low", "high")],
    Priority.P4: [("medium", "low"), ("low", "medium"), ("low", "low")],
}
COMPONENT_WEIGHTS = {
    "ggd-portaal": 30,
    "backend": 15,
    "ios-app": 12,
    "android-app": 14,
    "website": 10,
    "middleware": 7,
    "infrastructuur": 7,
    "hsm": 5,
}
TITLES = [
    "Inloggen lukt niet",
    "Pagina laadt traag",
    "Foutmelding bij opslaan",
    "Melding komt niet door",
    "Storing na update",
    "Certificaatfout",
    "Time-out bij koppeling",
    "Scherm blijft leeg",
]
UPDATE_TEXTS = [
    "We onderzoeken de melding.",
    "Kunt u aangeven sinds wanneer dit speelt?",
    "Het probleem is gereproduceerd; een oplossing volgt.",
    "Logbestanden opgevraagd bij de hostingpartij.",
    "Herstart uitgevoerd, we monitoren de situatie.",
    "Doorgezet naar de leverancier.",
]
HOLD_REASONS = ["Wacht op schermafdruk van de melder", "Wacht op analyse door de leverancier"]
RESOLUTIONS = ["fixed", "workaround", "configuration", "change", "user_error", "third_party"]
# Business time to wall-clock time, roughly (office hours: 45 hours a week of 168).
OFFICE_FACTOR = 3.5
HEAVY_DETAIL_UPDATES = 20
HEAVY_DETAIL_INCIDENTS = 10


class IncidentWriter:
    """Incidents with their clocks, assignments, holds, messages and SLA events, and the history rows of each."""

    def __init__(self, chain: Chain, rng: random.Random, now: float, stdout_progress):
        self.chain, self.rng, self.now = chain, rng, now
        self.progress = stdout_progress
        self.incident = Tracked(Incident)
        self.update = Tracked(IncidentUpdate)
        self.assignment = Tracked(Assignment)
        self.hold = Tracked(HoldPeriod)
        self.clock = Tracked(SlaClock)
        self.event = Tracked(SlaEvent)
        self.trackers = [self.incident, self.update, self.assignment, self.hold, self.clock, self.event]
        self.references: dict[int, int] = {}  # year -> last number
        component_weights = [COMPONENT_WEIGHTS.get(c[1], 5) for c in chain.components]
        self.component_weights = component_weights

    def tables(self):
        return [table for tracker in self.trackers for table in tracker.tables()]

    def write(self, count: int, years: int) -> int:
        with connection.cursor() as cursor:
            for table in self.tables():
                table.start(cursor)
            for year, last in ReferenceSequence.objects.filter(prefix="INC").values_list("year", "last_number"):
                self.references[year] = last
        start = self.now - years * 365 * 86400
        times = reported_times(self.rng, count, start, self.now - 600)
        heavy = {round(k * count / HEAVY_DETAIL_INCIDENTS) for k in range(HEAVY_DETAIL_INCIDENTS)} if count else set()
        done = pipeline(
            self.tables(), count, lambda index: self.one(times[index], index in heavy), "incidents", self.progress
        )
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables():
                table.fix_sequence(cursor)
            for year, last in self.references.items():
                ReferenceSequence.objects.update_or_create(prefix="INC", year=year, defaults={"last_number": last})
        return done

    def reference(self, reported: float) -> str:
        year = time.gmtime(reported + 3600).tm_year
        number = self.references.get(year, 0) + 1
        self.references[year] = number
        return f"INC-{year}-{number:06d}"

    def one(self, reported: float, heavy: bool) -> None:
        rng, chain, now = self.rng, self.chain, self.now
        incident_id = self.incident.rows.new_id()
        priority = weighted(rng, PRIORITY_WEIGHTS)
        impact, urgency = rng.choice(IMPACT_URGENCY[priority])
        component_id, slug, operating, hosting, monitoring = rng.choices(
            chain.components, weights=self.component_weights
        )[0]
        if rng.random() < 0.8:
            reporter_user, reporter_party = chain.reporter_user, chain.reporter_party
        else:
            reporter_party = rng.choice([operating, hosting or operating, chain.regie_party])
            reporter_user = chain.operator_of[reporter_party]
        sla = chain.sla[component_id]
        response_min, resolution_min, _calendar, always = sla.targets[priority]
        factor = 1.0 if always else OFFICE_FACTOR

        # The story: when each step happened (None: not (yet) happened).
        cancelled = rng.random() < 0.03
        assign_at = reported + rng.uniform(300, 7200)
        first_party = operating if operating != chain.regie_party else (hosting or operating)
        response_f = rng.uniform(0.05, 0.7) if rng.random() < 0.94 else rng.uniform(1.05, 2.5)
        ack_at = reported + max(response_min * 60 * factor * response_f, 60)
        ack_at = max(ack_at, assign_at + 60)
        reassign_at = None
        second_party = None
        if rng.random() < 0.15:
            second_party = hosting if hosting and hosting != first_party else (monitoring or chain.regie_party)
            if second_party == first_party:
                second_party = chain.regie_party
            reassign_at = ack_at + rng.uniform(600, 86400)
        hold = None
        if rng.random() < 0.12:
            hold_start = (reassign_at or ack_at) + rng.uniform(300, 14400)
            hold_length = rng.uniform(3600, 3 * 86400)
            stuck = rng.random() < 0.02
            hold = [hold_start, None if stuck else hold_start + hold_length, rng.random() < 0.7]
        breach = rng.random() < 0.10
        resolution_wall = resolution_min * 60 * factor
        # Within the norm: relative to the tightest target the incident will run under (the first
        # party's contract is usually stricter than the chain SLA); a breach overruns the SLA itself.
        tightest = resolution_wall
        contract = chain.uc.get((first_party, component_id))
        if contract and priority in contract.targets:
            uc_target = contract.targets[priority]
            tightest = min(tightest, uc_target[1] * 60 * (1.0 if uc_target[3] else OFFICE_FACTOR))
        if breach:
            resolution_span = resolution_wall * rng.uniform(1.02, 2.0)
        else:
            resolution_span = tightest * (0.05 + 0.9 * rng.betavariate(2, 5))
        paused = 0.0
        if hold:
            paused = (hold[1] or now + 10 * 365 * 86400) - hold[0]
        resolve_at = reported + resolution_span + paused
        resolve_at = max(resolve_at, (reassign_at or ack_at) + 600, (hold[1] or 0) + 600 if hold else 0)
        reopen_at = second_resolve_at = None
        if rng.random() < 0.03:
            reopen_at = resolve_at + rng.uniform(3600, 3 * 86400)
            second_resolve_at = reopen_at + rng.uniform(3600, 2 * 86400)
        close_at = (second_resolve_at or resolve_at) + rng.uniform(3600, 7 * 86400)
        cancel_at = reported + rng.uniform(600, 86400) if cancelled else None

        # Status steps up to now: (at, status, assigned party, resolved_at, closed_at).
        steps = [(reported, "new", None)]
        if cancelled:
            if cancel_at <= now:
                steps.append((cancel_at, "cancelled", None))
        else:
            steps.append((assign_at, "assigned", first_party))
            steps.append((ack_at, "in_progress", first_party))
            current = first_party
            if reassign_at:
                steps.append((reassign_at, "assigned", second_party))
                current = second_party
                steps.append((reassign_at + rng.uniform(120, 3600), "in_progress", second_party))
            if hold:
                steps.append((hold[0], "on_hold", current))
                if hold[1]:
                    steps.append((hold[1], "in_progress", current))
            steps.append((resolve_at, "resolved", current))
            if reopen_at:
                steps.append((reopen_at, "reopened", current))
                steps.append((reopen_at + 600, "in_progress", current))
                steps.append((second_resolve_at, "resolved", current))
            steps.append((close_at, "closed", current))
        steps.sort(key=lambda step: step[0])
        steps = [step for step in steps if step[0] <= now]
        # A stuck hold keeps the incident on hold: nothing after it happens.
        if hold and hold[1] is None:
            steps = [step for step in steps if step[0] <= hold[0]]
        status = steps[-1][1]
        assigned_party = steps[-1][2]
        resolved_at = None
        if status in ("resolved", "closed"):
            resolved_at = next(at for at, s, _p in reversed(steps) if s == "resolved")
        closed_at = next((at for at, s, _p in steps if s in ("closed", "cancelled")), None)
        reopened = sum(1 for _at, s, _p in steps if s == "reopened")
        is_open = status not in ("resolved", "closed", "cancelled")
        acked = any(s == "in_progress" for _at, s, _p in steps)

        # Clocks and their events.
        events = []
        sla_due = reported + resolution_wall + paused
        sla_stop = resolved_at if status in ("resolved", "closed") else (closed_at if status == "cancelled" else None)
        sla_clock = self._clock(
            incident_id,
            "sla",
            sla,
            priority,
            reported,
            ack_at if acked else None,
            sla_stop,
            "resolved" if status in ("resolved", "closed") else ("cancelled" if status == "cancelled" else ""),
        )
        worst = "ok"
        clock_events = [(sla_clock, reported, response_min * 60 * factor, resolution_wall, sla_stop)]
        assignments = []
        if not cancelled and len(steps) > 1:
            end_first = reassign_at if reassign_at and reassign_at <= now else None
            assignments.append((first_party, assign_at, end_first, ack_at if ack_at <= now else None))
            if end_first:
                second_ack = next((at for at, s, p in steps if s == "in_progress" and p == second_party), None)
                assignments.append((second_party, reassign_at, None, second_ack))
        for party, started, ended, acknowledged in assignments:
            assignment_id = self.assignment.rows.new_id()
            self.assignment.add(
                {
                    "id": str(assignment_id),
                    "incident_id": str(incident_id),
                    "party_id": str(party),
                    "started_at": ts(started),
                    "ended_at": ts(ended),
                    "acknowledged_at": ts(acknowledged),
                    "assigned_by_id": str(chain.operator_of[chain.regie_party]),
                    "reason": "Doorgezet naar de beherende partij",
                },
                started,
            )
            contract = chain.uc.get((party, component_id))
            if contract and priority in contract.targets:
                uc_response, uc_resolution, _c, uc_always = contract.targets[priority]
                uc_factor = 1.0 if uc_always else OFFICE_FACTOR
                if ended:
                    stop, why = ended, "transferred"
                else:
                    stop, why = sla_stop, ("resolved" if sla_stop and status != "cancelled" else "")
                clock_id = self._clock(
                    incident_id, "uc", contract, priority, started, acknowledged, stop, why, party=party
                )
                clock_events.append(
                    (clock_id, started, uc_response * 60 * uc_factor, uc_resolution * 60 * uc_factor, stop)
                )
        for clock_id, started, response_wall, target_wall, stop in clock_events:
            response_at = ack_at if acked else None
            if response_at and response_at - reported > response_wall and clock_id == sla_clock:
                events.append((clock_id, "breach", "response", started + response_wall))
            end = stop or now
            elapsed = end - started - paused
            if elapsed >= 0.75 * target_wall:
                events.append((clock_id, "warning", "resolution", started + 0.75 * target_wall + paused))
                if is_open and worst == "ok":
                    worst = "warning"
            if elapsed >= target_wall:
                events.append((clock_id, "breach", "resolution", started + target_wall + paused))
                worst = "breached"
        for clock_id, kind, target, raised in events:
            if raised > now:
                continue
            self.event.add(
                {
                    "id": str(self.event.rows.new_id()),
                    "clock_id": str(clock_id),
                    "kind": kind,
                    "target": target,
                    "raised_at": ts(raised),
                    "notified_at": ts(raised + 60),
                },
                raised,
            )

        # Holds.
        if hold and hold[0] <= now:
            end = hold[1] if hold[1] and hold[1] <= now else None
            for_reporter = hold[2]
            holder = assigned_party or first_party
            self.hold.add(
                {
                    "id": str(self.hold.rows.new_id()),
                    "incident_id": str(incident_id),
                    "waiting_for": "reporter" if for_reporter else "party",
                    "waiting_for_party_id": N if for_reporter else str(hosting or chain.regie_party),
                    "reason": HOLD_REASONS[0 if for_reporter else 1],
                    "started_at": ts(hold[0]),
                    "ended_at": ts(end),
                    "started_by_id": str(chain.operator_of[holder]),
                    "ended_by_id": nullable(chain.operator_of[holder] if end else None),
                },
                hold[0],
            )

        # Messages: a few per worked incident, twenty on a handful (the detail benchmark).
        if assignments:
            count = HEAVY_DETAIL_UPDATES if heavy else rng.choice((0, 1, 1, 2, 2, 3, 4))
            window_end = min(resolved_at or now, now)
            for number in range(count):
                at = assign_at + (window_end - assign_at) * (number + 1) / (count + 1)
                internal = rng.random() < 0.35
                from_reporter = not internal and rng.random() < 0.3
                party = reporter_party if from_reporter else (assigned_party or first_party)
                self.update.add(
                    {
                        "id": str(self.update.rows.new_id()),
                        "incident_id": str(incident_id),
                        "author_id": str(reporter_user if from_reporter else chain.operator_of[party]),
                        "author_party_id": str(party),
                        "visibility": "internal" if internal else "public",
                        "body": rng.choice(UPDATE_TEXTS),
                        "created_at": ts(at),
                    },
                    at,
                )

        # The incident and one history row per status step.
        values = {
            "id": str(incident_id),
            "reference": self.reference(reported),
            "title": f"{rng.choice(TITLES)} ({slug})",
            "description": "Gemeld via het portaal.",
            "component_id": str(component_id),
            "reported_by_id": str(reporter_user),
            "reporter_party_id": str(reporter_party),
            "reported_at": ts(reported),
            "impact": impact,
            "urgency": urgency,
            "priority": priority,
            "status": status,
            "assigned_party_id": nullable(assigned_party),
            "resolution_code": rng.choice(RESOLUTIONS) if resolved_at or status == "closed" else "",
            "resolution": "Opgelost." if resolved_at or status == "closed" else "",
            "resolved_at": ts(resolved_at),
            "closed_at": ts(closed_at),
            "duplicate_of_id": nullable(incident_id - 1 if cancelled and incident_id > 1 else None),
            "reopen_count": str(reopened),
            "breach_state": worst,
            "due_at": ts(sla_due if is_open and not (hold and hold[1] is None) else None),
            "version": str(len(steps)),
        }
        line = [values[column] for column in self.incident.columns]
        self.incident.rows.add(line)
        columns = self.incident.columns
        at_status, at_party = columns.index("status"), columns.index("assigned_party_id")
        at_resolved, at_closed = columns.index("resolved_at"), columns.index("closed_at")
        at_version = columns.index("version")
        resolved_so_far = closed_so_far = N
        for number, (at, step_status, party) in enumerate(steps, start=1):
            row = list(line)
            row[at_status], row[at_party], row[at_version] = step_status, nullable(party), str(number)
            if step_status == "resolved":
                resolved_so_far = ts(at)
            elif step_status == "reopened":
                resolved_so_far = N
            if step_status in ("closed", "cancelled"):
                closed_so_far = ts(at)
            row[at_resolved], row[at_closed] = resolved_so_far, closed_so_far
            self.incident.add_history(row, at, "+" if number == 1 else "~")

    def _clock(self, incident_id, scope, contract: Contract, priority, started, responded, stopped, why, party=None):
        response, resolution, calendar, _always = contract.targets[priority]
        clock_id = self.clock.rows.new_id()
        self.clock.add(
            {
                "id": str(clock_id),
                "incident_id": str(incident_id),
                "scope": scope,
                "party_id": str(party or contract.party_id),
                "agreement_id": str(contract.agreement_id),
                "agreement_reference": contract.reference,
                "agreement_history_id": str(contract.history_id),
                "priority": priority,
                "response_minutes": str(response),
                "resolution_minutes": str(resolution),
                "calendar_snapshot": calendar,
                "started_at": ts(started),
                "responded_at": ts(responded if responded and (not stopped or responded <= stopped) else None),
                "stopped_at": ts(stopped),
                "stop_reason": why if stopped else "",
            },
            started,
        )
        return clock_id
