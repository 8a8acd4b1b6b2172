"""Load the CoronaMelder reference chain (DESIGN §2) with one demo user per role.

Idempotent: what already exists is left alone, so a second run writes nothing. The chain is
recorded as set up on the transition date (1 October 2020), with one later change, so the
"as of" pages have a past to show.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from changes.demo import load_demo_changes
from core.auditchain.verify import verify_audit
from core.history import history_recorded_at
from governance.analysis.demo import load_demo_analysis
from governance.readiness import load_demo_readiness
from governance.reports.live import live_figures_refresh_all
from governance.reports.services import weekly_reports_fill_missing
from incidents.demo import load_demo_incidents
from majorincidents.demo import load_demo_major_incident
from parties import services
from parties.models import (
    Agreement,
    AgreementKind,
    Component,
    ComponentDependency,
    Party,
    PartyKind,
    Priority,
    Role,
    RoleAssignment,
    Service,
    ServiceCalendar,
)
from problems.demo import load_demo_problems, load_demo_recurring_incidents

DEMO_PASSWORD = "regie-demo"  # noqa: S105 - documented demo password, refused outside DEBUG
TRANSITION_DAY = date(2020, 10, 1)
DEMO_REPORT_WEEKS = 12
WEBSITE_MONITORING_HANDOVER = date(2021, 2, 1)
REASON = "Demo-gegevens: keten CoronaMelder"

PARTIES = [
    # slug, name, kind, parent slug
    ("vws", "Ministerie van VWS", PartyKind.BUSINESS_OWNER, None),
    ("cibg", "CIBG", PartyKind.REGIE, None),
    ("dictu", "DICTU AppLoket", PartyKind.OPERATOR, "cibg"),
    ("justid", "JustID", PartyKind.OPERATOR, "cibg"),
    ("kpn", "KPN", PartyKind.OPERATOR, "cibg"),
    ("kdnv", "KDNV", PartyKind.SOC, "cibg"),
    ("websitepartij", "Websitepartij (naam onbekend)", PartyKind.OPERATOR, None),
    ("bits-of-freedom", "Bits of Freedom", PartyKind.HOSTING, None),
    ("securitypartij", "Securitypartij website (naam onbekend)", PartyKind.SOC, "cibg"),
    ("ggd-ghor", "GGD GHOR Nederland", PartyKind.USER_ORGANISATION, None),
]

SERVICES = [
    # slug, name, public name, owner, description
    (
        "coronamelder",
        "CoronaMelder",
        "CoronaMelder",
        "vws",
        "De app CoronaMelder met backend, GGD-portaal en website; eigenaar het ministerie van VWS.",
    ),
    (
        "oplossing-ii",
        "Oplossing II",
        "Oplossing II",
        "ggd-ghor",
        "Oplossing II van GGD GHOR Nederland (eigenaar/opdrachtgever), uitgevoerd door de keten.",
    ),
]

COMPONENTS = [
    # slug, name, public name, operating, hosting, monitoring (CoronaMelder)
    ("backend", "Backend-software", "De achterkant van de app (servers)", "cibg", "kpn", "kdnv"),
    ("middleware", "Middlewarelaag (IIS, SQL)", "Koppelingen achter de app", "cibg", "kpn", "kdnv"),
    ("ggd-portaal", "GGD-portaal", "GGD-portaal", "cibg", "kpn", "kdnv"),
    ("ios-app", "iOS-app", "App op iPhone", "dictu", None, None),
    ("android-app", "Android-app", "App op Android-telefoon", "dictu", None, None),
    ("hsm", "HSM-implementatie en certificaten", "Beveiligde sleutels en certificaten", "justid", "kpn", "kdnv"),
    ("infrastructuur", "Backend-infrastructuur", "Servers en netwerk", "kpn", "kpn", "kdnv"),
    (
        "website",
        "Website coronamelder.nl",
        "Website coronamelder.nl",
        "websitepartij",
        "bits-of-freedom",
        "securitypartij",
    ),
]
OPLOSSING_II_COMPONENTS = [
    ("o2-applicatie", "Oplossing II-applicatie", "Oplossing II voor GGD-medewerkers", "cibg", "kpn", "kdnv"),
    ("o2-koppeling", "Koppeling Oplossing II – GGD-portaal", "Koppeling Oplossing II", "cibg", "kpn", "kdnv"),
]
SERVICE_OF_COMPONENT = {slug: "coronamelder" for slug, *_rest in COMPONENTS} | {
    slug: "oplossing-ii" for slug, *_rest in OPLOSSING_II_COMPONENTS
}

DEPENDENCIES = [
    # component, depends on
    ("backend", "infrastructuur"),
    ("backend", "middleware"),
    ("backend", "hsm"),
    ("middleware", "infrastructuur"),
    ("ggd-portaal", "backend"),
    ("ios-app", "backend"),
    ("android-app", "backend"),
    ("o2-applicatie", "infrastructuur"),
    ("o2-koppeling", "o2-applicatie"),
    ("o2-koppeling", "ggd-portaal"),
]

USERS = [
    # username, first name, last name, party slug, role, staff
    ("po", "Petra", "Oosterhout", "cibg", Role.PRODUCT_OWNER, False),
    ("architect", "Sander", "Aalbers", "cibg", Role.SYSTEM_ARCHITECT, False),
    ("beheerder", "Bram", "Eekhof", "cibg", Role.ADMINISTRATOR, True),
    ("cibg", "Chantal", "Bakker", "cibg", Role.OPERATOR, False),
    ("dictu", "Daan", "IJsselmuiden", "dictu", Role.OPERATOR, False),
    ("justid", "Julia", "Dekker", "justid", Role.OPERATOR, False),
    ("kpn", "Karim", "Pinas", "kpn", Role.OPERATOR, False),
    ("kdnv", "Kees", "de Noord", "kdnv", Role.OPERATOR, False),
    ("website", "Wendy", "Smit", "websitepartij", Role.OPERATOR, False),
    ("bof", "Bas", "Frijters", "bits-of-freedom", Role.OPERATOR, False),
    ("security", "Sanne", "Visser", "securitypartij", Role.OPERATOR, False),
    ("ggd", "Gerda", "de Groot", "ggd-ghor", Role.REPORTER, False),
    ("vws", "Vera", "Willems", "vws", Role.VIEWER, False),
    ("opdrachtgever", "Hanneke", "Verbeek", "vws", Role.BUSINESS_OWNER, False),
    ("ggdghor", "Gijs", "Hoekstra", "ggd-ghor", Role.BUSINESS_OWNER, False),
]

OFFICE_HOURS = [[["08:00", "17:00"]]] * 5 + [[], []]

# Minutes of business time per priority: (response, resolution).
SLA_TARGETS = {Priority.P1: (15, 240), Priority.P2: (60, 960), Priority.P3: (240, 2700), Priority.P4: (480, 5400)}
UC_TARGETS = {Priority.P1: (10, 180), Priority.P2: (45, 720), Priority.P3: (180, 2160), Priority.P4: (480, 4320)}

AGREEMENTS = [
    # reference, title, kind, provider, customer, components, underpins
    (
        "SLA-VWS-CIBG",
        "Dienstverlening CoronaMelder",
        AgreementKind.SLA,
        "cibg",
        "vws",
        [slug for slug, *_rest in COMPONENTS],
        None,
    ),
    ("UC-CIBG-DICTU", "Beheer apps", AgreementKind.UC, "dictu", "cibg", ["ios-app", "android-app"], "SLA-VWS-CIBG"),
    ("UC-CIBG-JUSTID", "HSM en certificaten", AgreementKind.UC, "justid", "cibg", ["hsm"], "SLA-VWS-CIBG"),
    (
        "UC-CIBG-KPN",
        "Infrastructuur en hosting",
        AgreementKind.UC,
        "kpn",
        "cibg",
        ["infrastructuur", "backend", "middleware", "ggd-portaal", "hsm"],
        "SLA-VWS-CIBG",
    ),
    (
        "SLA-GGDGHOR-CIBG",
        "Dienstverlening Oplossing II",
        AgreementKind.SLA,
        "cibg",
        "ggd-ghor",
        [slug for slug, *_rest in OPLOSSING_II_COMPONENTS],
        None,
    ),
    (
        "UC-CIBG-KDNV",
        "Securitymonitoring backend",
        AgreementKind.UC,
        "kdnv",
        "cibg",
        ["backend", "middleware", "ggd-portaal", "infrastructuur", "hsm"],
        "SLA-VWS-CIBG",
    ),
    (
        "UC-CIBG-SECURITY",
        "Securitymonitoring website",
        AgreementKind.UC,
        "securitypartij",
        "cibg",
        ["website"],
        "SLA-VWS-CIBG",
    ),
]


class Command(BaseCommand):
    help = "Load the CoronaMelder demo chain and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument(
            "--chain-only", action="store_true", help="Load parties, users and agreements, but no incidents or changes."
        )

    def handle(self, *args, force: bool = False, chain_only: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo loads demo users with a known password; with DEBUG off, pass --force.")
        # The demo users' addresses are made up: mail raised while loading (alerts, reports ready) goes nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created = self.load(with_activity=not chain_only)
            if not chain_only:
                # Reports are derived data, computed after the records they read are committed.
                reports = weekly_reports_fill_missing(weeks=DEMO_REPORT_WEEKS)
                self.stdout.write(f"{reports} weekly report(s) computed.")
        if not chain_only:
            # As Monday's recurrence check and the architect's analysis would follow the report.
            created += load_demo_problems() + load_demo_analysis()
            # As the minute's task would: the dashboard's figures of the current week.
            live_figures_refresh_all()
            # As the nightly run would: the dashboard shows the audit chain verified, not "never checked".
            verification = verify_audit()
            self.stdout.write(
                f"Audit chain {'intact' if verification.intact else 'NOT intact'}: "
                f"{verification.rows_checked} history rows verified."
            )
        self.stdout.write(self.style.SUCCESS(f"Demo chain ready ({created} new records)."))
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, party, role, _staff in USERS:
            self.stdout.write(
                f"  {username:<14} {first} {last} – {Role(role).label}, {dict(self.party_names())[party]}"
            )

    @staticmethod
    def party_names():
        return [(slug, name) for slug, name, *_rest in PARTIES]

    @transaction.atomic
    def load(self, with_activity: bool) -> int:
        created = 0
        User = get_user_model()
        admin_user = User.objects.filter(username="beheerder").first()
        if admin_user is None:
            admin_user = User.objects.create_superuser(
                "beheerder", "beheerder@regie.example", DEMO_PASSWORD, first_name="Bram", last_name="Eekhof"
            )
            created += 1
        actor = admin_user

        with history_recorded_at(timezone.make_aware(datetime.combine(TRANSITION_DAY, time(9, 0)))):
            parties = {}
            for slug, name, kind, parent in PARTIES:
                party = Party.objects.filter(slug=slug).first()
                if party is None:
                    party = services.party_save(
                        actor=actor, reason=REASON, slug=slug, name=name, kind=kind, parent=parties.get(parent)
                    )
                    created += 1
                parties[slug] = party

            office = ServiceCalendar.objects.filter(name="Kantooruren NL").first()
            if office is None:
                office = services.calendar_save(
                    actor=actor, reason=REASON, name="Kantooruren NL", weekly_hours=OFFICE_HOURS, public_holidays="NL"
                )
                created += 1
            always = ServiceCalendar.objects.filter(name="24×7").first()
            if always is None:
                always = services.calendar_save(
                    actor=actor, reason=REASON, name="24×7", always_open=True, weekly_hours=[], public_holidays=""
                )
                created += 1

            services_by_slug = {}
            for slug, name, public_name, owner, description in SERVICES:
                service = Service.objects.filter(slug=slug).first()
                if service is None:
                    service = services.service_save(
                        actor=actor,
                        reason=REASON,
                        slug=slug,
                        name=name,
                        public_name=public_name,
                        owner=parties[owner],
                        description=description,
                    )
                    created += 1
                services_by_slug[slug] = service

            new_components = set()
            components = {}
            for slug, name, public_name, operating, hosting, monitoring in COMPONENTS + OPLOSSING_II_COMPONENTS:
                service = services_by_slug[SERVICE_OF_COMPONENT[slug]]
                component = Component.objects.filter(slug=slug).first()
                if component is not None and component.service_id is None:
                    services.component_save(actor=actor, reason=REASON, component=component, service=service)
                if component is None:
                    # Until the handover the backend's SOC also watched the website.
                    first_monitor = "kdnv" if slug == "website" else monitoring
                    component = services.component_save(
                        actor=actor,
                        reason=REASON,
                        slug=slug,
                        name=name,
                        public_name=public_name,
                        operating_party=parties[operating],
                        hosting_party=parties.get(hosting),
                        monitoring_party=parties.get(first_monitor),
                        service=service,
                    )
                    new_components.add(slug)
                    created += 1
                components[slug] = component

            for slug, depends_on in DEPENDENCIES:
                pair = {"component": components[slug], "depends_on": components[depends_on]}
                if not ComponentDependency.objects.filter(**pair).exists():
                    services.dependency_add(actor=actor, reason=REASON, **pair)
                    created += 1

            for reference, title, kind, provider, customer, covered, underpins in AGREEMENTS:
                if Agreement.objects.filter(reference=reference).exists():
                    continue
                targets = SLA_TARGETS if kind == AgreementKind.SLA else UC_TARGETS
                services.agreement_save(
                    actor=actor,
                    reason=REASON,
                    reference=reference,
                    title=title,
                    kind=kind,
                    provider=parties[provider],
                    customer=parties[customer],
                    calendar=office,
                    underpins=Agreement.objects.filter(reference=underpins).first(),
                    valid_from=TRANSITION_DAY,
                    components=[components[slug] for slug in covered],
                    targets=[
                        {
                            "priority": priority,
                            "response_minutes": response,
                            "resolution_minutes": resolution,
                            "calendar": always if priority == Priority.P1 else None,
                            "availability_percent": 99.5 if kind == AgreementKind.SLA else None,
                            # The business owner hears how a major incident goes every half hour (P1) or hour (P2).
                            "update_interval_minutes": {Priority.P1: 30, Priority.P2: 60}.get(priority)
                            if kind == AgreementKind.SLA
                            else None,
                        }
                        for priority, (response, resolution) in targets.items()
                    ],
                )
                created += 1

            for username, first, last, party, role, staff in USERS:
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User.objects.create_user(
                        username,
                        f"{username}@regie.example",
                        DEMO_PASSWORD,
                        first_name=first,
                        last_name=last,
                        is_staff=staff,
                    )
                    created += 1
                if not RoleAssignment.objects.filter(user=user, party=parties[party], role=role).exists():
                    services.role_assign(
                        actor=actor,
                        reason=REASON,
                        user=user,
                        party=parties[party],
                        role=role,
                        valid_from=TRANSITION_DAY,
                    )
                    created += 1

        if "website" in new_components:
            handover = timezone.make_aware(datetime.combine(WEBSITE_MONITORING_HANDOVER, time(9, 0)))
            with history_recorded_at(handover):
                services.component_save(
                    actor=actor,
                    reason="Securitymonitoring van de website overgedragen aan de eigen securitypartij",
                    component=components["website"],
                    monitoring_party=parties["securitypartij"],
                )
        if with_activity:
            created += load_demo_incidents(actor=actor)
            created += load_demo_major_incident(actor=actor)
            created += load_demo_changes(actor=actor)
            created += load_demo_readiness(actor=actor)
            created += load_demo_recurring_incidents()
        return created
