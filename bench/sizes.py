"""`make bench BENCH_SIZES=20000,1000000`: the benchmark at several sizes, one database per size.

For each size (a number of incidents, with a tenth as many changes) the database regie_bench_<size> on the
server DATABASE_URL points at is created when missing, migrated, loaded by `generate_load --if-empty` and
measured by `python -m bench.run --json var/bench-<size>.json`; then bench.compare prints each page's p95 at
every size side by side.

    DATABASE_URL=postgres://…/… .venv/bin/python -m bench.sizes 20000,1000000 [bench.run options]
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.compare import compare, print_comparison

BASE_DIR = Path(__file__).resolve().parent.parent
CHANGES_PER_INCIDENT = 0.1  # 1,000,000 incidents come with 100,000 changes, as `make bench` loads them


def database_url(server_url: str, size: int) -> str:
    """The URL of the size's own database on the server of `server_url`."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/regie_bench_{size}"))


def create_database(url: str) -> None:
    """Create the URL's database when the server does not have it yet."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def measure(size: int, url: str, run_options: list[str]) -> Path:
    """Load the size's database if it is empty and run the benchmark on it; returns its results file."""
    environment = {**os.environ, "DATABASE_URL": url}
    results = BASE_DIR / "var" / f"bench-{size}.json"
    manage = [sys.executable, "manage.py"]
    print(f"\n=== {size:,} incidents: {urlsplit(url).path.lstrip('/')}", flush=True)
    changes = str(round(size * CHANGES_PER_INCIDENT))
    migrate = [*manage, "migrate", "--noinput"]
    subprocess.run(migrate, cwd=BASE_DIR, env=environment, check=True)  # noqa: S603 - fixed command line
    load = [*manage, "generate_load", "--if-empty", "--incidents", str(size), "--changes", changes]
    subprocess.run(load, cwd=BASE_DIR, env=environment, check=True)  # noqa: S603 - fixed command line
    results.unlink(missing_ok=True)
    # bench.run exits 1 when a page is over its query budget; its figures are written and compared all the same.
    measure_run = [sys.executable, "-m", "bench.run", "--json", str(results), *run_options]
    subprocess.run(measure_run, cwd=BASE_DIR, env=environment)  # noqa: S603 - the benchmark's own options
    if not results.exists():
        raise SystemExit(f"bench.run wrote no results for {size:,} incidents")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", help="numbers of incidents, comma-separated (e.g. 20000,1000000)")
    options, run_options = parser.parse_known_args(argv)
    sizes = sorted({int(size) for size in options.sizes.split(",") if size.strip()})
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres") or len(sizes) < 2:
        raise SystemExit("bench.sizes needs DATABASE_URL=postgres://… and at least two sizes")
    files = []
    for size in sizes:
        url = database_url(server_url, size)
        create_database(url)
        files.append(measure(size, url, run_options))
    print("\n=== The sizes side by side\n")
    rows = compare([json.loads(path.read_text()) for path in files])
    print_comparison(rows, sys.stdout)
    return 0 if all(row.holds for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
