"""`make soak`: a bounded load test on loopback.

The portal runs under gunicorn with production settings (DEBUG off) on PostgreSQL; Celery runs
in-process (no broker), so each new incident's outbox mail is delivered inside the request, to a
dummy mail backend. 20 clients, each a thread with its own HTTP session and a real log-in as a demo
user, work for SOAK_SECONDS (60) or until SOAK_MAX_REQUESTS (12,000) requests have been made,
whichever comes first:

- 6 reporters (ggd) file incidents through the web form (GET the form, POST it);
- 5 regie operators (cibg) triage each new incident and assign it to KPN, JustID or DICTU (API);
- 9 operators of those parties (3 each) acknowledge and resolve what was assigned to them (API).

Afterwards it asserts: no 5xx (nor any other unexpected answer); the incidents in the database are
exactly the ones whose filing was acknowledged (302 to the new incident); and per incident, the
history holds one version per acknowledged write (the filing and each transition answered 200), the
status is that of the last acknowledged transition and the assignments are those acknowledged.

    DATABASE_URL=postgres://…/regie_soak .venv/bin/python -m soak.run [--seconds 60] [--clients 20]
"""

import argparse
import os
import queue
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

from bench.server import BASE_DIR, free_port, start_gunicorn, stop_process

PASSWORD = "regie-demo"  # noqa: S105 - the demo users' published password (seed_demo)
PARTIES = ["kpn", "justid", "dictu"]
STATUS_AFTER = {
    "file": "new",
    "triage": "new",
    "assign": "assigned",
    "acknowledge": "in_progress",
    "resolve": "resolved",
}


def configure_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soak.settings")
    os.environ.setdefault("SECRET_KEY", "soak-only-secret-key-not-for-production-0123456789abcdef")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process: the soak needs no worker
    # A handful of demo users make thousands of API calls a minute here, far beyond a person's rate.
    os.environ.setdefault("API_THROTTLE_USER_RATE", "1000000/hour")
    os.environ.setdefault("SECOND_FACTOR_REQUIRED", "0")  # the clients log in with a password only


def ensure_database(url: str) -> None:
    """Create the soak's own database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def prepare() -> list[int]:
    """Migrate, load the demo chain and users, collect static files; returns the components to file against."""
    import io

    import django
    from django.core.management import call_command

    django.setup()
    from parties.models import Component

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", force=True, chain_only=True, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    return list(Component.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))


# --- the clients ---------------------------------------------------------------------------------


@dataclass
class Ledger:
    """What the server acknowledged, and every answer it gave."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)
    acknowledged: dict = field(default_factory=lambda: defaultdict(list))  # reference -> [(action, version)]
    assigned: dict = field(default_factory=lambda: defaultdict(list))  # reference -> [party]
    requests: int = 0

    def record(self, status: int, took: float) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            self.latencies.append(took)


class Budget:
    """A deadline and a request count, shared by all clients."""

    def __init__(self, seconds: float, max_requests: int):
        self.deadline = time.monotonic() + seconds
        self.left = max_requests
        self.lock = threading.Lock()

    def take(self, n: int) -> bool:
        with self.lock:
            if time.monotonic() >= self.deadline or self.left < n:
                return False
            self.left -= n
            return True

    @property
    def over(self) -> bool:
        return time.monotonic() >= self.deadline or self.left <= 0


class Client:
    def __init__(self, origin: str, username: str, ledger: Ledger):
        self.origin, self.username, self.ledger = origin, username, ledger
        self.http = requests.Session()
        self.http.headers["Referer"] = origin + "/"

    def call(self, method: str, path: str, expect: int, **kwargs) -> requests.Response:
        # Production marks the session and CSRF cookies Secure (TLS ends at the proxy); on plain-HTTP loopback
        # this client sends them anyway, as the proxy would.
        for cookie in self.http.cookies:
            cookie.secure = False
        started = time.perf_counter()
        response = self.http.request(method, self.origin + path, allow_redirects=False, timeout=120, **kwargs)
        self.ledger.record(response.status_code, time.perf_counter() - started)
        if response.status_code != expect:
            with self.ledger.lock:
                self.ledger.unexpected.append(
                    f"{self.username} {method} {path}: {response.status_code} {response.text[:300]!r}"
                )
        return response

    @property
    def csrf(self) -> str:
        return self.http.cookies.get("csrftoken", "")

    def log_in(self) -> None:
        self.call("GET", "/accounts/login/", 200)
        self.call(
            "POST",
            "/accounts/login/",
            302,
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf},
        )

    def api(self, reference: str, action: str, payload: dict) -> dict | None:
        response = self.call(
            "POST", f"/api/incidents/{reference}/{action}/", 200, json=payload, headers={"X-CSRFToken": self.csrf}
        )
        if response.status_code != 200:
            return None
        body = response.json()
        with self.ledger.lock:
            self.ledger.acknowledged[reference].append((action, body["version"]))
        return body


def reporter(client: Client, budget: Budget, components: list[int], triage: queue.Queue, number: int) -> None:
    n = 0
    while budget.take(2):
        n += 1
        client.call("GET", "/incidents/new/", 200)
        data = {
            "title": f"Soak {number}-{n}: app toont een foutmelding",
            "component": str(components[(number + n) % len(components)]),
            "impact": "medium",
            "urgency": ["low", "medium", "high"][n % 3],
            "description": "Gemeld tijdens de duurtest.",
            "csrfmiddlewaretoken": client.csrf,
        }
        response = client.call("POST", "/incidents/new/", 302, data=data)
        found = re.fullmatch(r"/incidents/(INC-\d{4}-\d+)/", response.headers.get("Location", ""))
        if response.status_code == 302 and found:
            reference = found.group(1)
            with client.ledger.lock:
                client.ledger.acknowledged[reference].append(("file", 1))
            triage.put(reference)


def regie(client: Client, budget: Budget, triage: queue.Queue, work: dict, number: int) -> None:
    n = number
    while not budget.over:
        try:
            reference = triage.get(timeout=0.2)
        except queue.Empty:
            continue
        if not budget.take(2):
            return
        triaged = client.api(reference, "triage", {"impact": "medium", "urgency": "medium", "version": 1})
        if triaged is None:
            continue
        n += 1
        party = PARTIES[n % len(PARTIES)]
        assigned = client.api(
            reference, "assign", {"party": party, "reason": f"Naar {party} (duurtest)", "version": triaged["version"]}
        )
        if assigned is not None:
            with client.ledger.lock:
                client.ledger.assigned[reference].append(party)
            work[party].put((reference, assigned["version"]))


def operator(client: Client, budget: Budget, inbox: queue.Queue) -> None:
    while not budget.over:
        try:
            reference, version = inbox.get(timeout=0.2)
        except queue.Empty:
            continue
        if not budget.take(2):
            return
        acknowledged = client.api(reference, "acknowledge", {"version": version})
        if acknowledged is None:
            continue
        client.api(
            reference,
            "resolve",
            {"resolution_code": "fixed", "resolution": "Hersteld (duurtest).", "version": acknowledged["version"]},
        )


def run_clients(origin: str, clients: int, seconds: float, max_requests: int, components: list[int]) -> Ledger:
    ledger = Ledger()
    triage: queue.Queue = queue.Queue()
    work = {party: queue.Queue() for party in PARTIES}
    reporters = max(1, round(clients * 0.3))
    regies = max(1, round(clients * 0.25))
    operators = max(len(PARTIES), clients - reporters - regies)
    roles = (
        [("ggd", "reporter")] * reporters
        + [("cibg", "regie")] * regies
        + [(PARTIES[i % len(PARTIES)], "operator") for i in range(operators)]
    )
    sessions = [Client(origin, username, ledger) for username, _role in roles]
    for client in sessions:  # log-ins first, outside the timed run
        client.log_in()
    budget = Budget(seconds, max_requests)
    threads = []
    for number, (client, (username, role)) in enumerate(zip(sessions, roles, strict=True)):
        if role == "reporter":
            target, args = reporter, (client, budget, components, triage, number)
        elif role == "regie":
            target, args = regie, (client, budget, triage, work, number)
        else:
            target, args = operator, (client, budget, work[username])
        threads.append(threading.Thread(target=target, args=args, name=f"{role}-{number}", daemon=True))
    ledger.latencies.clear()
    ledger.statuses.clear()
    ledger.requests = 0
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    ledger.wall = time.monotonic() - started
    ledger.clients = len(sessions)
    return ledger


# --- the check -----------------------------------------------------------------------------------


def counts() -> dict:
    from incidents.models import Assignment, Incident

    return {
        "incidents": Incident.objects.count(),
        "incident_history": Incident.history.count(),
        "assignments": Assignment.objects.count(),
    }


def verify(ledger: Ledger, before: dict) -> list[str]:
    """Compare the database with what the server acknowledged; returns the problems found."""
    from django.db import connection
    from django.db.models import Count

    from core.auditchain.verify import verify_audit
    from incidents.models import Assignment, Incident

    connection.close()  # idle through the run: start on a fresh connection
    problems = []
    after = counts()
    filed = {reference for reference, actions in ledger.acknowledged.items() if actions[0][0] == "file"}
    created = after["incidents"] - before["incidents"]
    if created != len(filed):
        problems.append(f"{created} incidents were created, {len(filed)} filings acknowledged")
    incidents = {row.reference: row for row in Incident.objects.filter(reference__in=filed)}
    if len(incidents) != len(filed):
        problems.append(f"{len(filed) - len(incidents)} acknowledged filings are missing from the database")
    versions = dict(
        Incident.history.filter(id__in=[row.pk for row in incidents.values()])
        .values("id")
        .annotate(n=Count("version", distinct=True))
        .values_list("id", "n")
    )
    assignments = defaultdict(list)
    for incident_id, party in Assignment.objects.filter(incident__reference__in=filed).values_list(
        "incident_id", "party__slug"
    ):
        assignments[incident_id].append(party)
    writes = 0
    for reference in filed:
        row = incidents.get(reference)
        if row is None:
            continue
        actions = ledger.acknowledged[reference]
        writes += len(actions)
        # The filing makes version 1; each acknowledged transition adds one, with a history row.
        if row.version != len(actions) or versions.get(row.pk) != len(actions):
            problems.append(
                f"{reference}: {len(actions)} acknowledged writes, version {row.version}, "
                f"{versions.get(row.pk)} versions in its history"
            )
        if row.status != STATUS_AFTER[actions[-1][0]]:
            problems.append(f"{reference}: status {row.status}, expected {STATUS_AFTER[actions[-1][0]]}")
        if sorted(assignments[row.pk]) != sorted(ledger.assigned.get(reference, [])):
            problems.append(
                f"{reference}: assignments {assignments[row.pk]}, acknowledged {ledger.assigned[reference]}"
            )
    ledger.writes = writes
    ledger.history_rows = after["incident_history"] - before["incident_history"]
    ledger.assignments = after["assignments"] - before["assignments"]
    # Twenty writers at once must leave every history table's audit chain unbroken.
    verification = verify_audit()
    ledger.sealed_rows = verification.rows_checked
    problems.extend(f"audit chain {finding['table']}: {finding['detail']}" for finding in verification.findings)
    return problems


def report(ledger: Ledger, problems: list[str]) -> None:
    five = sum(n for status, n in ledger.statuses.items() if status >= 500)
    latencies = sorted(ledger.latencies) or [0.0]
    actions = Counter(action for steps in ledger.acknowledged.values() for action, _version in steps)
    print(f"soak: {ledger.clients} clients, {ledger.wall:.1f} s, {ledger.requests} requests")
    print(f"  throughput {ledger.requests / ledger.wall:.1f} requests/s, {ledger.writes / ledger.wall:.1f} writes/s")
    print(
        f"  latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"  answers {dict(sorted(ledger.statuses.items()))}; 5xx: {five}")
    print(f"  acknowledged: {dict(actions)}")
    print(
        f"  database: +{ledger.history_rows} incident history rows, +{ledger.assignments} assignments; "
        f"{ledger.writes} acknowledged writes, each a version in the history"
    )
    print(f"  audit chain: {ledger.sealed_rows} history rows verified")
    for line in ledger.unexpected[:20]:
        print(f"  UNEXPECTED {line}")
    for line in problems[:20]:
        print(f"  MISMATCH {line}")
    print("soak: " + ("OK" if not problems and not ledger.unexpected and not five else "FAILED"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", "60")))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("SOAK_CLIENTS", "20")))
    parser.add_argument("--max-requests", type=int, default=int(os.environ.get("SOAK_MAX_REQUESTS", "12000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SOAK_WORKERS", "4")))
    options = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("make soak needs DATABASE_URL=postgres://…/<a database of its own>", file=sys.stderr)
        return 2
    configure_environment()
    began = time.monotonic()
    ensure_database(url)
    components = prepare()
    before = counts()
    from django.db import connection

    connection.close()
    port = free_port()
    (BASE_DIR / "var").mkdir(exist_ok=True)
    with open(BASE_DIR / "var" / "soak-gunicorn.log", "w") as log:
        server = start_gunicorn(port, dict(os.environ), log, workers=options.workers)
        print(f"setup {time.monotonic() - began:.1f} s; gunicorn with {options.workers} workers on 127.0.0.1:{port}")
        try:
            ledger = run_clients(
                f"http://127.0.0.1:{port}", options.clients, options.seconds, options.max_requests, components
            )
        finally:
            stop_process(server)
    problems = verify(ledger, before)
    report(ledger, problems)
    five = sum(n for status, n in ledger.statuses.items() if status >= 500)
    return 1 if problems or ledger.unexpected or five else 0


if __name__ == "__main__":
    sys.exit(main())
