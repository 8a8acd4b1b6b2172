"""The tamper-evident audit chain over every history table.

Each history row carries its position in its table's chain (`audit_seq`, 1, 2, 3, …) and a keyed
hash (`audit_hash`, HMAC-SHA256) over that position, the previous row's hash and every column of
the row. The row is sealed in the transaction that writes it, under a lock held until commit, so
the chain order is the commit order and two writers never fork it.

The lock is one for all history tables, not one per table: a transaction takes it at its first
history row, so two transactions can never hold chain locks in opposite orders (per-table locks,
taken in the order tables happen to be written, deadlocked under load). It serialises writing
transactions from their first history row to commit, which for these short transactions is a few
milliseconds.

Why one chain per table rather than one ledger across tables: a table can be verified, exported
or archived on its own, a finding names the table it is in, and appending needs only that table's
last row. What a single ledger would add, detecting a whole table's tail being cut off, comes from
the heads each verification records: the next run checks they are still there.

Why keyed: an attacker with only database access (a leaked dump, an injection, a careless
administrator) cannot recompute the hashes after altering a row; the key lives in the
application's environment (AUDIT_CHAIN_KEY, by default derived from SECRET_KEY).
"""
