"""Demo changes for `seed_demo`: about 25 changes over the last 12 weeks and the next 4, in every
state, made through the services with their history dated when each step happened.

Idempotent: a change whose title exists is left alone. Requesters are the operators of the party
running the (first) component; approvers are the demo Product Owner, architect and business-owner
representative.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.history import history_recorded_at
from parties.models import Component, Role

from . import services
from .models import BlackoutWindow, ChangeRequest, ChangeStatus, ChangeType, CitizenImpact, StandardChangeTemplate

REASON = "Demo-gegevens: wijzigingen CoronaMelder"
OPERATOR_OF_PARTY = {
    "cibg": "cibg",
    "dictu": "dictu",
    "justid": "justid",
    "kpn": "kpn",
    "websitepartij": "website",
}
APPROVER_FOR_ROLE = {Role.PRODUCT_OWNER: "po", Role.SYSTEM_ARCHITECT: "architect", Role.BUSINESS_OWNER: "opdrachtgever"}
# The business owner's approval comes from the representative of the party owning the change's service.
OWNER_REPRESENTATIVE = {"vws": "opdrachtgever", "ggd-ghor": "ggdghor"}
ANSWERS = {
    "low": {
        "citizen_impact": CitizenImpact.NONE,
        "rollback_tested": True,
        "done_before": True,
        "downtime_expected": False,
        "security_sensitive": False,
    },
    "medium": {
        "citizen_impact": CitizenImpact.LIMITED,
        "rollback_tested": True,
        "done_before": False,
        "downtime_expected": False,
        "security_sensitive": False,
    },
    "high": {
        "citizen_impact": CitizenImpact.MAJOR,
        "rollback_tested": False,
        "done_before": True,
        "downtime_expected": True,
        "security_sensitive": False,
    },
}

TEMPLATES = [
    # title, components, description, plan, rollback
    (
        "Beveiligingspatches besturingssysteem",
        ["infrastructuur", "backend", "middleware"],
        "Maandelijkse patches van de leverancier van het besturingssysteem.",
        "Servers één voor één patchen en herstarten achter de loadbalancer.",
        "Snapshot van voor de patch terugzetten.",
    ),
    (
        "Certificaat HSM vernieuwen",
        ["hsm"],
        "Jaarlijkse vernieuwing van het ondertekeningscertificaat.",
        "Nieuw certificaat laden in de HSM en activeren.",
        "Oud certificaat blijft geldig tot de einddatum en wordt opnieuw geactiveerd.",
    ),
    (
        "Website-inhoud bijwerken",
        ["website"],
        "Teksten en veelgestelde vragen op coronamelder.nl bijwerken.",
        "Nieuwe inhoud publiceren via het CMS.",
        "Vorige versie van de pagina's terugzetten.",
    ),
]


@dataclass
class Spec:
    title: str
    components: list[str]
    change_type: str
    target: str
    days: float  # window start, relative to now
    hours: float = 2
    risk: str = "low"
    template: str | None = None
    fails: bool = False


S = ChangeStatus
N, E, STD = ChangeType.NORMAL, ChangeType.EMERGENCY, ChangeType.STANDARD
SPECS = [
    Spec("Beveiligingspatches november", ["infrastructuur"], STD, S.CLOSED, -80, template=TEMPLATES[0][0]),
    Spec("Logrotatie backend aanpassen", ["backend"], N, S.CLOSED, -74),
    Spec("iOS-app versie 2.4", ["ios-app"], N, S.CLOSED, -66, risk="medium"),
    Spec("Android-app versie 2.4", ["android-app"], N, S.CLOSED, -65, risk="medium"),
    Spec("Verlopen certificaat HSM vervangen", ["hsm"], E, S.CLOSED, -60, hours=1),
    Spec("Upgrade SQL Server middlewarelaag", ["middleware"], N, S.CLOSED, -52, hours=4, risk="high", fails=True),
    Spec("Veelgestelde vragen bijwerken", ["website"], STD, S.CLOSED, -45, template=TEMPLATES[2][0]),
    Spec("GGD-portaal: veld testdatum toevoegen", ["ggd-portaal"], N, S.COMPLETED, -40),
    Spec("Oplossing II: nieuwe dossierindeling", ["o2-applicatie"], N, S.CLOSED, -38, hours=3, risk="high"),
    Spec("Loadbalancer-configuratie vernieuwen", ["infrastructuur"], N, S.REJECTED, -33, risk="medium"),
    Spec("Monitoringagent backend bijwerken", ["backend"], N, S.CANCELLED, -30),
    Spec("Hotfix backend: geheugenlek", ["backend"], E, S.REVIEWED, -24, hours=1),
    Spec("Sleutelrotatie HSM", ["hsm"], N, S.CLOSED, -20, hours=3, risk="high"),
    Spec("Beveiligingspatches januari", ["infrastructuur", "backend"], STD, S.COMPLETED, -14, template=TEMPLATES[0][0]),
    Spec("Website: nieuwe cookiemelding", ["website"], N, S.COMPLETED, -10, risk="medium"),
    Spec("Android-app: pushberichten herzien", ["android-app"], N, S.ROLLED_BACK, -17, fails=True),
    Spec("Backend: rate limiting aanscherpen", ["backend"], N, S.FAILED, -7, fails=True),
    Spec("Backend: netwerksegmentatie", ["infrastructuur"], N, S.IN_PROGRESS, -1 / 24, hours=4, risk="medium"),
    Spec("Upgrade besturingssysteem backend-servers", ["infrastructuur", "backend"], N, S.SCHEDULED, 3, 4, "medium"),
    Spec("Firmware-update netwerkswitches", ["infrastructuur"], N, S.SCHEDULED, 3 + 2 / 24, 3),
    Spec("Certificaat HSM vernieuwen (jaarlijks)", ["hsm"], STD, S.APPROVED, 6, template=TEMPLATES[1][0]),
    Spec("Teksten over nieuwe app-versie", ["website"], STD, S.APPROVED, 7, template=TEMPLATES[2][0]),
    Spec("Android-app versie 2.5", ["android-app"], N, S.AWAITING_APPROVAL, 8, risk="medium"),
    Spec(
        "Oplossing II: koppeling met het GGD-portaal vernieuwen", ["o2-koppeling"], N, S.AWAITING_APPROVAL, 9, 3, "high"
    ),
    Spec("Nieuwe versie backend-API (v3)", ["backend", "middleware"], N, S.ASSESSED, 10, 6, "high"),
    Spec("iOS-app versie 2.5", ["ios-app"], N, S.SUBMITTED, 12),
    Spec("Website: toegankelijkheid verbeteren", ["website"], N, S.SUBMITTED, 14),
    Spec("GGD-portaal: exportfunctie", ["ggd-portaal"], N, S.DRAFT, 20),
]
FREEZE_CHANGE = Spec("Capaciteitsuitbreiding database", ["middleware"], N, S.APPROVED, 0)


def load_demo_changes(*, actor) -> int:
    """Load the demo changes; returns how many records were created."""
    users = {user.username: user for user in get_user_model().objects.all()}
    components = {
        component.slug: component for component in Component.objects.select_related("operating_party", "service__owner")
    }
    if not {"po", "architect", *OWNER_REPRESENTATIVE.values()} <= set(users) or not components:
        return 0
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    for title, slugs, description, plan, rollback in TEMPLATES:
        if not StandardChangeTemplate.objects.filter(title=title).exists():
            with history_recorded_at(now - timedelta(weeks=13)):
                services.template_save(
                    actor=actor,
                    reason=REASON,
                    title=title,
                    description=description,
                    implementation_plan=plan,
                    rollback_plan=rollback,
                    components=[components[slug] for slug in slugs],
                )
            created += 1
    freeze = _end_of_year_freeze(now)
    if not BlackoutWindow.objects.filter(title=freeze["title"]).exists():
        with history_recorded_at(now - timedelta(weeks=12)):
            services.blackout_save(actor=users["po"], reason=REASON, **freeze)
        created += 1
    freeze_spec = Spec(
        **{**FREEZE_CHANGE.__dict__, "days": (freeze["starts_at"] + timedelta(days=4) - now).total_seconds() / 86400}
    )
    for spec in sorted([*SPECS, freeze_spec], key=lambda spec: spec.days):
        if ChangeRequest.objects.filter(title=spec.title).exists():
            continue
        _drive(spec, now, users, components)
        created += 1
    return created


def _end_of_year_freeze(now: datetime) -> dict:
    local = timezone.localtime(now)
    year = local.year if (local.month, local.day) < (12, 22) else local.year + 1
    return {
        "title": f"Bevriezing jaarwisseling {year}",
        "starts_at": timezone.make_aware(datetime(year, 12, 22, 0, 0)),
        "ends_at": timezone.make_aware(datetime.combine(datetime(year + 1, 1, 4).date(), time.min)),
        "description": "Geen wijzigingen rond de feestdagen: minimale bezetting in de keten.",
    }


def _drive(spec: Spec, now: datetime, users: dict, components: dict) -> ChangeRequest:
    """Create the change and take it through its lifecycle to `spec.target`, each step dated."""
    start = now + timedelta(days=spec.days)
    end = start + timedelta(hours=spec.hours)
    chosen = [components[slug] for slug in spec.components]
    requester = users[OPERATOR_OF_PARTY[chosen[0].operating_party.slug]]
    emergency = spec.change_type == E
    submitted = start - timedelta(hours=3) if emergency else min(start - timedelta(days=9), now - timedelta(days=5))
    step = timedelta(minutes=20) if emergency else timedelta(days=1)
    target = spec.target

    def at(moment):
        return history_recorded_at(moment)

    with at(submitted):
        change = services.change_create(
            actor=requester,
            requesting_party=chosen[0].operating_party,
            components=chosen,
            submit=target != S.DRAFT,
            reason=REASON,
            title=spec.title,
            motivation=f"{spec.title}: nodig voor stabiliteit en veiligheid van CoronaMelder.",
            change_type=spec.change_type,
            template=StandardChangeTemplate.objects.filter(title=spec.template).first(),
            implementation_plan="" if spec.template else "Uitvoeren volgens draaiboek, stap voor stap met controle.",
            rollback_plan="" if spec.template else "Terugzetten naar de vorige versie volgens draaiboek.",
            test_evidence="Getest op de acceptatieomgeving; testrapport in het wijzigingsdossier.",
            proposed_start=start,
            proposed_end=end,
        )
    if target in {S.DRAFT, S.SUBMITTED}:
        return change
    if spec.change_type == N:
        with at(submitted + step):
            change = services.change_assess(
                actor=users["architect"], change=change, version=change.version, **ANSWERS[spec.risk]
            )
        if target == S.ASSESSED:
            return change
    if target == S.CANCELLED:
        with at(submitted + 2 * step):
            return services.change_transition(
                actor=requester,
                change=change,
                name="cancel",
                version=change.version,
                reason="Vervalt door nieuwe release",
            )
    if spec.change_type != STD:
        with at(submitted + step + timedelta(minutes=10)):
            change = services.change_request_approval(actor=users["po"], change=change, version=change.version)
        if target == S.AWAITING_APPROVAL:
            return change
        for index, role in enumerate(change.required_roles):
            approver = users[APPROVER_FOR_ROLE[role]]
            if role == Role.BUSINESS_OWNER and chosen[0].service is not None:
                approver = users[OWNER_REPRESENTATIVE[chosen[0].service.owner.slug]]
            with at(submitted + 2 * step + timedelta(minutes=15 * index)):
                if target == S.REJECTED and index == len(change.required_roles) - 1:
                    return services.change_reject(
                        actor=approver,
                        change=change,
                        version=change.version,
                        comment="Onvoldoende onderbouwd dat burgers er geen last van hebben.",
                    )
                change = services.change_approve(actor=approver, change=change, version=change.version)
    if target == S.APPROVED:
        return change
    with at(submitted + 3 * step):
        change = services.change_schedule(actor=users["po"], change=change, version=change.version)
    if target == S.SCHEDULED:
        return change
    with at(start):
        change = services.change_transition(actor=requester, change=change, name="start", version=change.version)
    if target == S.IN_PROGRESS:
        return change
    failing = spec.fails
    with at(end):
        change = services.change_transition(
            actor=requester, change=change, name="fail" if failing else "complete", version=change.version
        )
    if target in {S.COMPLETED, S.FAILED}:
        return change
    if failing:
        with at(end + timedelta(minutes=30)):
            change = services.change_transition(
                actor=requester, change=change, name="roll_back", version=change.version, reason="Vorige versie terug"
            )
    if target == S.ROLLED_BACK:
        return change
    if emergency or failing:
        with at(end + timedelta(days=1)):
            change = services.change_review(
                actor=users["po"],
                change=change,
                version=change.version,
                what_happened="Uitgevoerd buiten het normale proces; oorzaak en impact nagelopen met de keten.",
                follow_up="Draaiboek aangevuld; controle toegevoegd aan de maandelijkse keten-review.",
            )
    if target == S.REVIEWED:
        return change
    with at(end + timedelta(days=2)):
        return services.change_transition(actor=users["po"], change=change, name="close", version=change.version)
