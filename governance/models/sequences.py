from django.db import IntegrityError, models, transaction


class ReferenceSequence(models.Model):
    """The last number handed out per prefix and year, for references like INC-2026-000123.

    A counter, not a governance record: the records it numbers keep the history.
    """

    history_not_needed = True

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"

    @classmethod
    def next_reference(cls, prefix: str, year: int) -> str:
        """The next reference; concurrent callers never get the same number (row lock)."""
        with transaction.atomic():
            try:
                with transaction.atomic():
                    cls.objects.get_or_create(prefix=prefix, year=year)
            except IntegrityError:
                pass  # created by a concurrent caller; the lock below serialises us after it
            sequence = cls.objects.select_for_update().get(prefix=prefix, year=year)
            sequence.last_number += 1
            sequence.save(update_fields=["last_number"])
        return f"{prefix}-{year}-{sequence.last_number:06d}"
