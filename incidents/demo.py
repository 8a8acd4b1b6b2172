"""Demo incidents: a realistic spread over the last twelve weeks, worked through the services as
it would have happened (each step dated when it happened), so the pages show real clocks,
holds, reassignments and breaches."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.history import history_recorded_at
from parties.models import Component, Role, RoleAssignment

from . import services
from .models import Incident

TITLES = {
    "backend": ["Meldingen komen vertraagd binnen", "Backend geeft foutmelding 500", "Sleutels worden niet verwerkt"],
    "middleware": ["SQL-koppeling time-out", "IIS-pool herstart steeds", "Koppeling met GGD-portaal hapert"],
    "ggd-portaal": [
        "Inloggen op het GGD-portaal lukt niet",
        "Code genereren duurt minuten",
        "Portaal toont lege pagina",
    ],
    "ios-app": [
        "App crasht bij openen op iPhone",
        "Melding komt niet door op iOS 18",
        "Knop 'Deel sleutels' reageert niet",
    ],
    "android-app": ["App stopt op Android 14", "Bluetooth-melding blijft hangen", "Notificaties komen dubbel binnen"],
    "hsm": ["Certificaatfout bij ondertekenen", "HSM reageert traag", "Certificaat verloopt binnenkort"],
    "infrastructuur": ["Server onbereikbaar", "Schijf bijna vol op backend", "Netwerkstoring datacenter"],
    "website": ["Website coronamelder.nl laadt niet", "Verkeerde tekst op website", "Downloadlink app werkt niet"],
    "o2-applicatie": [
        "Oplossing II reageert traag",
        "Dossier opent niet in Oplossing II",
        "Inloggen Oplossing II mislukt",
    ],
    "o2-koppeling": ["Gegevens komen niet over uit het GGD-portaal", "Koppeling Oplossing II geeft time-out"],
}
LEVELS = ["high", "medium", "low"]
WEEKS = 12


def load_demo_incidents(*, actor) -> int:
    """Idempotent: does nothing when incidents exist already."""
    if Incident.objects.exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, deterministic on purpose
    users = {user.username: user for user in get_user_model().objects.all()}
    components = list(Component.objects.select_related("operating_party", "hosting_party"))
    today = timezone.localdate()
    start = today - timedelta(weeks=WEEKS)
    count = 0
    for day_offset in range(WEEKS * 7):
        day = start + timedelta(days=day_offset)
        if day.weekday() >= 5 and rng.random() < 0.7:
            continue
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
            moment = timezone.make_aware(datetime.combine(day, time(rng.randint(7, 18), rng.choice([0, 15, 30, 45]))))
            if moment >= timezone.now() - timedelta(hours=1):
                continue
            _play_incident(rng, moment, rng.choice(components), users)
            count += 1
    services.auto_close_resolved()
    services.check_sla_clocks()
    return count


def _operator_of(party):
    assignment = RoleAssignment.objects.filter(party=party, role=Role.OPERATOR).select_related("user").first()
    return assignment.user if assignment else None


def _play_incident(rng, filed_at, component, users):
    """File one incident and work it as far as its age allows."""
    now = timezone.now()
    reporter = users["ggd"] if rng.random() < 0.8 else users["cibg"]
    impact = rng.choices(LEVELS, weights=[1, 3, 6])[0]
    urgency = rng.choices(LEVELS, weights=[2, 4, 4])[0]
    with history_recorded_at(filed_at):
        incident = services.incident_file(
            actor=reporter,
            title=rng.choice(TITLES[component.slug]),
            description="",
            component=component,
            impact=impact,
            urgency=urgency,
        )

    steps = _Steps(rng, filed_at, now, recent=now - filed_at < timedelta(days=14))
    operator = _operator_of(component.operating_party) or users["cibg"]

    if not steps.advance(10, 180):
        return
    with history_recorded_at(steps.at):
        services.incident_assign(
            actor=users["cibg"],
            incident=incident,
            party=component.operating_party,
            reason="Beheerder van dit onderdeel",
        )
    if not steps.advance(5, 240):
        return
    with history_recorded_at(steps.at):
        services.incident_reply(actor=operator, incident=incident, body="We hebben uw melding in behandeling genomen.")

    if rng.random() < 0.3 and steps.advance(30, 300):
        with history_recorded_at(steps.at):
            services.incident_hold(
                actor=operator,
                incident=incident,
                waiting_for="reporter",
                reason="Kunt u een schermafdruk sturen?",
            )
        if not steps.advance(60, 1500):
            return
        with history_recorded_at(steps.at):
            services.incident_reply(
                actor=reporter, incident=incident, body="Zie de beschrijving; het gebeurt bij iedereen."
            )

    hosting = component.hosting_party
    if hosting and hosting != component.operating_party and rng.random() < 0.25 and steps.advance(30, 400):
        with history_recorded_at(steps.at):
            services.incident_assign(
                actor=users["cibg"],
                incident=incident,
                party=hosting,
                reason="Oorzaak ligt bij de hosting",
            )
        operator = _operator_of(hosting) or users["cibg"]
        if not steps.advance(10, 200):
            return
        with history_recorded_at(steps.at):
            services.incident_acknowledge(actor=operator, incident=incident)

    if not steps.advance(60, 4000):
        return
    with history_recorded_at(steps.at):
        services.incident_resolve(
            actor=operator,
            incident=incident,
            resolution_code=rng.choice(["fixed", "fixed", "configuration", "workaround", "user_error"]),
            resolution="Het probleem is verholpen. Wilt u bevestigen dat het weer werkt?",
        )
    if rng.random() < 0.1 and steps.advance(60, 900):
        with history_recorded_at(steps.at):
            services.incident_reopen(actor=reporter, incident=incident, reason="Het probleem is terug.")
        if not steps.advance(10, 120):
            return
        with history_recorded_at(steps.at):
            services.incident_acknowledge(actor=operator, incident=incident)
        if not steps.advance(60, 1500):
            return
        with history_recorded_at(steps.at):
            services.incident_resolve(
                actor=operator, incident=incident, resolution_code="fixed", resolution="Nu structureel opgelost."
            )
    if rng.random() < 0.7 and steps.advance(30, 1200):
        with history_recorded_at(steps.at):
            services.incident_confirm(actor=reporter, incident=incident)


class _Steps:
    """Moves a simulated clock forward; refuses to move into the future, and for recent incidents
    stops now and then, so the demo has open incidents in every state."""

    def __init__(self, rng, start, now, recent: bool):
        self.rng, self.at, self.now, self.recent = rng, start, now, recent

    def advance(self, low_minutes: int, high_minutes: int) -> bool:
        if self.recent and self.rng.random() < 0.3:
            return False
        candidate = self.at + timedelta(minutes=self.rng.randint(low_minutes, high_minutes))
        if candidate >= self.now:
            return False
        self.at = candidate
        return True
