"""A demo major incident for `seed_demo`: an outage of the GGD portal three weeks ago, reported twice, declared,
kept up to date, resolved, stood down, reviewed and closed, each step through the services and dated when it
happened (as incidents/demo.py replays the incidents).

Idempotent: does nothing when a major incident exists already.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.history import history_recorded_at
from incidents import services as incident_services
from parties.models import Component, Party

from . import services
from .models import Audience, MajorIncident, MajorIncidentUpdate

DAYS_AGO = 20
PUBLIC_TITLE = "Inloggen op het GGD-portaal lukt niet"
ALL_AUDIENCES = [Audience.REPORTERS, Audience.BUSINESS_OWNER, Audience.OPERATORS, Audience.PUBLIC]
UPDATES = [
    # minutes after the outage began, kind, public text, internal text
    (
        50,
        MajorIncidentUpdate.Kind.SCHEDULED,
        "Inloggen op het GGD-portaal lukt op dit moment niet. We werken aan herstel.",
        "Databaseserver van het portaal bij KPN loopt vol; KPN ruimt op.",
    ),
    (
        80,
        MajorIncidentUpdate.Kind.SCHEDULED,
        "De oorzaak is gevonden en het herstel loopt. Codes die al zijn uitgegeven blijven geldig.",
        "Logbestanden verplaatst; KPN zet monitoring op de schijfruimte.",
    ),
    (
        125,
        MajorIncidentUpdate.Kind.AD_HOC,
        "Inloggen op het GGD-portaal werkt weer. Excuses voor het ongemak.",
        "Opgelost om 11:05; evaluatie volgt morgen.",
    ),
]


def _outage_day(today: date) -> date:
    """A working day about three weeks ago, so the outage is in the history of the status page and the reports."""
    day = today - timedelta(days=DAYS_AGO)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def load_demo_major_incident(*, actor) -> int:
    """The records written: the two reports and the major incident (its updates and review are part of it)."""
    if MajorIncident.objects.exists():
        return 0
    users = {user.username: user for user in get_user_model().objects.all()}
    cibg, kpn, ggd = users["cibg"], users["kpn"], users["ggd"]
    portal = Component.objects.get(slug="ggd-portaal")
    began = timezone.make_aware(datetime.combine(_outage_day(timezone.localdate()), time(9, 15)))

    def at(minutes: int):
        return history_recorded_at(began + timedelta(minutes=minutes))

    with at(0):
        outage = incident_services.incident_file(
            actor=ggd, title=PUBLIC_TITLE, description="", component=portal, impact="high", urgency="high"
        )
    with at(5):
        incident_services.incident_assign(
            actor=cibg, incident=outage, party=Party.objects.get(slug="kpn"), reason="Oorzaak ligt bij de hosting"
        )
    with at(10):
        report = incident_services.incident_file(
            actor=ggd,
            title="Code genereren lukt niet, portaal hangt",
            description="",
            component=portal,
            impact="medium",
            urgency="high",
        )
        incident_services.incident_acknowledge(actor=kpn, incident=outage)
    with at(15):
        major = services.major_declare(
            actor=cibg,
            incident=outage,
            coordinator=cibg,
            public_title=PUBLIC_TITLE,
            reason="Alle GGD's kunnen geen codes uitgeven",
        )
    with at(20):
        services.major_link_report(actor=cibg, major=major, report=report, reason="Zelfde storing")
    for minutes, kind, public_text, internal_text in UPDATES[:2]:
        with at(minutes):
            services.major_post_update(
                actor=cibg,
                major=major,
                kind=kind,
                audiences=ALL_AUDIENCES,
                public_text=public_text,
                internal_text=internal_text,
            )
    with at(110):
        incident_services.incident_resolve(
            actor=kpn,
            incident=outage,
            resolution_code="fixed",
            resolution="De schijf van de databaseserver is opgeschoond; inloggen werkt weer.",
        )
    minutes, kind, public_text, internal_text = UPDATES[2]
    with at(minutes):
        services.major_post_update(
            actor=cibg,
            major=major,
            kind=kind,
            audiences=ALL_AUDIENCES,
            public_text=public_text,
            internal_text=internal_text,
        )
    with at(135):
        services.major_stand_down(actor=cibg, major=major, reason="Portaal werkt weer voor alle GGD's")
    with at(150):
        for incident in (outage, report):
            incident.refresh_from_db()
            incident_services.incident_confirm(actor=ggd, incident=incident)
    next_day = 24 * 60 + 5 * 60  # 14:15 the day after
    with at(next_day):
        review = services.major_file_review(
            actor=cibg,
            major=major,
            went_well="Binnen een kwartier opgeschaald; de GGD's hoorden elk half uur van ons.",
            went_wrong="De schijfruimte van de databaseserver werd niet bewaakt.",
            actions=[
                {
                    "description": "Alarm op de schijfruimte van de databaseserver",
                    "owner": kpn,
                    "due_on": (began + timedelta(days=7)).date(),
                },
                {
                    "description": "Draaiboek major incident aanvullen met het GGD-portaal",
                    "owner": cibg,
                    "due_on": (began + timedelta(days=60)).date(),
                },
            ],
        )
    with at(next_day + 10):
        services.major_close(actor=cibg, major=major, reason="Evaluatie besproken met VWS")
    with at(5 * 24 * 60):
        services.review_action_complete(
            actor=kpn, major=major, action=review.actions.get(owner=kpn), note="Alarm staat aan"
        )
    return 3
