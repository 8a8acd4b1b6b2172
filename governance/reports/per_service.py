"""The dashboard and the weekly report read for one service (`?service=<slug>`).

The stored weekly report keeps one incident row per service (`incidents.by_service`, computed with the
other groups, so the report's query count does not change); everything else in a service's view is the
stored report filtered to the service's components and to the agreements that cover only those. Party
rows, changes, anomalies and the summary are left out: a party's clocks and the week's change figures span
every service, so no share of them is a figure of one service.

Who reads it: the chain (an operator party within what `restrict` leaves it), and the owner of the service
(GGD GHOR Nederland for Oplossing II), who reads the whole of its own service's view as VWS reads the chain's.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from parties.access import principal_for
from parties.models import Agreement, Component, Service


def service_from_request(request) -> Service | None:
    """The service asked for with `?service=`; none for the whole chain. A service owner outside the chain
    always reads one of its own services (the first, without the parameter). Unknown or unseen: 404."""
    user = request.user
    slug = request.GET.get("service", "")
    services = Service.objects.visible_to(user).select_related("owner")
    if not slug:
        return services.order_by("name").first() if principal_for(user).reads_as_service_owner else None
    service = services.filter(slug=slug).first()
    if service is None:
        raise Http404(_("Deze dienst bestaat niet."))
    return service


def may_read(user, service: Service | None) -> bool:
    principal = principal_for(user)
    if principal.is_chain_member:
        return True
    return service is not None and service.pk in principal.owned_service_ids


def reads_whole_service(user) -> bool:
    """The owner of a service reads its service unrestricted; the chain's operators keep their own part."""
    principal = principal_for(user)
    return principal.sees_everything or principal.reads_as_service_owner


def _parts(service: Service) -> tuple[set, set, set]:
    """(component slugs, component names, references of the agreements covering only this service's
    components), read once per request."""
    cached = getattr(service, "_report_parts", None)
    if cached is None:
        components = list(Component.objects.filter(service=service).values_list("slug", "name"))
        elsewhere = Component.objects.filter(agreements=OuterRef("pk")).exclude(service=service)
        agreements = (
            Agreement.objects.filter(components__service=service)
            .exclude(Exists(elsewhere))
            .values_list("reference", flat=True)
            .distinct()
        )
        cached = ({slug for slug, _name in components}, {name for _slug, name in components}, set(agreements))
        service._report_parts = cached
    return cached


def scope_breaches(breaches: QuerySet, service: Service) -> QuerySet:
    """A stored week's breaches (WeeklyBreach) on the service's components."""
    _slugs, names, _agreements = _parts(service)
    return breaches.filter(component__in=names)


def scope(metrics: dict, service: Service) -> dict:
    """A stored (or live) report as one service's: see the module docstring."""
    slugs, _names, agreements = _parts(service)
    incidents = metrics["incidents"]
    by_service = incidents.get("by_service")
    total = None if metrics.get("restricted") or by_service is None else by_service.get(service.slug)
    return {
        **metrics,
        "service": {"slug": service.slug, "name": service.name, "owner": service.owner.name},
        "service_rows_missing": by_service is None,
        "incidents": {
            "total": total,
            "by_priority": {},
            "by_component": {slug: row for slug, row in incidents["by_component"].items() if slug in slugs},
        },
        "parties": {},
        "agreements": {ref: row for ref, row in metrics.get("agreements", {}).items() if ref in agreements},
        "changes": None,
        "availability": {slug: row for slug, row in metrics.get("availability", {}).items() if slug == service.slug},
        "anomalies": [],
        "deltas": {},
        "worst_breach": None,
        "summary": None,
    }
