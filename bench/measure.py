"""In-process measurements on the benchmark's database: weekly reports (time and memory), queries per
request with the test client, and the EXPLAIN ANALYZE plans of the list scenarios' main queries."""

import os
import re
import resource
import time
from pathlib import Path

from bench.scenarios import Scenario


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


REWRITTEN_TABLES = [
    "governance_weeklyreport",
    "governance_weeklybreach",
    "governance_weeklybreachholder",
    "governance_reportrun",
]


def measure_reports(weeks: int, processes: int) -> dict:
    """One week alone, then a backfill as `manage.py compute_trends --processes` makes it: BATCH_WEEKS weeks read
    together at a time, in `processes` worker processes at once, stored by this one in order. Memory: this
    process's before and after, and the largest of its children's (the workers', or an earlier subprocess's)."""
    from django.db import connection

    from core.weeks import Week
    from governance.reports.services import weekly_report_compute, weekly_reports_compute

    # Each run rewrites the stored weeks; where autovacuum is off (as on the development machine), their dead rows
    # would slow every later run down.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(REWRITTEN_TABLES)}")
    last = Week.last_completed()
    began = time.perf_counter()
    weekly_report_compute(week=last)
    one = time.perf_counter() - began
    rss_start = _rss_mb()
    began = time.perf_counter()
    weekly_reports_compute(weeks=last.back(weeks), processes=processes)
    backfill = time.perf_counter() - began
    return {
        "one_week_s": one,
        "backfill_weeks": weeks,
        "backfill_s": backfill,
        "backfill_processes": processes,
        "rss_start_mb": rss_start,
        "rss_end_mb": _rss_mb(),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def count_queries(items: list[Scenario]) -> dict:
    """Queries per request with the test client (same database); also keeps each list's SQL for EXPLAIN."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {user.username: user for user in get_user_model().objects.all()}
    captured = {}
    for scenario in items:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users[scenario.user])
        # Warm the per-process caches (permissions, content types) as a running server has them: with the same
        # kind of request, so that what is counted never depends on what ran before in this process.
        client.get(scenario.path)
        if scenario.method == "POST" and len(scenario.posts) > 1:
            _post(client, scenario.posts[0])
        with CaptureQueriesContext(connection) as context:
            if scenario.method == "GET":
                response = client.get(scenario.path)
                ok = response.status_code == 200
            else:
                ok, response = _post(client, scenario.posts[-1])
        count = len(context.captured_queries)
        if scenario.method == "POST" and scenario.posts and "{action}" in scenario.posts[-1][0]:
            count = round(count / 2)  # per request: a hold and a resume were made
        scenario.queries = count
        if not ok:
            scenario.errors.append(f"in-process request answered {response.status_code}")
        captured[scenario.name] = [query["sql"] for query in context.captured_queries]
    return captured


def _post(client, post) -> tuple[bool, object]:
    """Make one scenario's POST (or its actions in turn); whether each was answered with a redirect."""
    path, data = post
    if "{action}" not in path:
        response = client.post(path, data)
        return response.status_code == 302, response
    ok = True
    for action, fields in data.items():
        response = client.post(path.format(action=action), fields)
        ok = ok and response.status_code == 302
    return ok, response


def explain(items: list[Scenario], captured: dict) -> list[tuple[str, str, str, bool]]:
    """EXPLAIN ANALYZE the main queries (page and count) of each list scenario."""
    from django.db import connection

    plans = []
    for scenario in items:
        if not scenario.list_table:
            continue
        table = f'FROM "{scenario.list_table}"'
        main = [
            sql
            for sql in captured.get(scenario.name, [])
            if table in sql and ("LIMIT" in sql or "COUNT(*)" in sql or '"rank"' in sql) and "django_session" not in sql
        ]
        for sql in main[:3]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            seq = bool(re.search(r"Seq Scan on incidents_incident\b", plan))
            plans.append((scenario.name, sql, plan, seq))
    return plans
