"""Incidents over the last years: each incident's story drawn step by step (durations in business time of
its SLA calendar) and played through `story.Story`, which follows the workflow and the services' bookkeeping."""

import json
import random
import time

from django.db import connection, transaction

from core.models import ReferenceSequence
from incidents.clocks import engine_for_snapshot
from incidents.models import (
    Assignment,
    HoldPeriod,
    Incident,
    IncidentUpdate,
    ResolutionCode,
    SlaClock,
    SlaEvent,
)
from parties.calendars import BusinessCalendar
from parties.models import Priority

from .business_time import BusinessTime
from .chain import Chain
from .draw import reported_times, weighted
from .history import Tracked
from .story import Story, StoryEnds
from .story import _ as story_message
from .writer import N, pipeline, ts

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
AUTO_CLOSE_BUSINESS_DAYS = 5  # incidents.services.background: the reporter's silence that closes a resolution
HEAVY_DETAIL_UPDATES = 20
HEAVY_DETAIL_INCIDENTS = 10
# About one incident in ten breaches the chain SLA (response or resolution), as in a chain that mostly keeps its
# promises: a late response for 4%, a resolution past the target for 6% (a few breach both).
RESPONSE_ON_TIME = 0.96
RESOLUTION_OVERRUN = 0.06


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
        self.times: dict[str, BusinessTime] = {}  # calendar snapshot (JSON) -> its business time
        self.contract_terms: dict[tuple, tuple] = {}  # (agreement id, priority) -> what terms() returns
        self.agreement_times: dict[int, BusinessTime] = {}  # agreement id -> its own calendar's business time
        self.first = int(now)
        self.labels = {
            str(value): str(label)
            for choices in (IncidentUpdate.Visibility, ResolutionCode, SlaEvent.Kind, SlaEvent.Target)
            for value, label in choices.choices
        }
        self.last_reference = None
        self.wall_clock = BusinessTime(BusinessCalendar.always_open_calendar(), 0)  # for a component without SLA

    def tables(self):
        return [table for tracker in self.trackers for table in tracker.tables()]

    def write(self, count: int, years: float) -> int:
        story_message.cache_clear()
        with connection.cursor() as cursor:
            for table in self.tables():
                table.start(cursor)
            for year, last in ReferenceSequence.objects.filter(prefix="INC").values_list("year", "last_number"):
                self.references[year] = last
        start = self.now - years * 365 * 86400
        self.first = int(start) - 86400
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

    def time_of(self, snapshot: dict) -> BusinessTime:
        key = json.dumps(snapshot, sort_keys=True)
        if key not in self.times:
            self.times[key] = BusinessTime(engine_for_snapshot(snapshot), self.first)
        return self.times[key]

    def terms(self, contract, priority):
        """(contract, its target for the priority, the target calendar's business time), or None."""
        if contract is None or priority not in contract.targets:
            return None
        key = (contract.agreement_id, priority)
        if key not in self.contract_terms:
            target = contract.targets[priority]
            self.contract_terms[key] = (contract, target, self.time_of(target[3]))
        return self.contract_terms[key]

    def calendar_time(self, contract) -> BusinessTime:
        """The business time of the agreement's own calendar."""
        if contract.agreement_id not in self.agreement_times:
            self.agreement_times[contract.agreement_id] = self.time_of(contract.calendar)
        return self.agreement_times[contract.agreement_id]

    def reference(self, reported: float) -> str:
        year = time.gmtime(reported + 3600).tm_year
        number = self.references.get(year, 0) + 1
        self.references[year] = number
        return f"INC-{year}-{number:06d}"

    def one(self, reported: float, heavy: bool) -> None:
        rng, chain, now = self.rng, self.chain, int(self.now)
        reported = int(reported)
        incident_id = self.incident.rows.new_id()
        priority = weighted(rng, PRIORITY_WEIGHTS)
        impact, urgency = rng.choice(IMPACT_URGENCY[priority])
        component_id, slug, operating, hosting, monitoring = rng.choices(
            chain.components, weights=self.component_weights
        )[0]
        if rng.random() < 0.8:
            reporter, reporter_party = chain.reporter_user, chain.reporter_party
        else:
            reporter_party = rng.choice([operating, hosting or operating, chain.regie_party])
            reporter = chain.operator_of[reporter_party]
        reference = self.reference(reported)
        values = {
            "id": str(incident_id),
            "reference": reference,
            "title": f"{rng.choice(TITLES)} ({slug})",
            "description": "Gemeld via het portaal.",
            "component_id": str(component_id),
            "reported_by_id": str(reporter),
            "reporter_party_id": str(reporter_party),
            "reported_at": ts(reported),
            "impact": impact,
            "urgency": urgency,
            "priority": priority,
            "status": "new",
            "assigned_party_id": N,
            "resolution_code": "",
            "resolution": "",
            "resolved_at": N,
            "closed_at": N,
            "duplicate_of_id": N,
            "known_outage_id": N,
            "reopen_count": "0",
            "breach_state": "ok",
            "due_at": N,
            "version": "1",
        }
        sla = self.terms(chain.sla.get(component_id), priority)
        story = Story(self, values, self.labels, now)
        duplicate = (self.last_reference, incident_id - 1) if self.last_reference else None
        self.last_reference = reference
        try:
            self.play(story, reported, sla, component_id, operating, hosting, monitoring, heavy, duplicate)
        except StoryEnds:
            pass
        story.finish()

    def play(self, story: Story, at: int, sla, component_id, operating, hosting, monitoring, heavy, duplicate):
        """The incident's life up to now: each step a business-time delay after the one before it."""
        rng, chain = self.rng, self.chain
        values = story.incident.values
        reporter, reporter_party = int(values["reported_by_id"]), int(values["reporter_party_id"])
        time = sla[2] if sla else self.wall_clock

        def later(start: int, seconds: float) -> int:
            moment = time.add(start, max(60, int(seconds)))
            if moment > story.now:
                raise StoryEnds
            return moment

        story.file(at, reporter, sla)
        regie = chain.operator_of[chain.regie_party]
        cancelled = duplicate is not None and rng.random() < 0.03
        if cancelled and rng.random() < 0.5:
            story.cancel(later(at, rng.uniform(300, 3600)), regie, duplicate[1], duplicate[0])
            return
        first = operating if operating != chain.regie_party else (hosting or operating)
        # Routing takes a small share of the chain's response target, the party's response the rest of it.
        response = sla[1][0] * 60 if sla else 3600
        at = later(at, response * rng.uniform(0.02, 0.25))
        uc = self.terms(chain.uc.get((first, component_id)), values["priority"])
        story.assign(at, regie, first, chain.party_names[first], "Doorgezet naar de beherende partij", uc)
        party = first
        response = min([response, *([uc[1][0] * 60] if uc else [])])
        share = rng.uniform(0.05, 0.45) if rng.random() < RESPONSE_ON_TIME else rng.uniform(1.05, 2.5)
        at = later(at, response * share)
        story.acknowledge(at, chain.operator_of[party])
        if rng.random() < 0.15:
            second = hosting if hosting and hosting != first else (monitoring or chain.regie_party)
            if second == first:
                second = chain.regie_party
            at = later(at, rng.uniform(600, 28800))
            uc = self.terms(chain.uc.get((second, component_id)), values["priority"])
            story.assign(at, regie, second, chain.party_names[second], "Doorgezet naar de hostingpartij", uc)
            party = second
            at = later(at, rng.uniform(120, 3600))
            story.acknowledge(at, chain.operator_of[party])
        operator = chain.operator_of[party]
        if cancelled:
            story.cancel(later(at, rng.uniform(600, 14400)), operator, duplicate[1], duplicate[0])
            return
        if rng.random() < 0.12:
            at = later(at, rng.uniform(300, 14400))
            for_reporter = rng.random() < 0.7
            waited_party = None if for_reporter else (hosting or chain.regie_party)
            waiting_for = HoldPeriod.WaitingFor.REPORTER if for_reporter else HoldPeriod.WaitingFor.PARTY
            story.hold(at, operator, waiting_for, waited_party, HOLD_REASONS[0 if for_reporter else 1])
            if rng.random() < 0.02:
                return  # never resumed
            at = later(at, rng.uniform(3600, 3 * 86400))
            if for_reporter:
                story.answer(at, reporter, reporter_party, "Hierbij de gevraagde schermafdruk.")
            else:
                story.resume(at, operator)
        for _number in range(HEAVY_DETAIL_UPDATES if heavy else rng.choice((0, 1, 1, 2, 2, 3, 4))):
            at = later(at, rng.uniform(600, 7200))
            internal = rng.random() < 0.35
            from_reporter = not internal and rng.random() < 0.3
            author, author_party = (reporter, reporter_party) if from_reporter else (operator, party)
            visibility = IncidentUpdate.Visibility.INTERNAL if internal else IncidentUpdate.Visibility.PUBLIC
            story.message(at, author, author_party, visibility, rng.choice(UPDATE_TEXTS))
        at = self.resolution_time(story, at, sla, rng)
        code = rng.choice(RESOLUTIONS)
        story.resolve(at, operator, code, "Opgelost.")
        if rng.random() < 0.03:
            at = later(at, rng.uniform(3600, 2 * 32400))
            story.reopen(at, reporter, "Het probleem doet zich opnieuw voor.")
            at = later(at, rng.uniform(600, 7200))
            story.acknowledge(at, operator)
            at = later(at, rng.uniform(3600, 2 * 32400))
            story.resolve(at, operator, code, "Opgelost na heropening.")
        quiet = self.calendar_time(sla[0]) if sla else None
        if quiet is None or rng.random() < 0.6:
            story.confirm(later(at, rng.uniform(600, 3 * 32400)), reporter)
        else:
            # auto_close_resolved runs hourly: the first run after five quiet business days.
            closing = quiet.add(at, AUTO_CLOSE_BUSINESS_DAYS * quiet.average_open_day())
            story.auto_close(closing + 3600 - closing % 3600)

    def resolution_time(self, story: Story, at: int, sla, rng) -> int:
        """When the incident is resolved: a share (RESOLUTION_OVERRUN) overrun the chain SLA's resolution target,
        the rest stay within the tightest resolution target of the clocks that run."""
        if not story.clocks:
            return at + int(rng.uniform(3600, 86400))
        running = [clock for clock in story.clocks if clock.stopped is None]
        sla_clock = story.clocks[0]
        if rng.random() < RESOLUTION_OVERRUN:
            ran = sla_clock.resolution * rng.uniform(1.02, 2.0)
        else:
            ran = min(clock.resolution for clock in running or [sla_clock]) * (0.05 + 0.9 * rng.betavariate(2, 5))
        reached = story.crossing(sla_clock, max(int(ran), 60))
        return max(reached, at + 60) if reached is not None else at + 60
