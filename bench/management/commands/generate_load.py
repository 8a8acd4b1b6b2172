"""Generate a large workload for the benchmark: `manage.py generate_load --incidents 1000000 --changes 100000`.

Incidents and changes spread over the last years (see bench/loadgen/), written with their
history rows through PostgreSQL COPY. Refuses a database that already has incidents unless
--append is given; loads the demo chain (parties, users, agreements) first when it is missing.
"""

import io
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.loadgen import generate
from incidents.models import Incident
from parties.models import Party


class Command(BaseCommand):
    help = "Generate incidents and changes with their history for the benchmark (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=10_000)
        parser.add_argument("--changes", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--append", action="store_true", help="Add to a database that already has incidents.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) when the database has incidents already."
        )

    def handle(self, *args, incidents: int, changes: int, seed: int, years: int, append: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_load writes with PostgreSQL COPY; point DATABASE_URL at PostgreSQL.")
        if incidents < 0 or changes < 0 or years < 1:
            raise CommandError("--incidents and --changes must be ≥ 0, --years ≥ 1.")
        existing = Incident.objects.count() if Incident.objects.exists() else 0
        if existing and options.get("if_empty"):
            self.stdout.write(f"The database has {existing:,} incidents already; nothing generated.")
            return
        if existing and not append:
            raise CommandError("The database already has incidents; pass --append to add to them.")
        if not Party.objects.filter(slug="cibg").exists():
            self.stdout.write("Loading the demo chain first (seed_demo --chain-only).")
            call_command("seed_demo", force=True, chain_only=True, stdout=io.StringIO())
        started = time.monotonic()
        self._last = 0.0
        tty = getattr(self.stdout, "isatty", lambda: False)() or self.stdout._out is sys.stdout

        def progress(kind: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - self._last < 0.5:
                return
            self._last = now
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "." * (width - filled)
            line = f"{kind:<9} [{bar}] {done:>9,}/{total:,} {now - started:7.1f}s"
            if tty:
                self.stdout.write("\r" + line, ending="\n" if done >= total else "")
                self.stdout.flush()
            elif done >= total:
                self.stdout.write(line)

        made_incidents, made_changes = generate(
            incidents=incidents, changes=changes, seed=seed, years=years, progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {made_incidents:,} incidents and {made_changes:,} changes "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
