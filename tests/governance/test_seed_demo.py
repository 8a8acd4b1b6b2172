import pytest
from django.core.management import CommandError, call_command

from parties.models import Agreement, Component, Party, RoleAssignment


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Party.objects.exists()


def test_running_seed_demo_twice_changes_nothing(demo_chain, capsys):
    counts = [model.history.count() for model in (Party, Component, Agreement, RoleAssignment)]
    call_command("seed_demo", force=True)
    assert [model.history.count() for model in (Party, Component, Agreement, RoleAssignment)] == counts
    assert "0 new records" in capsys.readouterr().out
