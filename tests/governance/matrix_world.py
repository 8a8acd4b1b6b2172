"""The objects the permission matrix (test_permission_matrix) asks about, built once per test module on the demo
chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from changes import services as change_services
from changes.models import BlackoutWindow, ChangeIncidentLink, ChangeRequest, ChangeType, StandardChangeTemplate
from core.weeks import Week
from governance.models import ReadinessItem, WeeklyReport
from governance.monthly_summary import Month
from governance.readiness import load_demo_readiness
from governance.reports.services import weekly_report_compute
from incidents import services as incident_services
from incidents.models import Incident, IncidentAttachment
from majorincidents import services as major_services
from majorincidents.models import MajorIncident
from parties.models import Agreement, Component, Party, RoleAssignment, ServiceCalendar

from .problem_world import ProblemWorld, build_problem_world


@dataclass
class World:
    users: dict
    incident: Incident
    other_incident: Incident
    attachment: IncidentAttachment
    change: ChangeRequest
    standard_change: ChangeRequest
    link: ChangeIncidentLink
    blackout: BlackoutWindow
    template: StandardChangeTemplate
    report: WeeklyReport
    readiness: ReadinessItem
    party: Party
    component: Component
    agreement: Agreement
    calendar: ServiceCalendar
    role_assignment: RoleAssignment
    problems: ProblemWorld
    major: MajorIncident | None = None
    month: str = ""


def build_world(demo_chain_snapshot) -> World:
    demo_chain_snapshot.restore()
    from django.contrib.auth import get_user_model

    users = {user.username: user for user in get_user_model().objects.all()}
    parties = {party.slug: party for party in Party.objects.all()}
    infrastructure = Component.objects.get(slug="infrastructuur")
    backend = Component.objects.get(slug="backend")
    now = timezone.now()

    # Filed three weeks ago, so the chain SLA clock is long past its resolution target: a breach.
    incident = incident_services.incident_file(
        actor=users["ggd"],
        title="Servers onbereikbaar",
        description="Sinds vanochtend geen verbinding.",
        component=infrastructure,
        impact="medium",
        urgency="medium",
        attachments=[SimpleUploadedFile("melding.txt", b"logregel\n", content_type="text/plain")],
        now=now - timedelta(days=21),
    )
    incident = incident_services.incident_assign(
        actor=users["cibg"], incident=incident, party=parties["kpn"], reason="Infrastructuur ligt bij KPN"
    )
    incident_services.check_sla_clocks()
    incident.refresh_from_db()
    other_incident = incident_services.incident_file(
        actor=users["ggd"], title="Portaal traag", component=backend, impact="low", urgency="low"
    )

    window = now + timedelta(days=30)
    change = change_services.change_create(
        actor=users["kpn"],
        requesting_party=parties["kpn"],
        components=[infrastructure],
        submit=True,
        change_type=ChangeType.NORMAL,
        title="Patch van de servers",
        motivation="Beveiligingsupdate",
        implementation_plan="Rolling update per node",
        rollback_plan="Vorige image terugzetten",
        test_evidence="Getest op acceptatie",
        proposed_start=window,
        proposed_end=window + timedelta(hours=2),
    )
    link = change_services.change_incident_link(
        actor=users["cibg"], change=change, incident=incident, kind="fixes", reason="De patch lost dit op"
    )
    template = change_services.template_save(
        actor=users["po"],
        reason="Vooraf goedgekeurd",
        components=[infrastructure],
        title="Certificaat vernieuwen",
        description="Jaarlijks",
        implementation_plan="Nieuw certificaat plaatsen",
        rollback_plan="Oud certificaat terugzetten",
    )
    standard_change = change_services.change_create(
        actor=users["kpn"],
        requesting_party=parties["kpn"],
        components=[infrastructure],
        submit=True,
        change_type=ChangeType.STANDARD,
        template=template,
        title="Certificaat vernieuwen",
        motivation="Verloopt",
        proposed_start=window + timedelta(days=1),
        proposed_end=window + timedelta(days=1, hours=1),
    )
    blackout = change_services.blackout_save(
        actor=users["po"],
        reason="Jaarwisseling",
        title="Bevriezing jaarwisseling",
        starts_at=now + timedelta(days=90),
        ends_at=now + timedelta(days=95),
        description="",
    )
    report = weekly_report_compute(week=Week.last_completed())
    load_demo_readiness(actor=users["beheerder"])
    major = major_services.major_declare(
        actor=users["cibg"],
        incident=incident,
        coordinator=users["cibg"],
        public_title="Servers onbereikbaar",
        reason="Landelijke storing",
    )
    return World(
        users=users,
        incident=incident,
        other_incident=other_incident,
        attachment=incident.attachments.get(),
        change=change,
        standard_change=standard_change,
        link=link,
        blackout=blackout,
        template=template,
        report=report,
        readiness=ReadinessItem.objects.order_by("position").first(),
        party=parties["kpn"],
        component=infrastructure,
        agreement=Agreement.objects.get(reference="UC-CIBG-KPN"),
        calendar=ServiceCalendar.objects.get(name="Kantooruren NL"),
        role_assignment=RoleAssignment.objects.get(user=users["kpn"]),
        problems=build_problem_world(users, incident, report),
        month=str(Month.latest_full(timezone.localdate())),
        major=major,
    )
