"""Two writers of one history table at the same moment: the chain stays one line, in commit order."""

import io

from django.core.management import call_command
from django.db import transaction

from core.history import save_tracked
from parties.models import Party
from tests.concurrency import ON_POSTGRESQL, run_at_once

pytestmark = ON_POSTGRESQL


def test_two_writers_of_one_table_do_not_fork_its_chain(demo_user):
    actor = demo_user("cibg")
    first, second = Party.objects.order_by("pk")[:2]

    def describe(party, label):
        def write():
            with transaction.atomic():
                for number in range(5):
                    party.description = f"{label} {number}"
                    save_tracked(party, actor=actor, reason=f"Omschrijving {label} {number}")
            return True

        return write

    outcomes = run_at_once(describe(first, "a"), describe(second, "b"))

    assert outcomes == [True, True]
    seqs = list(Party.history.model.objects.order_by("audit_seq").values_list("audit_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert Party.history.model.objects.filter(history_change_reason__startswith="Omschrijving").count() == 10
    call_command("verify_audit", stdout=io.StringIO())
