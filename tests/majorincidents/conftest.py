import pytest

from majorincidents import services
from parties.models import Component, Party, Role
from tests.factories import IncidentFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture
def ggd_reporters(demo_chain, demo_user):
    """Five GGD reporters: the demo's `ggd` and four colleagues at GGD GHOR Nederland."""
    ggd = Party.objects.get(slug="ggd-ghor")
    colleagues = [
        RoleAssignmentFactory(
            user=UserFactory(username=f"ggd{n}", first_name="Melder"), party=ggd, role=Role.REPORTER
        ).user
        for n in range(2, 6)
    ]
    return [demo_user("ggd"), *colleagues]


@pytest.fixture
def outage_reports(ggd_reporters):
    """Five reports about one outage of the backend, the first one a P1."""
    backend = Component.objects.get(slug="backend")
    first = IncidentFactory(
        actor=ggd_reporters[0], title="Niemand kan inloggen", component=backend, impact="high", urgency="high"
    )
    return [first] + [
        IncidentFactory(actor=reporter, title=f"Portaal geeft foutmelding {n}", component=backend)
        for n, reporter in enumerate(ggd_reporters[1:], start=2)
    ]


@pytest.fixture
def declare(demo_user):
    def declare_major(incident, *, by="cibg", coordinator="cibg", title="Storing inloggen GGD-portaal"):
        return services.major_declare(
            actor=demo_user(by),
            incident=incident,
            coordinator=demo_user(coordinator),
            public_title=title,
            reason="Landelijke storing",
        )

    return declare_major


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """`with mails() as sent:` — run the block, its on-commit deliveries, and give the mails sent in it."""
    from contextlib import contextmanager

    @contextmanager
    def capture():
        before = len(mailoutbox)
        sent = []
        with django_capture_on_commit_callbacks(execute=True):
            yield sent
        sent.extend(mailoutbox[before:])

    return capture
