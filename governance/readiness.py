"""The transition-readiness checklist of the seed document ("Transitie fase": product, organisation,
knowledge): who may change it, the writes (with actor and reason), and the demo checklist.

Everyone in the chain reads it (VWS too); the CIBG Product Owner and administrators keep it up to date.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import history_recorded_at, save_tracked
from core.workflow import check_version
from governance.models import ReadinessGroup, ReadinessItem, ReadinessStatus
from parties.access import principal_for
from parties.models import Party, PartyKind, Role, RoleAssignment

UPDATE_REFUSAL = gettext_lazy("Alleen de Product Owner van de regiepartij en beheerders wijzigen de checklist.")


def can_update_readiness(user) -> bool:
    """The Product Owner of the regie party (CIBG) and administrators."""
    principal = principal_for(user)
    if principal.is_superuser:
        return True
    if not principal.is_authenticated or principal.is_read_only:
        return False
    keepers = Q(role=Role.ADMINISTRATOR) | Q(role=Role.PRODUCT_OWNER, party__kind=PartyKind.REGIE)
    return RoleAssignment.objects.active_on(timezone.localdate()).filter(keepers, user=user).exists()


@transaction.atomic
def readiness_item_add(
    *,
    actor,
    reason: str,
    key: str,
    group: str,
    position: int,
    name: str,
    description: str,
    owner: Party,
) -> ReadinessItem:
    """Put a new point on the checklist, not started."""
    _require_keeper(actor)
    item = ReadinessItem(key=key, group=group, position=position, name=name, description=description, owner=owner)
    save_tracked(item, actor=actor, reason=reason)
    return item


@transaction.atomic
def readiness_item_update(
    *,
    actor,
    item: ReadinessItem,
    status: str,
    reason: str,
    evidence_url: str = "",
    note: str = "",
    version: int | None = None,
) -> ReadinessItem:
    """Record how far a point is, where its evidence is, and why this changed."""
    _require_keeper(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor deze wijziging.")})
    item = ReadinessItem.objects.select_for_update().get(pk=item.pk)
    check_version(item, version)
    item.status, item.evidence_url, item.note = status, evidence_url.strip(), note.strip()
    item.version += 1
    save_tracked(item, actor=actor, reason=reason.strip())
    return item


def _require_keeper(actor) -> None:
    if not can_update_readiness(actor):
        raise PermissionDenied(UPDATE_REFUSAL)


# --- demo ---------------------------------------------------------------------------------------

DEMO_LISTED_ON = datetime(2020, 9, 14, 9, 0)  # the day after the transition plan of 13 September 2020
DEMO_REVIEWED_ON = datetime(2020, 10, 1, 9, 0)  # the transition day

DEMO_ITEMS = [
    # key, group, name, description, owner slug, status on the transition day, evidence, note
    (
        "werking",
        ReadinessGroup.PRODUCT,
        "Werking",
        "De dienstverlening CoronaMelder (apps, backend, GGD-portaal, middlewarelaag, HSM, infrastructuur en "
        "website) werkt aantoonbaar zoals bedoeld bij de overdracht van Ontwikkeling & Bouw naar Dienstverlening, "
        "Ontwikkeling & Beheer.",
        "cibg",
        ReadinessStatus.DONE,
        "https://regie.example/documenten/overdracht/acceptatietest.pdf",
        "Acceptatietest van alle onderdelen afgerond.",
    ),
    (
        "beschrijving",
        ReadinessGroup.PRODUCT,
        "Beschrijving",
        "Het product is beschreven: functionele en technische documentatie, de architectuur en per component "
        "de beheer-, hosting- en monitoringpartij.",
        "cibg",
        ReadinessStatus.IN_PROGRESS,
        "https://regie.example/documenten/overdracht/productbeschrijving.pdf",
        "Beschrijving van de middlewarelaag (IIS, SQL) volgt.",
    ),
    (
        "monitoring",
        ReadinessGroup.PRODUCT,
        "Monitoring",
        "De hele keten wordt bewaakt, inclusief securitymonitoring (SOC) van de backend en van de website "
        "coronamelder.nl.",
        "kdnv",
        ReadinessStatus.IN_PROGRESS,
        "",
        "Securitymonitoring van de website gaat over naar de eigen securitypartij van de website.",
    ),
    (
        "governance",
        ReadinessGroup.ORGANISATION,
        "Governance",
        "De governance van dienstverlening, ontwikkeling en beheer is vastgesteld: VWS als opdrachtgever en "
        "business owner, CIBG als centrale beheerpartij (regievoerder), DI/PG en RIVM voor beleid en kaders, "
        "GGD GHOR voor professioneel en eindgebruik.",
        "vws",
        ReadinessStatus.DONE,
        "https://regie.example/documenten/overdracht/governancemodel.pdf",
        "",
    ),
    (
        "rolverdeling",
        ReadinessGroup.ORGANISATION,
        "Rolverdeling",
        "De rollen van alle spelers zijn belegd: CIBG als Product Owner, System Architect en beheerpartij van "
        "backend en middleware; DICTU AppLoket (apps), JustID (HSM), KPN (infrastructuur en hosting HSM), KDNV en "
        "de securitypartij (SOC), de websitepartij en Bits of Freedom (hosting website).",
        "cibg",
        ReadinessStatus.DONE,
        "https://regie.example/documenten/overdracht/rolverdeling.pdf",
        "",
    ),
    (
        "service-management",
        ReadinessGroup.ORGANISATION,
        "Service management (SLA)",
        "Service management is ingericht: een SLA tussen VWS en CIBG met onderliggende contracten met de "
        "onderaannemers, met normen voor reactie- en oplostijd per prioriteit en een servicekalender.",
        "cibg",
        ReadinessStatus.DONE,
        "https://regie.example/documenten/overdracht/sla-vws-cibg.pdf",
        "",
    ),
    (
        "changemanagement",
        ReadinessGroup.ORGANISATION,
        "Changemanagement",
        "Het wijzigingsproces is ingericht: aanvragen, risicobeoordeling, goedkeuring door de Product Owner (bij "
        "hoger risico ook de System Architect en de opdrachtgever), planning buiten bevriezingsperiodes en evaluatie.",
        "cibg",
        ReadinessStatus.IN_PROGRESS,
        "",
        "Sjablonen voor standaardwijzigingen worden nog opgesteld.",
    ),
    (
        "incidentmanagement",
        ReadinessGroup.ORGANISATION,
        "Incidentmanagement",
        "Het incidentproces is ingericht: GGD-medewerkers melden storingen, CIBG routeert ze door de keten en de "
        "normen uit de SLA en de onderliggende contracten worden bewaakt.",
        "cibg",
        ReadinessStatus.DONE,
        "https://regie.example/documenten/overdracht/incidentproces.pdf",
        "",
    ),
    (
        "bemensing",
        ReadinessGroup.KNOWLEDGE,
        "Bemensing",
        "Er is voldoende deskundige bezetting bij CIBG en de beheerpartijen om de dienst te beheren en door te "
        "ontwikkelen nadat het bouwteam is vertrokken.",
        "cibg",
        ReadinessStatus.IN_PROGRESS,
        "",
        "Werving van twee backend-ontwikkelaars loopt.",
    ),
    (
        "internationaal",
        ReadinessGroup.KNOWLEDGE,
        "Internationaal",
        "De kennis en contacten voor de internationale samenwerking (uitwisseling van sleutels met andere "
        "Europese apps) zijn overgedragen en belegd.",
        "vws",
        ReadinessStatus.NOT_STARTED,
        "",
        "",
    ),
]
DEMO_REASON = "Demo-gegevens: transitiechecklist uit het transitieplan van 13 september 2020"


def load_demo_readiness(*, actor) -> int:
    """The seed document's checklist, listed in September 2020 and reviewed on the transition day.
    Idempotent: points that exist are left alone. Returns the number of points added."""
    added = 0
    for position, (key, group, name, description, owner, status, evidence, note) in enumerate(DEMO_ITEMS, 1):
        if ReadinessItem.objects.filter(key=key).exists():
            continue
        with history_recorded_at(timezone.make_aware(DEMO_LISTED_ON)):
            item = readiness_item_add(
                actor=actor,
                reason=DEMO_REASON,
                key=key,
                group=group,
                position=position,
                name=name,
                description=description,
                owner=Party.objects.get(slug=owner),
            )
        if status != ReadinessStatus.NOT_STARTED:
            with history_recorded_at(timezone.make_aware(DEMO_REVIEWED_ON)):
                readiness_item_update(
                    actor=actor,
                    item=item,
                    status=status,
                    evidence_url=evidence,
                    note=note,
                    reason="Stand bij de overdracht",
                )
        added += 1
    return added
