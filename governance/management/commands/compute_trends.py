"""Backfill or recompute weekly trend reports: `manage.py compute_trends --weeks 12 [--processes 2]`."""

from django.core.management.base import BaseCommand, CommandError

from core.weeks import Week
from governance.reports.services import weekly_reports_compute


class Command(BaseCommand):
    help = "Compute the weekly trend reports of the last N completed ISO weeks (oldest first), or one --week."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=1, help="How many completed weeks, ending last week.")
        parser.add_argument("--week", help="One ISO week, e.g. 2026-W47.")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Worker processes reading the weeks' figures at once (e.g. the machine's cores); stored in order.",
        )

    def handle(self, *args, weeks: int = 1, week: str | None = None, processes: int = 1, **options):
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
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        # Weeks are read a batch at a time (services.BATCH_WEEKS: one pass per family of figures), stored one by one.
        counted = iter(range(1, len(targets) + 1))

        def stored(report):
            done = next(counted)
            ending = "\r" if done < len(targets) else "\n"
            self.stdout.write(self._progress(done, len(targets), report.label), ending=ending)

        weekly_reports_compute(weeks=targets, processes=processes, stored=stored)
        self.stdout.write(self.style.SUCCESS(f"{len(targets)} weekly report(s) computed."))

    @staticmethod
    def _progress(done: int, total: int, label: str, width: int = 30) -> str:
        filled = round(width * done / total)
        return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
