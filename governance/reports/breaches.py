"""A stored weekly report's breach list, read a page at a time.

At national scale the list of a week's attributed breaches is most of its stored row (600 breaches: 96 % of
300 KB). The weekly page shows a page of them; for a reader of the whole chain the row is read without the list
and the page is cut out of it in the database. Readers who see part of the chain read the list whole, since it
is filtered for them in Python (selectors.restrict, per_service.scope)."""

from dataclasses import dataclass

from django.db.models import Func, IntegerField, JSONField

from governance.models import WeeklyReport

from .selectors import WithoutAttribution
from .weeks import Week


class BreachCount(Func):
    """The length of a stored report's breach list."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="jsonb_array_length(%(expressions)s -> 'attribution')")

    def as_sql(self, compiler, connection, template=None, **extra_context):
        template = template or "json_array_length(%(expressions)s, '$.attribution')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


class BreachesBetween(Func):
    """Positions `first` to `last` (from 0, both included) of a stored report's breach list."""

    output_field = JSONField()

    def __init__(self, expression, first: int, last: int):
        super().__init__(expression)
        self.first, self.last = first, last

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(
            compiler, connection, template="jsonb_path_query_array(%(expressions)s -> 'attribution', %%s::jsonpath)"
        )
        return sql, (*params, f"$[{int(self.first)} to {int(self.last)}]")

    def as_sql(self, compiler, connection, template=None, **extra_context):
        template = template or (
            "(SELECT json_group_array(json(value)) FROM json_each(%(expressions)s, '$.attribution')"
            " WHERE key BETWEEN %%s AND %%s)"
        )
        sql, params = super().as_sql(compiler, connection, template=template, **extra_context)
        return sql, (*params, int(self.first), int(self.last))


@dataclass
class StoredBreaches:
    """A stored report's breach list as Django's Paginator reads a sequence: its length, and each page sliced
    out in the database."""

    report_pk: int
    length: int

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: slice) -> list[dict]:
        start, stop = index.start or 0, min(index.stop, self.length)
        if stop <= start:
            return []
        page = WeeklyReport.objects.filter(pk=self.report_pk).values_list(
            BreachesBetween("metrics", start, stop - 1), flat=True
        )
        return page.get() or []


def report_without_breaches(week: Week) -> tuple[WeeklyReport, dict, StoredBreaches] | None:
    """The week's stored report, its figures without the breach list, and the list to be read a page at a time;
    None when the week has no report."""
    report = (
        WeeklyReport.objects.filter(week_start=week.monday)
        .defer("metrics")
        .annotate(figures=WithoutAttribution("metrics"), breach_count=BreachCount("metrics"))
        .first()
    )
    if report is None:
        return None
    return report, report.figures, StoredBreaches(report.pk, report.breach_count or 0)
