"""`field__any_of=values`: an integer column among many values, for the reports that name thousands of records."""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class AnyOf(In):
    """`__in`, but on PostgreSQL `field = ANY(%s)` with the values as one array parameter. With `__in` every value
    is a placeholder of its own, which Django compiles and psycopg finds in the query one by one: for the 20,000
    records of a week at national scale, a second of the weekly report. The array goes as its text ("{1,2,3}"),
    which psycopg would otherwise build value by value in Python. Elsewhere it is `__in`."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        values = [str(int(value)) for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array = f"{self.lhs.output_field.cast_db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array})", (*lhs_params, "{" + ",".join(values) + "}")
