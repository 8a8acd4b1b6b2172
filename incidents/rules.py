"""Who may do what to an incident (DESIGN §5), decided here and used by the workflow's guards,
the services, pages and API. Pages and the API only *show* what these rules allow."""

from parties.access import principal_for
from parties.models import Party, PartyKind, Role

from .models import HoldPeriod, Incident, Status

WORKING_ROLES = {Role.OPERATOR, Role.PRODUCT_OWNER, Role.SYSTEM_ARCHITECT, Role.ADMINISTRATOR}


def party_id_of(user, incident=None) -> int | None:
    """The party a user acts for: on an incident, the assigned or reporting party they belong to; otherwise their
    only party (read from their standing, without a query), or the first of several by kind and name."""
    party_ids = principal_for(user).party_ids
    if incident is not None:
        for party_id in (incident.assigned_party_id, incident.reporter_party_id):
            if party_id in party_ids:
                return party_id
    if len(party_ids) <= 1:
        return next(iter(party_ids), None)
    return Party.objects.filter(pk__in=party_ids).order_by("kind", "name").values_list("pk", flat=True).first()


def _is_regie(principal) -> bool:
    return principal.is_superuser or PartyKind.REGIE in principal.party_kinds


def _works(principal) -> bool:
    return not principal.is_read_only and bool(principal.roles & WORKING_ROLES or principal.is_superuser)


def can_file(user) -> bool:
    principal = principal_for(user)
    return principal.is_authenticated and not principal.is_read_only and bool(principal.party_ids)


def can_work(user, incident) -> bool:
    """Triage, acknowledge, hold, resume, resolve, cancel: the regie party or the assigned party."""
    principal = principal_for(user)
    if not _works(principal):
        return False
    return _is_regie(principal) or incident.assigned_party_id in principal.party_ids


# The business owner does not work incidents and a user organisation only reports them.
UNASSIGNABLE_KINDS = {PartyKind.BUSINESS_OWNER, PartyKind.USER_ORGANISATION}


def can_assign(user, incident, party: Party) -> bool:
    """The regie party routes anywhere in the chain (never to the business owner or a user organisation); the
    assigned party passes the incident down to its own subcontractors or back up to the party it works for."""
    principal = principal_for(user)
    if not _works(principal) or party.kind in UNASSIGNABLE_KINDS or not party.is_active:
        return False
    if _is_regie(principal):
        return True
    if incident.assigned_party_id not in principal.party_ids:
        return False
    holder = incident.assigned_party
    return party.parent_id == holder.pk or party.pk == holder.parent_id


def assignable_parties(user, incident, parties) -> list[Party]:
    """Of `parties`, those `user` may assign the incident to now: not the party that holds it already."""
    return [party for party in parties if party.pk != incident.assigned_party_id and can_assign(user, incident, party)]


def can_triage(user, incident) -> bool:
    return can_work(user, incident) and incident.is_open


def is_reporter_side(user, incident) -> bool:
    principal = principal_for(user)
    return not principal.is_read_only and incident.reporter_party_id in principal.party_ids


def can_reply(user, incident) -> bool:
    return can_work(user, incident) or is_reporter_side(user, incident)


def answers_question(user, incident: Incident) -> bool:
    """The reporter's side replies while the incident waits for the reporter: the reply resumes it."""
    return (
        is_reporter_side(user, incident)
        and incident.hold_periods.filter(ended_at__isnull=True, waiting_for=HoldPeriod.WaitingFor.REPORTER).exists()
    )


def can_post(user, incident: Incident) -> bool:
    """Reply or note: anyone who may reply, while the incident is not closed or cancelled."""
    return incident.status not in (Status.CLOSED, Status.CANCELLED) and can_reply(user, incident)


def can_note(user, incident) -> bool:
    """Internal notes: anyone working in the chain on it, never the reporter's side alone."""
    principal = principal_for(user)
    return can_work(user, incident) or (
        _works(principal) and principal.is_chain_member and incident.assigned_party_id in principal.chain_party_ids
    )


def can_confirm(user, incident) -> bool:
    """Confirm or reopen a resolution: the reporter's organisation, or the regie party on its behalf."""
    principal = principal_for(user)
    return is_reporter_side(user, incident) or (_works(principal) and _is_regie(principal))


def sees_internals(user) -> bool:
    """Internal notes, the assigned parties and the clocks per party are for the chain, and for the owner of a
    service reading the incidents on it (it reads them as VWS does for CoronaMelder)."""
    principal = principal_for(user)
    return principal.is_chain_member or principal.reads_as_service_owner


def can_link_outage(user, incident) -> bool:
    """Link a report to a known outage, or take it off again: the regie party's working people (triage)."""
    principal = principal_for(user)
    return _works(principal) and _is_regie(principal) and incident.is_open


def follows_known_outage(user, incident) -> bool:
    """Resolved with the outage it follows: whoever resolved the outage (the outage's own resolution checked them)."""
    return incident.known_outage_id is not None
