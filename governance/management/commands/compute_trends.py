"""Backfill or recompute weekly trend reports: `manage.py compute_trends --weeks 12`."""

from django.core.management.base import BaseCommand, CommandError

from core.weeks import Week
from governance.reports.services import BATCH_WEEKS, weekly_reports_compute


class Command(BaseCommand):
    help = "Compute the weekly trend reports of the last N completed ISO weeks (oldest first), or one --week."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=1, help="How many completed weeks, ending last week.")
        parser.add_argument("--week", help="One ISO week, e.g. 2026-W47.")

    def handle(self, *args, weeks: int = 1, week: str | None = None, **options):
        if week:
            try:
                targets = [Week.from_label(week)]
            except ValueError as error:
                raise CommandError(str(error)) from error
        else:
            if weeks < 1:
                raise CommandError("--weeks must be at least 1.")
            # Oldest first: each week's anomaly baseline is the stored weeks before it.
            targets = Week.last_completed().back(weeks)
        # Weeks are read BATCH_WEEKS at a time (one pass per family of figures), then stored one by one.
        for first in range(0, len(targets), BATCH_WEEKS):
            batch = targets[first : first + BATCH_WEEKS]
            weekly_reports_compute(weeks=batch)
            done = first + len(batch)
            self.stdout.write(
                self._progress(done, len(targets), batch[-1].label), ending="\r" if done < len(targets) else "\n"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(targets)} weekly report(s) computed."))

    @staticmethod
    def _progress(done: int, total: int, label: str, width: int = 30) -> str:
        filled = round(width * done / total)
        return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
