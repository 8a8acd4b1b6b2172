import io

import pytest
from django.core.management import call_command

from tests.timetravel import travel

pytest_plugins = ["tests.celery_worker"]  # the `real_broker` fixture


@pytest.fixture
def demo_chain(db):
    """The CoronaMelder reference chain and its demo users, as `make run` loads it (without the
    demo incidents and changes, so tests start from an empty workload)."""
    call_command("seed_demo", force=True, chain_only=True, stdout=io.StringIO())


@pytest.fixture
def demo_user(demo_chain, django_user_model):
    def get(username: str):
        return django_user_model.objects.get(username=username)

    return get


@pytest.fixture
def at():
    """Move the clock: `with at(2026, 3, 6, 10, 0): ...` (Europe/Amsterdam wall-clock time)."""
    return travel
