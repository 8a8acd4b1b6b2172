"""A large, realistic workload for the benchmark (`manage.py generate_load`).

Incidents and changes over the last years, with their clocks, assignments, holds, messages, SLA
events, approvals and the history rows of every record, written with PostgreSQL COPY in chunks
(one transaction per chunk, so memory stays flat and foreign keys are checked as we go).

Nothing here calls a service or the calendar engine per row: the times are drawn directly from
realistic distributions (wall-clock durations scaled from the business-time targets), and the
chain's agreements, targets and calendars are read once. Deterministic for a given seed and
"now". Benchmark data only: it writes rows directly, never through `QuerySet.update()`.
"""

import json
import queue
import random
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from changes.models import Approval, ChangeRequest, RiskAssessment, StandardChangeTemplate
from core.auditchain.canon import SEAL_FIELDS, Canon
from core.auditchain.seal import BASE_FIELDS, CHAIN_LOCK_KEY, chain_head
from core.models import ReferenceSequence
from incidents.models import Assignment, HoldPeriod, Incident, IncidentUpdate, SlaClock, SlaEvent
from parties.models import Agreement, AgreementKind, Component, Party, Priority

REASON = "Load generator"
CHUNK = 5_000  # incidents (or changes) per transaction
N = r"\N"

# --- text formatting for COPY ---------------------------------------------------------------------


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_ESCAPED = re.compile(r"\\[\\tnr]")
_UNESCAPED = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _unesc(text: str) -> str:
    """The inverse of _esc."""
    return _ESCAPED.sub(lambda match: _UNESCAPED[match.group()], text) if "\\" in text else text


def _ts(seconds: float | None) -> str:
    if seconds is None:
        return N
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(int(seconds)))


def _int(value) -> str:
    return N if value is None else str(value)


# The Python value PostgreSQL gives back for a column written as this COPY text, by the column's type.
_FROM_COPY_TEXT = {
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        int,
    ),
    **dict.fromkeys(("CharField", "TextField", "SlugField"), _unesc),
    "BooleanField": {"t": True, "f": False}.__getitem__,
    "DateTimeField": datetime.fromisoformat,  # _ts writes UTC with its offset
    "DateField": date.fromisoformat,
    "DecimalField": Decimal,
    "JSONField": lambda text: json.loads(_unesc(text)),
}


def _copy_text_reader(model_field):
    """Reads one column's COPY text back as the value the audit chain's canon expects (None for NULL)."""
    internal = (model_field.target_field if model_field.is_relation else model_field).get_internal_type()
    if internal not in _FROM_COPY_TEXT:
        raise TypeError(f"generate_load cannot seal a {internal} column ({model_field}): add it to _FROM_COPY_TEXT")
    parse = _FROM_COPY_TEXT[internal]
    return lambda text: None if text == N else parse(text)


class Table:
    """Rows for one table, as COPY text lines; ids handed out from max(id) + 1."""

    def __init__(self, model_or_table, columns: list[str], pk: str | None = "id"):
        self.table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        self.columns = columns
        self.pk = pk
        self.lines: list[str] = []
        self.next_id = 1
        self.written = 0

    def start(self, cursor) -> None:
        if self.pk:
            cursor.execute(f'SELECT COALESCE(MAX("{self.pk}"), 0) FROM "{self.table}"')  # noqa: S608
            self.next_id = cursor.fetchone()[0] + 1

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, values) -> None:
        self.lines.append("\t".join(values))

    def take(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines

    def flush(self, cursor, lines: list[str]) -> None:
        if not lines:
            return
        columns = ", ".join(f'"{column}"' for column in self.columns)
        with cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
            copy.write("\n".join(lines) + "\n")
        self.written += len(lines)

    def fix_sequence(self, cursor) -> None:
        if self.pk:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', '{self.pk}'), "  # noqa: S608
                f'(SELECT GREATEST(COALESCE(MAX("{self.pk}"), 1), 1) FROM "{self.table}"))'
            )


class SealedTable(Table):
    """A history table whose rows are sealed into its audit chain as they are added, so they are copied in
    with their audit_seq and audit_hash. Rows are added in id order (`new_id` just before `add`), which is
    the chain's order. A content column not copied is NULL (the API token)."""

    def __init__(self, model, columns: list[str], pk: str):
        super().__init__(model, [*columns, *SEAL_FIELDS], pk)
        self.model = model
        self.canon = Canon.of(model)
        position = {column: index for index, column in enumerate(columns)}
        unwritten = [f for f in self.canon.fields if f.column not in position]
        assert all(f.null and not f.has_default() for f in unwritten), (model, unwritten)
        self.readers = [(position.get(f.column), _copy_text_reader(f)) for f in self.canon.fields]
        self.seq, self.previous = 0, ""

    def start(self, cursor) -> None:
        """Continue the chain from its head (generate holds the chains, so the head stays the head)."""
        super().start(cursor)
        self.seq, self.previous = chain_head(self.model)

    def add(self, values) -> None:
        self.seq += 1
        content = [None if index is None else read(values[index]) for index, read in self.readers]
        self.previous = self.canon.seal(self.seq, self.previous, content)
        super().add([*values, str(self.seq), self.previous])


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


HISTORY_TAIL = ("history_date", "history_change_reason", "history_type", "history_user_id")


class Tracked:
    """A tracked model's table and its historical table; `add` writes the record and its "+" row."""

    def __init__(self, model):
        self.model = model
        self.columns = _columns(model)
        self.rows = Table(model, self.columns)
        history_model = model.history.model
        self.history_columns = [*self.columns, "history_id", *HISTORY_TAIL]
        # The columns of the history base: no API token, and the seals are added by SealedTable.
        known = {f.column for f in history_model._meta.concrete_fields if f.attname not in BASE_FIELDS}
        assert set(self.history_columns) == known, (model, set(self.history_columns) ^ known)
        self.history = SealedTable(history_model, self.history_columns, pk="history_id")

    def tables(self):
        return [self.rows, self.history]

    def add(self, values: dict, at: float, history_type: str = "+", write_row: bool = True) -> None:
        line = [values[column] for column in self.columns]
        if write_row:
            self.rows.add(line)
        self.add_history(line, at, history_type)

    def add_history(self, line: list[str], at: float, history_type: str = "~") -> None:
        self.history.add([*line, str(self.history.new_id()), _ts(at), REASON, history_type, N])


def _pipeline(tables: list[Table], count: int, make_one, kind: str, progress) -> int:
    """Generate chunks in a thread while the previous chunk is copied in: Python and PostgreSQL
    each keep one core busy. One transaction per chunk. As superuser, the load skips the foreign-key
    triggers (session_replication_role = replica): the generator hands out every id itself."""
    chunks: queue.Queue = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            for offset in range(0, count, CHUNK):
                end = min(offset + CHUNK, count)
                for index in range(offset, end):
                    make_one(index)
                chunks.put((end, [table.take() for table in tables]))
        except BaseException as error:  # noqa: BLE001 - handed to the consumer and raised there
            failure.append(error)
        finally:
            chunks.put(None)

    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
    producer = threading.Thread(target=produce, name="loadgen", daemon=True)
    producer.start()
    done = 0
    try:
        while (item := chunks.get()) is not None:
            done, lines = item
            with transaction.atomic(), connection.cursor() as cursor:
                if superuser:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                for table, rows in zip(tables, lines, strict=True):
                    table.flush(cursor, rows)
            progress(kind, done, count)
    finally:
        while producer.is_alive():
            try:
                chunks.get(timeout=0.1)
            except queue.Empty:
                pass
    if failure:
        raise failure[0]
    return done


# --- the chain, read once ----------------------------------------------------------------------------


@dataclass
class Contract:
    agreement_id: int
    reference: str
    history_id: int
    party_id: int
    targets: dict = field(default_factory=dict)  # priority -> (response, resolution, calendar json, always_open)


@dataclass
class Chain:
    parties: dict  # slug -> id
    components: list  # (id, slug, operating, hosting, monitoring) party ids
    operator_of: dict  # party id -> user id
    reporter_user: int
    reporter_party: int
    regie_party: int
    po: int
    architect: int
    business_owner: int
    sla: dict  # component id -> Contract
    uc: dict  # (party id, component id) -> Contract
    template_id: int
    template_components: list


def load_chain(now: datetime) -> Chain:
    from incidents.clocks import calendar_as_of, target_as_of

    User = get_user_model()
    users = dict(User.objects.values_list("username", "pk"))
    parties = dict(Party.objects.values_list("slug", "pk"))
    components = list(
        Component.objects.order_by("pk").values_list(
            "pk", "slug", "operating_party_id", "hosting_party_id", "monitoring_party_id"
        )
    )
    contracts: dict[int, Contract] = {}

    def contract(agreement: Agreement) -> Contract:
        if agreement.pk not in contracts:
            version = agreement.history.filter(history_date__lte=now).order_by("-history_date").first()
            version = version or agreement.history.order_by("history_date").first()
            found = Contract(agreement.pk, agreement.reference, version.history_id, agreement.provider_id)
            for priority in Priority.values:
                target = target_as_of(agreement, priority, now)
                if target is None:
                    continue
                snapshot = calendar_as_of(target.calendar_id or agreement.calendar_id, now)
                found.targets[priority] = (
                    target.response_minutes,
                    target.resolution_minutes,
                    _esc(json.dumps(snapshot)),
                    bool(snapshot.get("always_open")),
                )
            contracts[agreement.pk] = found
        return contracts[agreement.pk]

    sla, uc = {}, {}
    today = timezone.localdate(now)
    for component_id, *_rest in components:
        agreements = Agreement.objects.in_force_on(today).filter(components=component_id).order_by("valid_from")
        for agreement in agreements:
            if agreement.kind == AgreementKind.SLA:
                sla.setdefault(component_id, contract(agreement))
            else:
                uc.setdefault((agreement.provider_id, component_id), contract(agreement))
    operator_of = {
        parties[slug]: users[username]
        for slug, username in [
            ("cibg", "cibg"),
            ("dictu", "dictu"),
            ("justid", "justid"),
            ("kpn", "kpn"),
            ("kdnv", "kdnv"),
            ("websitepartij", "website"),
            ("bits-of-freedom", "bof"),
            ("securitypartij", "security"),
            ("ggd-ghor", "ggd"),
        ]
    }
    template = StandardChangeTemplate.objects.filter(is_active=True).order_by("pk").first()
    if template is None:
        from changes.services import template_save

        template = template_save(
            actor=None,
            reason=REASON,
            components=Component.objects.filter(slug__in=["hsm", "backend"]),
            title="Certificaat vernieuwen (load generator)",
            description="Een verlopend certificaat vervangen.",
            implementation_plan="Nieuw certificaat plaatsen en activeren.",
            rollback_plan="Oude certificaat terugzetten.",
        )
    return Chain(
        parties=parties,
        components=components,
        operator_of=operator_of,
        reporter_user=users["ggd"],
        reporter_party=parties["ggd-ghor"],
        regie_party=parties["cibg"],
        po=users["po"],
        architect=users["architect"],
        business_owner=users["opdrachtgever"],
        sla=sla,
        uc=uc,
        template_id=template.pk,
        template_components=list(template.components.values_list("pk", flat=True)),
    )


# --- distributions ---------------------------------------------------------------------------------

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


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _reported_times(rng: random.Random, count: int, start: float, end: float) -> list[float]:
    """Instants over [start, end), more on weekdays and in office hours, sorted."""
    span = end - start
    out = []
    while len(out) < count:
        moment = start + rng.random() * span
        local = time.gmtime(moment + 3600)
        weekday, hour = local.tm_wday, local.tm_hour
        keep = (0.35 if weekday >= 5 else 1.0) * (1.0 if 8 <= hour < 18 else 0.25)
        if rng.random() < keep:
            out.append(moment)
    out.sort()
    return out


# --- incidents -------------------------------------------------------------------------------------


class IncidentWriter:
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
        times = _reported_times(self.rng, count, start, self.now - 600)
        heavy = {round(k * count / HEAVY_DETAIL_INCIDENTS) for k in range(HEAVY_DETAIL_INCIDENTS)} if count else set()
        done = _pipeline(
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
        priority = _weighted(rng, PRIORITY_WEIGHTS)
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
                    "started_at": _ts(started),
                    "ended_at": _ts(ended),
                    "acknowledged_at": _ts(acknowledged),
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
                    "raised_at": _ts(raised),
                    "notified_at": _ts(raised + 60),
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
                    "started_at": _ts(hold[0]),
                    "ended_at": _ts(end),
                    "started_by_id": str(chain.operator_of[holder]),
                    "ended_by_id": _int(chain.operator_of[holder] if end else None),
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
                        "created_at": _ts(at),
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
            "reported_at": _ts(reported),
            "impact": impact,
            "urgency": urgency,
            "priority": priority,
            "status": status,
            "assigned_party_id": _int(assigned_party),
            "resolution_code": rng.choice(RESOLUTIONS) if resolved_at or status == "closed" else "",
            "resolution": "Opgelost." if resolved_at or status == "closed" else "",
            "resolved_at": _ts(resolved_at),
            "closed_at": _ts(closed_at),
            "duplicate_of_id": _int(incident_id - 1 if cancelled and incident_id > 1 else None),
            "reopen_count": str(reopened),
            "breach_state": worst,
            "due_at": _ts(sla_due if is_open and not (hold and hold[1] is None) else None),
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
            row[at_status], row[at_party], row[at_version] = step_status, _int(party), str(number)
            if step_status == "resolved":
                resolved_so_far = _ts(at)
            elif step_status == "reopened":
                resolved_so_far = N
            if step_status in ("closed", "cancelled"):
                closed_so_far = _ts(at)
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
                "started_at": _ts(started),
                "responded_at": _ts(responded if responded and (not stopped or responded <= stopped) else None),
                "stopped_at": _ts(stopped),
                "stop_reason": why if stopped else "",
            },
            started,
        )
        return clock_id


# --- changes ---------------------------------------------------------------------------------------

CHANGE_TITLES = [
    "Certificaat vernieuwen",
    "Beveiligingsupdate servers",
    "Nieuwe versie app uitrollen",
    "Database-onderhoud",
    "Firewallregels aanpassen",
    "Portaal: nieuwe inlogpagina",
]
REQUESTERS = ["cibg", "dictu", "justid", "kpn", "kdnv", "websitepartij"]
RISK_APPROVERS = {"low": ["po"], "medium": ["po", "architect"], "high": ["po", "architect", "business_owner"]}
ROLE_OF = {"po": "product_owner", "architect": "system_architect", "business_owner": "business_owner"}


class ChangeWriter:
    def __init__(self, chain: Chain, rng: random.Random, now: float, stdout_progress):
        self.chain, self.rng, self.now = chain, rng, now
        self.progress = stdout_progress
        self.change = Tracked(ChangeRequest)
        self.approval = Tracked(Approval)
        self.assessment = Tracked(RiskAssessment)
        through = ChangeRequest.components.through
        self.components = Table(through, ["id", "changerequest_id", "component_id"])
        self.history_components = SealedTable(
            apps.get_model("changes", "HistoricalChangeRequest_components"),
            ["m2m_history_id", "history_id", "changerequest_id", "component_id", "id"],
            pk="m2m_history_id",
        )
        self.references: dict[int, int] = {}

    def tables(self):
        return [
            self.change.rows,
            self.change.history,
            self.components,
            self.history_components,
            self.approval.rows,
            self.approval.history,
            self.assessment.rows,
            self.assessment.history,
        ]

    def write(self, count: int, years: int) -> int:
        with connection.cursor() as cursor:
            for table in self.tables():
                table.start(cursor)
            cursor.execute("SELECT COALESCE(MAX(rank), 0) FROM changes_changerequest")
            self.rank = cursor.fetchone()[0]
            for year, last in ReferenceSequence.objects.filter(prefix="CHG").values_list("year", "last_number"):
                self.references[year] = last
        start = self.now - years * 365 * 86400
        times = _reported_times(self.rng, count, start, self.now - 3600)
        backlog = min(60, max(count // 100, 5))
        done = _pipeline(
            self.tables(),
            count,
            lambda index: self.one(times[index], in_backlog=index >= count - backlog),
            "changes",
            self.progress,
        )
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables():
                table.fix_sequence(cursor)
            for year, last in self.references.items():
                ReferenceSequence.objects.update_or_create(prefix="CHG", year=year, defaults={"last_number": last})
        return done

    def one(self, created: float, in_backlog: bool) -> None:
        rng, chain, now = self.rng, self.chain, self.now
        change_id = self.change.rows.new_id()
        change_type = _weighted(rng, [("standard", 30), ("normal", 62), ("emergency", 8)])
        party_slug = rng.choice(REQUESTERS)
        party = chain.parties[party_slug]
        requester = chain.operator_of[party]
        if change_type == "standard":
            components = list(chain.template_components[: rng.randint(1, len(chain.template_components))])
        else:
            components = rng.sample([c[0] for c in chain.components], rng.choice((1, 1, 1, 2, 3)))
        risk = _weighted(rng, [("low", 55), ("medium", 35), ("high", 10)]) if change_type == "normal" else ""
        lead = rng.uniform(2, 21) * 86400 if change_type != "emergency" else rng.uniform(600, 7200)
        proposed_start = created + lead
        proposed_end = proposed_start + rng.choice((1, 2, 4, 8)) * 3600
        submitted = created + rng.uniform(60, 86400) if change_type != "emergency" else created + 60
        steps = [(created, "draft")]
        approvals, assessed_at, approved_at = [], None, None
        planned = actual = None
        if in_backlog:
            state = rng.choice(["submitted", "assessed", "awaiting_approval", "approved"])
            if change_type == "standard":
                state = rng.choice(["submitted", "approved"])
            if change_type == "emergency" and state == "assessed":
                state = "awaiting_approval"
            steps.append((submitted, "submitted"))
            if state in ("assessed", "awaiting_approval") and change_type == "normal":
                assessed_at = submitted + 3600
                steps.append((assessed_at, "assessed"))
            if state == "awaiting_approval":
                steps.append((submitted + 7200, "awaiting_approval"))
            if state == "approved":
                if change_type == "normal":
                    assessed_at = submitted + 3600
                    steps += [(assessed_at, "assessed"), (submitted + 7200, "awaiting_approval")]
                approved_at = submitted + 10800
                steps.append((approved_at, "approved"))
        else:
            roll = rng.random()
            outcome = (
                "draft" if roll < 0.01 else "rejected" if roll < 0.05 else "cancelled" if roll < 0.08 else "implemented"
            )
            if outcome != "draft":
                steps.append((submitted, "submitted"))
                if change_type == "normal":
                    assessed_at = submitted + rng.uniform(600, 86400)
                    steps.append((assessed_at, "assessed"))
                if change_type != "standard":
                    steps.append(((assessed_at or submitted) + 600, "awaiting_approval"))
            if outcome == "rejected":
                steps.append(((assessed_at or submitted) + 3600, "rejected"))
            elif outcome == "cancelled":
                steps.append((submitted + 7200, "cancelled"))
            elif outcome == "implemented":
                approved_at = (assessed_at or submitted) + rng.uniform(1800, 2 * 86400)
                steps.append((approved_at, "approved"))
                planned = (max(proposed_start, approved_at + 3600), 0)
                planned = (planned[0], planned[0] + (proposed_end - proposed_start))
                steps.append((approved_at + 600, "scheduled"))
                failed = rng.random() < 0.04
                steps.append((planned[0], "in_progress"))
                actual = (planned[0], planned[1] + (rng.uniform(0, 3600) if failed else 0))
                if failed:
                    steps.append((actual[1], "failed"))
                    if rng.random() < 0.6:
                        steps.append((actual[1] + 1800, "rolled_back"))
                    steps.append((actual[1] + 86400, "reviewed"))
                else:
                    steps.append((actual[1], "completed"))
                    if change_type == "emergency":
                        steps.append((actual[1] + 86400, "reviewed"))
                steps.append((actual[1] + 2 * 86400, "closed"))
        steps = [step for step in steps if step[0] <= now]
        status = steps[-1][1]
        if actual and actual[0] > now:
            actual = None
        elif actual and actual[1] > now:
            actual = (actual[0], None)
        if approved_at and approved_at > now:
            approved_at = None
        if assessed_at and assessed_at > now:
            assessed_at = None
        submitted_at = submitted if len(steps) > 1 else None
        rank = None
        if status in ("submitted", "assessed", "awaiting_approval", "approved"):
            self.rank += 1
            rank = self.rank
        if status in ("approved",) and not in_backlog:
            planned = None
        year = time.gmtime(created + 3600).tm_year
        self.references[year] = self.references.get(year, 0) + 1
        values = {
            "id": str(change_id),
            "reference": f"CHG-{year}-{self.references[year]:06d}",
            "title": rng.choice(CHANGE_TITLES),
            "motivation": "Nodig voor een stabiele dienst.",
            "change_type": change_type,
            "template_id": str(chain.template_id) if change_type == "standard" else N,
            "requesting_party_id": str(party),
            "requested_by_id": str(requester),
            "implementation_plan": "Volgens draaiboek.",
            "rollback_plan": "Vorige versie terugzetten.",
            "test_evidence": "Getest op acceptatie.",
            "proposed_start": _ts(proposed_start),
            "proposed_end": _ts(proposed_end),
            "planned_start": _ts(planned[0] if planned and status not in ("approved",) else None),
            "planned_end": _ts(planned[1] if planned and status not in ("approved",) else None),
            "actual_start": _ts(actual[0] if actual else None),
            "actual_end": _ts(actual[1] if actual else None),
            "status": status,
            "risk": risk if assessed_at else "",
            "rank": _int(rank),
            "version": str(len(steps) - 1),
            "submitted_at": _ts(submitted_at),
            "approved_at": _ts(approved_at),
            "created_at": _ts(created),
        }
        line = [values[column] for column in self.change.columns]
        self.change.rows.add(line)
        through_rows = [(str(self.components.new_id()), str(component)) for component in components]
        for through_id, component in through_rows:
            self.components.add([through_id, str(change_id), component])
        at_status, at_version = self.change.columns.index("status"), self.change.columns.index("version")
        for number, (at, step_status) in enumerate(steps):
            row = list(line)
            row[at_status], row[at_version] = step_status, str(number)
            history_id = self.change.history.next_id
            self.change.add_history(row, at, "+" if number == 0 else "~")
            for through_id, component in through_rows:
                self.history_components.add(
                    [str(self.history_components.new_id()), str(history_id), str(change_id), component, through_id]
                )
        if assessed_at and change_type == "normal":
            self.assessment.add(
                {
                    "id": str(self.assessment.rows.new_id()),
                    "change_id": str(change_id),
                    "assessed_by_id": str(chain.architect),
                    "citizen_impact": {"low": "none", "medium": "limited", "high": "major"}[risk],
                    "component_count": str(len(components)),
                    "rollback_tested": "t",
                    "done_before": "t" if risk == "low" else "f",
                    "downtime_expected": "t" if risk == "high" else "f",
                    "security_sensitive": "f",
                    "score": str({"low": 2, "medium": 5, "high": 9}[risk]),
                    "risk": risk,
                    "comment": "",
                    "assessed_at": _ts(assessed_at),
                },
                assessed_at,
            )
        if status == "rejected":
            approvals.append(("po", "rejected", steps[-1][0]))
        elif approved_at and change_type != "standard":
            for who in RISK_APPROVERS[risk] if change_type == "normal" else ["po"]:
                approvals.append((who, "approved", approved_at))
        for who, decision, at in approvals:
            self.approval.add(
                {
                    "id": str(self.approval.rows.new_id()),
                    "change_id": str(change_id),
                    "approver_id": str(getattr(chain, who)),
                    "role": ROLE_OF[who],
                    "decision": decision,
                    "comment": "",
                    "decided_at": _ts(at),
                },
                at,
            )


# --- entry point -----------------------------------------------------------------------------------


BULK_THRESHOLD = 100_000  # from this many incidents on, drop the secondary indexes while loading


def _secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes on these tables that back no constraint."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
        ORDER BY i.tablename, i.indexname
        """,
        [tables],
    )
    return cursor.fetchall()


@contextmanager
def _chains_held():
    """Hold the audit chains for the whole load, which spans many transactions: the lock every writer of
    history takes (auditchain.lock_chain), for the session rather than one transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [CHAIN_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [CHAIN_LOCK_KEY])


def generate(*, incidents: int, changes: int, seed: int, years: int, now: datetime | None = None, progress=None):
    """Write the workload; returns (incidents written, changes written). `progress(kind, done, total)`.

    For a large load the secondary indexes of the tables written are dropped first and built again
    at the end (a sorted build is many times faster than maintaining them row by row)."""
    now = now or timezone.now().replace(microsecond=0)
    progress = progress or (lambda kind, done, total: None)
    chain = load_chain(now)
    moment = now.astimezone(UTC).timestamp()
    incident_writer = IncidentWriter(chain, random.Random(seed), moment, progress)  # noqa: S311 - deterministic
    change_writer = ChangeWriter(chain, random.Random(seed + 1), moment, progress)  # noqa: S311
    tables = [table.table for table in incident_writer.tables() + change_writer.tables()]
    dropped = []
    if incidents >= BULK_THRESHOLD:
        with transaction.atomic(), connection.cursor() as cursor:
            dropped = _secondary_indexes(cursor, tables)
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
    try:
        with _chains_held():
            written_incidents = incident_writer.write(incidents, years)
            written_changes = change_writer.write(changes, years)
    finally:
        if dropped:
            progress("indexes", 0, len(dropped))
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for number, (_name, definition) in enumerate(dropped, start=1):
                    cursor.execute(definition)
                    progress("indexes", number, len(dropped))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if not connection.in_atomic_block else "ANALYZE")
    return written_incidents, written_changes
