"""Walk the audit chain of every history table; exit status 1 when a row was altered, inserted or deleted."""

from django.core.management.base import BaseCommand, CommandError

from core.auditchain.verify import verify_audit


class Command(BaseCommand):
    help = (
        "Verify the tamper-evident audit chain of every history table and record the outcome on the "
        "governance dashboard. Exit status 0 when intact, 1 at the first row found altered, inserted or deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kept-seal",
            action="append",
            default=[],
            metavar="SEAL",
            help="The seal of an earlier verification kept outside the database (the weekly report mail); "
            "the verification fails when that verification is no longer recorded. Repeatable.",
        )

    def handle(self, *args, **options):
        verification = verify_audit(progress=self._report, kept_seals=options["kept_seal"])
        if not verification.intact:
            raise CommandError(
                f"Audit trail NOT intact: {len(verification.findings)} table(s) with findings "
                f"({verification.rows_checked} rows verified)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {verification.rows_checked} rows verified. Seal of this verification: "
                f"{verification.seal}"
            )
        )

    def _report(self, result) -> None:
        if result.finding is None:
            self.stdout.write(f"ok        {result.table}: {result.rows} rows")
        else:
            finding = result.finding
            self.stdout.write(self.style.ERROR(f"{finding.kind.upper():9} {result.table}: {finding.detail}"))
