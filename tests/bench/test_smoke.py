"""The benchmark in small (DESIGN §7): 2,000 incidents, 200 changes and a few requests per
scenario against a real gunicorn, so `make bench` never rots. PostgreSQL only (COPY, gunicorn on
the test database); skipped on SQLite.

The load is generated, and the queries per request counted, at one fixed moment (a Wednesday
morning in office hours, the clock standing still). The generator places its incidents relative to
now, and a hold or a resume raises the warnings and breaches the incident's clocks have reached when
it is made, each with its history row, audit seal and notification: some ten queries more. Counted at
the real time, the transition figure could depend on the hour and on how long after the load the
counting came (a full run at 18:00 UTC counted 36 instead of 26). gunicorn serves the requests at the
real time (its sessions must not have expired); only their errors and number are checked.
"""

import io
from urllib.parse import quote

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from bench import run as bench
from bench.scenarios import OVER_TARGET, PAGE_QUERY_LIMIT, QUERY_BUDGET, budget_key
from core.auditchain.verify import verify_audit
from tests.timetravel import local

MEASURED_AT = local(2026, 3, 4, 10, 30)

pytestmark = [
    pytest.mark.long_running,
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark needs PostgreSQL"),
]


def _database_url() -> str:
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{settings['NAME']}"


def test_benchmark_runs_on_a_small_load(monkeypatch):
    out = io.StringIO()
    with time_machine.travel(MEASURED_AT, tick=False):
        call_command("generate_load", incidents=2_000, changes=200, seed=3, stdout=out)
    assert "Generated 2,000 incidents and 200 changes" in out.getvalue()
    assert verify_audit().intact, "the loader seals its history rows into the audit chain"

    count_queries = bench.count_queries

    def count_queries_at_the_fixed_moment(items):
        with time_machine.travel(MEASURED_AT, tick=False):
            return count_queries(items)

    monkeypatch.setattr(bench, "count_queries", count_queries_at_the_fixed_moment)
    report = io.StringIO()
    result = bench.run(requests=4, clients=2, workers=2, backfill_weeks=2, database_url=_database_url(), out=report)

    for name, figures in result["scenarios"].items():
        assert not figures["errors"], (name, figures["errors"], report.getvalue())
        assert figures["n"] >= 4, (name, report.getvalue())
        budget = QUERY_BUDGET[budget_key(name)]
        assert figures["queries"] <= budget, (name, figures["queries"], budget)
    pages = {name: figures for name, figures in result["scenarios"].items() if figures["method"] == "GET"}
    within_target = [name for name in pages if budget_key(name) not in OVER_TARGET]
    assert all(pages[name]["queries"] <= PAGE_QUERY_LIMIT for name in within_target)
    assert result["reports"]["one_week_s"] > 0
