"""Filter parts shared by the apps' FilterSets, forms and serializers that read dates from a query."""

from datetime import UTC, date

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

# Days a period filter may name. Python's dates end at 9999-12-31 and the pages add days and weeks to the
# day asked for (a month view shows the weeks around it): year 1 or 9999 was a server error.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def validate_period_day(value: date) -> None:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s."),
            code="out_of_range",
            params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, converted to UTC. Python reads offsets up to ±23:59 but PostgreSQL takes
    them only up to ±15:59 (an odd offset was a server error); an instant that leaves the years
    1–9999 once in UTC is refused like any invalid date."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField
