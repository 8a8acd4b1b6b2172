"""One incident's life, played step by step as the incident services would write it, without the database.

Every status change is a transition of the incident workflow's table (`INCIDENT_WORKFLOW`): a step whose
transition does not start from the incident's status raises, so a generated history is always a path the
portal allows. Each step does the bookkeeping of its service (incidents/services): assignments, the chain
SLA clock and each contract's clock, holds (and the confirmation hold a reopening records), and the
history rows of every record it changes, with the service's user and reason. Before each step the clock
watch (`check_sla_clocks`) is caught up: every 75% warning and 100% breach a clock reached is raised at the
instant it was reached, and the incident's breach state follows. The due time and breach state are read
as `incidents.clocks` reads them, with business time from the calendar engine's table (`BusinessTime`).
"""

from functools import lru_cache

from django.utils.translation import gettext

from incidents.models import BreachState, HoldPeriod, IncidentUpdate, SlaClock, SlaEvent, Status
from incidents.workflow import INCIDENT_WORKFLOW

from .business_time import BusinessTime
from .history import Record
from .writer import N, nullable, ts

# The story's messages, each translated once per load (`IncidentWriter.write` clears them): gettext looks the
# active language up on every call, and the thread that generates a load writes in one language throughout.
_ = lru_cache(maxsize=None)(gettext)

NOTIFY_DELAY = 60  # seconds from an SLA event to the mail that reports it ("Melding verstuurd")
SYSTEM = None  # the user of what background work writes


class StoryEnds(Exception):
    """The next step would happen after the load's "now"."""


class Clock:
    """An SLA clock as the story runs it: its times as POSIX seconds, its row as a Record."""

    __slots__ = ("raised", "record", "resolution", "responded", "response", "scope", "start", "stopped", "time", "why")

    def __init__(self, record: Record, scope: str, time: BusinessTime, start: int, response: int, resolution: int):
        self.record, self.scope, self.time, self.start = record, scope, time, start
        self.response, self.resolution = response * 60, resolution * 60  # seconds of business time
        self.responded = self.stopped = None
        self.why = ""
        self.raised: set[tuple[str, str]] = set()  # (target, kind) of the events raised

    def target(self, target: str) -> tuple[int, int | None]:
        """(seconds, the instant the target was met or None) of the response or resolution target."""
        if target == SlaEvent.Target.RESPONSE:
            return self.response, self.responded
        return self.resolution, self.stopped if self.why == SlaClock.StopReason.RESOLVED else None


class Story:
    """The incident, its clocks, assignments, holds, messages and events while its life is played."""

    def __init__(self, tables, incident: dict, labels: dict, now: int):
        self.tables, self.now, self.labels = tables, now, labels
        self.incident = Record(tables.incident, incident)
        self.status = Status.NEW
        self.version = 1
        self.resolved_at = None
        self.summary = (BreachState.OK, None)
        self.clocks: list[Clock] = []
        self.holds: list[list] = []  # [start, end or None, Record], in order
        self.assignment: Record | None = None
        self.records: list[Record] = []  # every record but the incident, to write at the end
        self.crossings: dict = {}  # (clock, seconds) -> (hold_changes when found, instant)
        self.hold_changes = 0

    # --- the steps, one per service ---------------------------------------------------------------------

    def file(self, at: int, reporter: int, sla: tuple | None) -> None:
        """incident_file: the incident and the chain SLA clock (`sla`: contract, its target and time)."""
        clock = self._clock(SlaClock.Scope.SLA, sla, at) if sla else None
        self.summary = self._read(at)
        self._set_incident()
        self.incident.created(at, reporter, _("Incident gemeld"))
        if clock:
            clock.record.created(at, reporter, self._started(clock))

    def assign(self, at: int, actor: int, party: int, party_name: str, reason: str, contract: tuple | None) -> None:
        """incident_assign: the current assignment and contract clocks end, the party's own clock starts."""
        self._move(at, "assign")
        if str(party) == self.incident.values["assigned_party_id"]:
            raise ValueError("an incident is assigned to a party it is not with")
        self._end_hold(at, actor)
        if self.assignment is not None:
            self.assignment.changed(at, actor, reason, ended_at=ts(at))
        for clock in self.clocks:
            if clock.scope == SlaClock.Scope.UC and clock.stopped is None:
                self._stop(clock, at, SlaClock.StopReason.TRANSFERRED, actor, reason)
        self.assignment = self._new(
            self.tables.assignment,
            {
                "incident_id": self.incident.values["id"],
                "party_id": str(party),
                "started_at": ts(at),
                "ended_at": N,
                "acknowledged_at": N,
                "assigned_by_id": str(actor),
                "reason": reason,
            },
        )
        self.assignment.created(at, actor, reason)
        if contract:
            clock = self._clock(SlaClock.Scope.UC, contract, at, party)
            clock.record.created(at, actor, self._started(clock))
        assigned = _("Toegewezen aan %(party)s: %(reason)s") % {"party": party_name, "reason": reason}
        self._save(at, actor, assigned, assigned_party_id=str(party))
        self._refresh(at, actor, reason)

    def acknowledge(self, at: int, actor: int) -> None:
        """incident_acknowledge: the response targets of the running clocks are met."""
        self._move(at, "acknowledge")
        for clock in self.clocks:
            if clock.stopped is None and clock.responded is None:
                clock.responded = at
                clock.record.changed(at, actor, _("Reactie: in behandeling genomen"), responded_at=ts(at))
        if self.assignment is not None and self.assignment.values["acknowledged_at"] == N:
            self.assignment.changed(at, actor, _("In behandeling genomen"), acknowledged_at=ts(at))
        self._save(at, actor, _("In behandeling genomen"))
        self._refresh(at, actor, _("In behandeling genomen"))

    def hold(self, at: int, actor: int, waiting_for: str, party: int | None, reason: str) -> None:
        """incident_hold: the clocks pause until the incident resumes."""
        self._move(at, "hold")
        hold = self._new(
            self.tables.hold,
            {
                "incident_id": self.incident.values["id"],
                "waiting_for": waiting_for,
                "waiting_for_party_id": nullable(party),
                "reason": reason,
                "started_at": ts(at),
                "ended_at": N,
                "started_by_id": str(actor),
                "ended_by_id": N,
            },
        )
        hold.created(at, actor, reason)
        self.holds.append([at, None, hold])
        self.hold_changes += 1
        self._save(at, actor, _("In de wacht: %(reason)s") % {"reason": reason})
        self._refresh(at, actor, reason)

    def resume(self, at: int, actor: int) -> None:
        """incident_resume."""
        self._resume(at, "resume", actor, _("Hervat"))

    def answer(self, at: int, reporter: int, reporter_party: int, body: str) -> None:
        """incident_reply by the reporter to the question the incident waits for: it resumes."""
        self.message(at, reporter, reporter_party, IncidentUpdate.Visibility.PUBLIC, body, save=False)
        self._resume(at, "answer", reporter, _("Melder heeft geantwoord"))

    def message(self, at: int, author: int, party: int, visibility: str, body: str, save: bool = True) -> None:
        """incident_reply while the incident is in progress: the message and a new version of the incident."""
        self._catch_up(at)
        if self.status in (Status.CLOSED, Status.CANCELLED):
            raise ValueError("a message on a closed incident")
        label = self.labels[visibility]
        update = {
            "id": str(self.tables.update.rows.new_id()),
            "incident_id": self.incident.values["id"],
            "author_id": str(author),
            "author_party_id": str(party),
            "visibility": visibility,
            "body": body,
            "created_at": ts(at),
        }
        self.tables.update.add(update, at, "+", author, label)
        if save:
            self._save(at, author, label)

    def resolve(self, at: int, actor: int, code: str, resolution: str) -> None:
        """incident_resolve: the running clocks stop, met."""
        self._move(at, "resolve")
        for clock in self.clocks:
            if clock.stopped is None:
                self._stop(clock, at, SlaClock.StopReason.RESOLVED, actor, _("Opgelost"))
        self.resolved_at = at
        self.incident.values.update(resolution_code=code, resolution=resolution)
        self._save(at, actor, _("Opgelost: %(code)s") % {"code": self.labels[code]})
        self._refresh(at, actor, _("Opgelost"))

    def confirm(self, at: int, reporter: int) -> None:
        """incident_confirm."""
        self._move(at, "confirm")
        self._save(at, reporter, _("Oplossing bevestigd door de melder"), closed_at=ts(at))

    def auto_close(self, at: int) -> None:
        """auto_close_resolved."""
        self._move(at, "auto_close")
        reason = _("Automatisch gesloten: 5 werkdagen geen reactie op de oplossing")
        self._save(at, SYSTEM, reason, closed_at=ts(at))

    def reopen(self, at: int, reporter: int, reason: str) -> None:
        """incident_reopen: the time since the resolution was a wait for the reporter; the clocks run on."""
        self._move(at, "reopen")
        hold = self._new(
            self.tables.hold,
            {
                "incident_id": self.incident.values["id"],
                "waiting_for": HoldPeriod.WaitingFor.CONFIRMATION,
                "waiting_for_party_id": N,
                "reason": _("Opgelost; wachtte op bevestiging van de melder"),
                "started_at": ts(self.resolved_at),
                "ended_at": ts(at),
                "started_by_id": str(reporter),
                "ended_by_id": str(reporter),
            },
        )
        hold.created(at, reporter, reason)
        self.holds.append([self.resolved_at, at, hold])
        self.hold_changes += 1
        for clock in self.clocks:
            if clock.why == SlaClock.StopReason.RESOLVED and clock.stopped == self.resolved_at:
                clock.stopped, clock.why = None, ""
                clock.record.changed(at, reporter, _("Heropend: klok loopt verder"), stopped_at=N, stop_reason="")
        self.resolved_at = None
        reopened = int(self.incident.values["reopen_count"]) + 1
        self._save(at, reporter, _("Heropend: %(reason)s") % {"reason": reason}, reopen_count=str(reopened))
        self._refresh(at, reporter, reason)

    def cancel(self, at: int, actor: int, duplicate_of: int, duplicate_reference: str) -> None:
        """incident_cancel_duplicate: the hold ends, the running clocks stop."""
        self._move(at, "cancel")
        self._end_hold(at, actor)
        for clock in self.clocks:
            if clock.stopped is None:
                self._stop(clock, at, SlaClock.StopReason.CANCELLED, actor, _("Vervallen als dubbel"))
        why = _("Dubbel van %(reference)s") % {"reference": duplicate_reference}
        self._save(at, actor, why, duplicate_of_id=str(duplicate_of), closed_at=ts(at))
        self._refresh(at, actor, why)

    def finish(self) -> None:
        """Catch the clock watch up with "now" and write every record's own row."""
        self._catch_up(self.now)
        self.incident.write()
        for record in self.records:
            record.write()

    # --- reading the clocks, as incidents.clocks does ---------------------------------------------------

    def running(self, clock: Clock, end: int) -> int:
        """Business seconds the clock ran from its start to `end`: its time minus the time on hold."""
        time, start = clock.time, clock.start
        ran = time.elapsed(start, end)
        for hold_start, hold_end, _record in self.holds:
            if hold_start < end and (hold_end is None or hold_end > start):
                ran -= time.elapsed(max(hold_start, start), min(hold_end or end, end))
        return ran

    def crossing(self, clock: Clock, seconds: int) -> int | None:
        """The instant at which the clock has run `seconds`, with the holds so far (None: not while the open
        hold lasts)."""
        key = (clock, seconds)
        seen = self.crossings.get(key)
        if seen is not None and seen[0] == self.hold_changes:
            return seen[1]
        time, at, ran, found = clock.time, clock.start, 0, None
        for hold_start, hold_end, _record in self.holds:
            if hold_end is not None and hold_end <= at:
                continue
            if hold_start > at:
                part = time.elapsed(at, hold_start)
                if ran + part >= seconds:
                    found = time.add(at, seconds - ran)
                    break
                ran += part
            if hold_end is None:
                break
            at = hold_end
        else:
            found = time.add(at, seconds - ran)
        self.crossings[key] = (self.hold_changes, found)
        return found

    def _read(self, at: int) -> tuple[str, int | None]:
        """(breach state, due time) of the incident at `at`: `clocks.clock_summary`'s reading."""
        on_hold = bool(self.holds) and self.holds[-1][1] is None
        worst, due = BreachState.OK, None
        for clock in self.clocks:
            for target in (SlaEvent.Target.RESPONSE, SlaEvent.Target.RESOLUTION):
                seconds, met = clock.target(target)
                end = met or clock.stopped or at
                ran = self.running(clock, end)
                paused_now = met is None and clock.stopped is None and on_hold
                if ran > seconds if met is not None else ran >= seconds:
                    worst = BreachState.BREACHED
                elif (
                    met is None
                    and clock.stopped is None
                    and not paused_now
                    and ran * 4 >= seconds * 3
                    and worst == BreachState.OK
                ):
                    worst = BreachState.WARNING
                if clock.scope == SlaClock.Scope.SLA and target == SlaEvent.Target.RESOLUTION:
                    paused = clock.time.elapsed(clock.start, end) - ran
                    running = clock.stopped is None and not paused_now
                    due = clock.time.add(clock.start, seconds + paused) if running else None
        return worst, due

    # --- bookkeeping shared by the steps ----------------------------------------------------------------

    def _catch_up(self, until: int) -> None:
        """check_sla_clocks up to `until`: the warnings and breaches the running clocks reached, each raised
        at its instant (and mailed a minute later), and the incident's breach state after each."""
        due = []
        for clock in self.clocks:
            if clock.stopped is not None:
                continue
            for target in (SlaEvent.Target.RESPONSE, SlaEvent.Target.RESOLUTION):
                seconds, met = clock.target(target)
                if met is not None:
                    continue
                for kind, share in ((SlaEvent.Kind.WARNING, seconds * 3 // 4), (SlaEvent.Kind.BREACH, seconds)):
                    if (target, kind) in clock.raised:
                        continue
                    reached = self.crossing(clock, share)
                    if reached is not None and reached <= until:
                        due.append((reached, kind == SlaEvent.Kind.BREACH, clock, target, kind))
        for reached, _breach, clock, target, kind in sorted(due, key=lambda event: event[:2]):
            clock.raised.add((target, kind))
            event = self._new(
                self.tables.event,
                {
                    "clock_id": clock.record.values["id"],
                    "kind": kind,
                    "target": target,
                    "raised_at": ts(reached),
                    "notified_at": N,
                },
            )
            event.created(reached, SYSTEM, f"{self.labels[kind]} {self.labels[target]}")
            if reached + NOTIFY_DELAY <= self.now:
                notified = reached + NOTIFY_DELAY
                event.changed(notified, SYSTEM, _("Melding verstuurd"), notified_at=ts(notified))
            self._refresh(reached, SYSTEM, _("Normbewaking"))

    def _move(self, at: int, name: str) -> None:
        """Catch the clock watch up, then take the workflow's transition `name` (it must start here)."""
        if at > self.now:
            raise StoryEnds
        self._catch_up(at)
        transition = INCIDENT_WORKFLOW.transitions[name]
        if self.status not in transition.sources:
            raise ValueError(f"{name} is not a transition from {self.status}")
        self.status = transition.target

    def _resume(self, at: int, name: str, actor: int, reason: str) -> None:
        self._move(at, name)
        self._end_hold(at, actor)
        self._save(at, actor, reason)
        self._refresh(at, actor, reason)

    def _end_hold(self, at: int, actor: int) -> None:
        if self.holds and self.holds[-1][1] is None:
            self.holds[-1][1] = at
            self.hold_changes += 1
            self.holds[-1][2].changed(at, actor, _("Wachten beëindigd"), ended_at=ts(at), ended_by_id=str(actor))

    def _stop(self, clock: Clock, at: int, why: str, actor, reason: str) -> None:
        clock.stopped, clock.why = at, why
        clock.record.changed(at, actor, reason, stopped_at=ts(at), stop_reason=why)

    def _clock(self, scope: str, contract_target: tuple, at: int, party: int | None = None) -> Clock:
        contract, (response, resolution, calendar, _always), time = contract_target
        record = self._new(
            self.tables.clock,
            {
                "incident_id": self.incident.values["id"],
                "scope": scope,
                "party_id": str(party or contract.party_id),
                "agreement_id": str(contract.agreement_id),
                "agreement_reference": contract.reference,
                "agreement_history_id": str(contract.history_id),
                "priority": self.incident.values["priority"],
                "response_minutes": str(response),
                "resolution_minutes": str(resolution),
                "calendar_snapshot": calendar,
                "started_at": ts(at),
                "responded_at": N,
                "stopped_at": N,
                "stop_reason": "",
            },
        )
        clock = Clock(record, scope, time, at, response, resolution)
        self.clocks.append(clock)
        return clock

    def _started(self, clock: Clock) -> str:
        return _("Klok gestart volgens %(reference)s") % {"reference": clock.record.values["agreement_reference"]}

    def _new(self, tracked, values: dict) -> Record:
        record = Record(tracked, {"id": str(tracked.rows.new_id()), **values})
        self.records.append(record)
        return record

    def _set_incident(self, **values) -> None:
        worst, due = self.summary
        self.incident.values.update(
            status=self.status,
            version=str(self.version),
            breach_state=worst,
            due_at=ts(due),
            resolved_at=ts(self.resolved_at),
            **values,
        )

    def _save(self, at: int, actor, reason: str, **values) -> None:
        """records.save: a new version of the incident with its history row."""
        self.version += 1
        self._set_incident(**values)
        self.incident.changed(at, actor, reason)

    def _refresh(self, at: int, actor, reason: str) -> None:
        """clock_keeping.refresh_summary: a history row when the breach state or the due time changed."""
        summary = self._read(at)
        if summary != self.summary:
            self.summary = summary
            self._set_incident()
            self.incident.changed(at, actor, reason)
