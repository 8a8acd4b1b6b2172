from django.db import connection, models


class ReferenceSequence(models.Model):
    """The last number handed out per prefix and year, for references like INC-2026-000123.

    A counter, not a governance record: the records it numbers keep the history.
    """

    history_not_needed = True

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "governance_referencesequence"  # the table it had before the base app was split off
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"

    @classmethod
    def next_reference(cls, prefix: str, year: int) -> str:
        """The next reference; concurrent callers never get the same number.

        One statement: the row is created or its counter raised, and the row stays locked until the caller's
        transaction ends: a concurrent caller waits for it, and a rolled-back caller leaves no gap.
        """
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (prefix, year, last_number) VALUES (%s, %s, 1) "  # noqa: S608 - the model's table
                f"ON CONFLICT (prefix, year) DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
                [prefix, year],
            )
            (number,) = cursor.fetchone()
        return f"{prefix}-{year}-{number:06d}"
