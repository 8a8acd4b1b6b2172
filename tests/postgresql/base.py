"""PostgreSQL for the suite: the flush after a transactional test empties the tables with DELETE.

Django flushes with one TRUNCATE of every table, which on PostgreSQL gives each of the hundred tables and their
indexes new files: about half a second per flush, where deleting the few rows a test leaves takes a hundredth.
The foreign keys are deferred to the end of the flush's transaction, so the order of the tables does not matter.
"""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [
            "SET CONSTRAINTS ALL DEFERRED;",
            *(f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables),
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
