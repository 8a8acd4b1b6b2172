"""The benchmark behind `make bench` (see docs/performance.md).

On the data `manage.py generate_load` wrote: the time to compute one weekly report and to backfill
156 weeks, read in two worker processes (with the memory of this process and of the largest worker);
then, against the portal served by gunicorn on 127.0.0.1 with production settings (DEBUG off), a
bounded number of requests per scenario from a few concurrent clients, printing p50/p95/p99
latency, requests per second, queries per request (counted in-process with the test client against
the same database) and the ratio of each page to its floor (bench/floor.py). Finally the EXPLAIN
ANALYZE plan of each list scenario's main queries, flagging any sequential scan of the incident
table.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.run [--quick] [--requests 200] [--clients 4] [--json FILE]

With --json the figures are also written to FILE, for `python -m bench.compare` (bench/sizes.py measures one
database per size that way).
"""

# The scenarios and their query budgets are in bench/scenarios.py, the in-process measurements (reports,
# queries, plans) in bench/measure.py, the HTTP clients in bench/clients.py and the table in bench/reporting.py.

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.clients import run_http, sessions_for
from bench.measure import count_queries, explain, measure_reports
from bench.reporting import percentile, print_table
from bench.scenarios import PAGE_QUERY_LIMIT, QUERY_BUDGET, budget_key, pick_fixtures, scenarios
from bench.server import free_port, start_celery_worker, start_gunicorn, stop_process

BASE_DIR = Path(__file__).resolve().parent.parent


def configure_environment() -> None:
    """Production settings for the command line run: set before Django is imported."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    # The clients log in with a password only; production asks the Product Owner for a second factor first.
    os.environ.setdefault("SECOND_FACTOR_REQUIRED", "0")
    # A run makes about a thousand API requests as one demo user per size, and the shared cache keeps the count for an
    # hour: with the production rate a second run within the hour measured the throttle's 429 answers.
    os.environ.setdefault("API_THROTTLE_USER_RATE", "1000000/hour")


def run(
    *,
    requests: int = 200,
    clients: int = 4,
    workers: int = 4,
    backfill_weeks: int = 156,
    backfill_processes: int = 2,
    database_url: str | None = None,
    only: str | None = None,
    out=None,
) -> dict:
    """The whole benchmark in this (already configured) Django process; returns the figures."""
    from django.conf import settings
    from django.db import connection

    out = out or sys.stdout
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL: set DATABASE_URL.")
    from incidents.models import Incident

    total = Incident.objects.count()
    out.write(f"Database: {connection.settings_dict['NAME']}, {total:,} incidents\n")
    shared = bool(getattr(settings, "PRINCIPAL_CACHE_TIMEOUT", 0))
    cache = "shared (CACHE_URL): sessions and standing in the chain read from it" if shared else "per process"
    out.write(f"Cache: {cache}\n")
    if not total:
        raise SystemExit("No incidents: run `manage.py generate_load` first.")
    fixtures = pick_fixtures(clients)
    # The production static storage needs its manifest, for gunicorn and for the in-process client.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "SECRET_KEY": settings.SECRET_KEY},
        check=True,
    )

    out.write(
        f"\nWeekly reports: one week, then a backfill of {backfill_weeks} weeks in {backfill_processes} processes…\n"
    )
    reports = measure_reports(backfill_weeks, backfill_processes)
    out.write(
        f"  one weekly report: {reports['one_week_s']:.2f} s (target ≤ 1 s)\n"
        f"  backfill of {backfill_weeks} weeks: {reports['backfill_s']:.1f} s (target for 156 weeks ≤ 60 s)\n"
        f"  memory (RSS): {reports['rss_start_mb']:.0f} MB before, {reports['rss_end_mb']:.0f} MB after "
        f"(peak {reports['maxrss_mb']:.0f} MB; largest child process {reports['children_maxrss_mb']:.0f} MB)\n"
    )

    items = [scenario for scenario in scenarios(fixtures) if not only or only in budget_key(scenario.name)]
    captured = count_queries(items)

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_URL": database_url or os.environ.get("DATABASE_URL", ""),
    }
    (BASE_DIR / "var").mkdir(exist_ok=True)
    port = free_port()
    sessions = sessions_for({scenario.user for scenario in items})
    broker = os.environ.get("CELERY_BROKER_URL")
    out.write(f"\nHTTP: gunicorn on 127.0.0.1:{port}, {workers} workers; {requests} requests × {clients} clients\n")
    out.write(
        f"Tasks (the filing's mail): to a Celery worker through {broker}\n\n"
        if broker
        else "Tasks (the filing's mail): no broker, so run in the request after the commit\n\n"
    )
    with open(BASE_DIR / "var" / "bench-gunicorn.log", "ab") as log:
        server = start_gunicorn(port, environment, log, workers=workers, request_timeout=300)
        worker = start_celery_worker(environment, log) if broker else None
    try:
        for scenario in items:
            run_http(scenario, port, sessions, requests, clients, workers, floor=False)
            if scenario.floor:
                run_http(scenario, port, sessions, requests, clients, workers, floor=True)
    finally:
        stop_process(server)
        if worker is not None:
            stop_process(worker)
    print_table(items, out)

    plans = explain(items, captured)
    out.write("\nEXPLAIN ANALYZE of the list scenarios' main queries\n")
    for name, sql, plan, seq in plans:
        flag = "  ** SEQUENTIAL SCAN ON incidents_incident **" if seq else ""
        out.write(f"\n== {name}{flag}\n{sql[:400]}{'…' if len(sql) > 400 else ''}\n{plan}\n")
    return {
        "incidents": total,
        "reports": reports,
        "scenarios": {
            s.name: {
                "key": budget_key(s.name),
                "queries": s.queries,
                "n": len(s.latencies),
                "p95_ms": percentile(s.latencies, 0.95) * 1000,
                "floor_p95_ms": percentile(s.floor_latencies, 0.95) * 1000 if s.floor_latencies else None,
                "errors": s.errors,
                "method": s.method,
            }
            for s in items
        },
        "seq_scans": [name for name, _sql, _plan, seq in plans if seq],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per scenario (and per floor)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--backfill-weeks", type=int, default=156)
    parser.add_argument(
        "--backfill-processes", type=int, default=2, help="worker processes reading the backfill's weeks (the cores)"
    )
    parser.add_argument("--quick", action="store_true", help="20 requests, 2 clients, 4-week backfill")
    parser.add_argument("--only", help="only the scenarios whose key contains this (e.g. board, incident_list)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file, for bench.compare")
    options = parser.parse_args(argv)
    if options.quick:
        options.requests, options.clients, options.backfill_weeks = 20, 2, 4
    configure_environment()
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    result = run(
        requests=options.requests,
        clients=options.clients,
        workers=options.workers,
        backfill_weeks=options.backfill_weeks,
        backfill_processes=options.backfill_processes,
        only=options.only,
    )
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(result, indent=2))
    pages = result["scenarios"]
    too_many = [
        name for name, figures in pages.items() if figures["method"] == "GET" and figures["queries"] > PAGE_QUERY_LIMIT
    ]
    over_budget = [name for name, figures in pages.items() if figures["queries"] > QUERY_BUDGET[budget_key(name)]]
    failed = [name for name, figures in pages.items() if figures["errors"]]
    if too_many:
        print(f"\nPages above the target of {PAGE_QUERY_LIMIT} queries per request: {', '.join(too_many)}")
    if over_budget:
        print(f"\nMore queries than bench.scenarios.QUERY_BUDGET allows: {', '.join(over_budget)}")
    if result["seq_scans"]:
        print(f"\nSequential scans of incidents_incident in: {', '.join(sorted(set(result['seq_scans'])))}")
    if failed:
        print(f"\nErrors in: {', '.join(failed)}")
    return 1 if failed or over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
