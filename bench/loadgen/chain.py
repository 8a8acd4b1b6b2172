"""The demo chain the load is generated for, read once: parties, users, components, agreements."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from changes.models import StandardChangeTemplate
from changes.services import template_save
from incidents.clocks import calendar_as_of, target_as_of
from parties.models import Agreement, AgreementKind, Component, Party, Priority, Role

from .history import REASON
from .writer import esc

# The demo users (governance's seed_demo) who act in the roles the load needs: the approvers of changes
# (changes.models.APPROVER_ROLES, EMERGENCY_APPROVER_ROLES), the architect also assessing their risk.
DEMO_USER_IN_ROLE = {
    Role.PRODUCT_OWNER: "po",
    Role.SYSTEM_ARCHITECT: "architect",
    Role.BUSINESS_OWNER: "opdrachtgever",
}


@dataclass
class Contract:
    agreement_id: int
    reference: str
    history_id: int
    party_id: int
    calendar: dict = field(default_factory=dict)  # the agreement's own calendar (snapshot): auto-closing counts in it
    targets: dict = field(default_factory=dict)  # priority -> (response, resolution, calendar COPY text, snapshot)


@dataclass
class Chain:
    parties: dict  # slug -> id
    party_names: dict  # id -> name
    components: list  # (id, slug, operating, hosting, monitoring) party ids
    operator_of: dict  # party id -> user id
    reporter_user: int
    reporter_party: int
    regie_party: int
    user_in_role: dict  # approver role (parties.models.Role) -> id of the demo user who holds it
    sla: dict  # component id -> Contract
    uc: dict  # (party id, component id) -> Contract
    template_id: int
    template_components: list


def load_chain(now: datetime) -> Chain:
    """The demo chain's parties, users, components and, per component, the agreements in force at `now` with
    their targets and calendar snapshots. Creates a standard change template when there is none."""
    User = get_user_model()
    users = dict(User.objects.values_list("username", "pk"))
    parties = dict(Party.objects.values_list("slug", "pk"))
    components = list(
        Component.objects.order_by("pk").values_list(
            "pk", "slug", "operating_party_id", "hosting_party_id", "monitoring_party_id"
        )
    )
    contracts: dict[int, Contract] = {}

    def contract(agreement: Agreement) -> Contract:
        if agreement.pk not in contracts:
            version = agreement.history.filter(history_date__lte=now).order_by("-history_date").first()
            version = version or agreement.history.order_by("history_date").first()
            found = Contract(
                agreement.pk,
                agreement.reference,
                version.history_id,
                agreement.provider_id,
                calendar_as_of(agreement.calendar_id, now),
            )
            for priority in Priority.values:
                target = target_as_of(agreement, priority, now)
                if target is None:
                    continue
                snapshot = calendar_as_of(target.calendar_id or agreement.calendar_id, now)
                found.targets[priority] = (
                    target.response_minutes,
                    target.resolution_minutes,
                    esc(json.dumps(snapshot)),
                    snapshot,
                )
            contracts[agreement.pk] = found
        return contracts[agreement.pk]

    sla, uc = {}, {}
    today = timezone.localdate(now)
    for component_id, *_rest in components:
        agreements = Agreement.objects.in_force_on(today).filter(components=component_id).order_by("valid_from")
        for agreement in agreements:
            if agreement.kind == AgreementKind.SLA:
                sla.setdefault(component_id, contract(agreement))
            else:
                uc.setdefault((agreement.provider_id, component_id), contract(agreement))
    operator_of = {
        parties[slug]: users[username]
        for slug, username in [
            ("cibg", "cibg"),
            ("dictu", "dictu"),
            ("justid", "justid"),
            ("kpn", "kpn"),
            ("kdnv", "kdnv"),
            ("websitepartij", "website"),
            ("bits-of-freedom", "bof"),
            ("securitypartij", "security"),
            ("ggd-ghor", "ggd"),
        ]
    }
    template = StandardChangeTemplate.objects.filter(is_active=True).order_by("pk").first()
    if template is None:
        template = template_save(
            actor=None,
            reason=REASON,
            components=Component.objects.filter(slug__in=["hsm", "backend"]),
            title="Certificaat vernieuwen (load generator)",
            description="Een verlopend certificaat vervangen.",
            implementation_plan="Nieuw certificaat plaatsen en activeren.",
            rollback_plan="Oude certificaat terugzetten.",
        )
    return Chain(
        parties=parties,
        party_names=dict(Party.objects.values_list("pk", "name")),
        components=components,
        operator_of=operator_of,
        reporter_user=users["ggd"],
        reporter_party=parties["ggd-ghor"],
        regie_party=parties["cibg"],
        user_in_role={role: users[username] for role, username in DEMO_USER_IN_ROLE.items()},
        sla=sla,
        uc=uc,
        template_id=template.pk,
        template_components=list(template.components.values_list("pk", flat=True)),
    )
