"""Who a user is in the chain, worked out in one query per request (or read from a shared cache) and used by
every restricted queryset.

Visibility follows the chain (DESIGN §5): members of the regie party and of the business owner
see everything; an operator party sees its own part of the chain and that of its subcontractors;
a reporter's organisation sees only itself. Pages, API and exports all start from the querysets'
`visible_to(user)`, so a record a user may not see answers 404 everywhere.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    party_ids: frozenset[int] = frozenset()
    chain_party_ids: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    party_kinds: frozenset[str] = frozenset()
    owned_service_ids: frozenset[int] = frozenset()
    is_superuser: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def sees_everything(self) -> bool:
        from parties.models import PartyKind

        return self.is_superuser or bool(self.party_kinds & {PartyKind.REGIE, PartyKind.BUSINESS_OWNER})

    @property
    def is_chain_member(self) -> bool:
        """Works inside the chain (not only a user organisation that reports incidents)."""
        from parties.models import PartyKind

        return self.is_superuser or bool(self.party_kinds - {PartyKind.USER_ORGANISATION})

    @property
    def is_read_only(self) -> bool:
        from parties.models import PartyKind, Role

        readers = {Role.VIEWER, Role.BUSINESS_OWNER}  # the owner's representative reads and approves, nothing more
        return not self.is_superuser and (self.roles <= readers or self.party_kinds <= {PartyKind.BUSINESS_OWNER})

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def reads_as_service_owner(self) -> bool:
        """A viewer or representative of a party that owns a service, outside the chain (GGD GHOR for
        Oplossing II): reads that service's records, dashboards and reports."""
        return bool(self.owned_service_ids) and not self.is_chain_member


ANONYMOUS = Principal(user_id=None)


def principal_for(user, on: date | None = None) -> Principal:
    """The user's standing in the chain on a day (default today).

    Worked out in one query (the role assignments and, recursively, the parties below them) and kept on
    the user object for the rest of the request. With a cache shared by every process
    (`PRINCIPAL_CACHE_TIMEOUT` > 0, on when CACHE_URL is set) it is also kept across requests, keyed by
    user and day and stamped with a generation that every committed write to a role assignment or a party
    replaces (parties.signals), so a changed permission is never read stale from the cache.
    """
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    on = on or timezone.localdate()
    attribute = f"_principal_{on.isoformat()}"
    cached = getattr(user, attribute, None)
    if cached is not None:
        return cached
    timeout = getattr(settings, "PRINCIPAL_CACHE_TIMEOUT", 0)
    if timeout:
        standing = _cached_standing(user.pk, on, timeout)
    else:
        standing = _standing(user.pk, on)
    party_ids, chain_party_ids, roles, kinds, owned_service_ids = standing
    principal = Principal(
        user_id=user.pk,
        party_ids=frozenset(party_ids),
        chain_party_ids=frozenset(chain_party_ids),
        roles=frozenset(roles),
        party_kinds=frozenset(kinds),
        owned_service_ids=frozenset(owned_service_ids),
        is_superuser=user.is_superuser,  # from the user row read for this request, never from the cache
    )
    setattr(user, attribute, principal)
    return principal


GENERATION_KEY = "principal:generation"


def _cache_key(user_id: int, on: date) -> str:
    return f"principal:v2:{user_id}:{on.isoformat()}"  # v2: with the owned services


def _cached_standing(user_id: int, on: date, timeout: int) -> tuple:
    # The generation is read before the database: a write that commits after this read replaces the
    # generation afterwards, so what is stored below can never outlive it.
    key = _cache_key(user_id, on)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        return entry[1]
    standing = _standing(user_id, on)
    if generation is not None:
        cache.set(key, (generation, standing), timeout=timeout)
    return standing


def forget_principals() -> None:
    """Every cached principal is stale from now on (called after a role assignment or party write commits)."""
    if getattr(settings, "PRINCIPAL_CACHE_TIMEOUT", 0):
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


SERVICE_OWNER_ROLES = ("viewer", "business_owner")  # Role.VIEWER, Role.BUSINESS_OWNER


def _standing(user_id: int, on: date) -> tuple:
    """(party ids, chain party ids, roles, party kinds, owned service ids) in one query: the user's role
    assignments in force on the day, every party below those in the subcontracting chain, and the services
    owned by a party where the user is a viewer or the owner's representative."""
    from parties.models import Party, RoleAssignment, Service

    assignments, parties = RoleAssignment._meta.db_table, Party._meta.db_table
    services = Service._meta.db_table
    sql = f"""
        WITH RECURSIVE mine AS (
            SELECT a.party_id, a.role, p.kind
            FROM {assignments} a JOIN {parties} p ON p.id = a.party_id
            WHERE a.user_id = %s AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to >= %s)
        ),
        chain(id) AS (
            SELECT party_id FROM mine
            UNION
            SELECT child.id FROM {parties} child JOIN chain ON child.parent_id = chain.id
        )
        SELECT 'role', party_id, role, kind FROM mine
        UNION ALL
        SELECT 'chain', id, NULL, NULL FROM chain
        UNION ALL
        SELECT 'service', s.id, NULL, NULL FROM {services} s
        WHERE s.owner_id IN (SELECT party_id FROM mine WHERE role IN (%s, %s))
    """  # noqa: S608 - table names from the models, values as parameters
    party_ids, chain, roles, kinds, owned = set(), set(), set(), set(), set()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, on, on, *SERVICE_OWNER_ROLES])
        for row_kind, party_id, role, kind in cursor.fetchall():
            if row_kind == "service":
                owned.add(party_id)
            elif row_kind == "chain":
                chain.add(party_id)
            else:
                party_ids.add(party_id)
                roles.add(role)
                kinds.add(kind)
    return (
        tuple(sorted(party_ids)),
        tuple(sorted(chain)),
        tuple(sorted(roles)),
        tuple(sorted(kinds)),
        tuple(sorted(owned)),
    )


def manages_agreements(user) -> bool:
    """Administrators of the chain and whoever may add, edit or delete agreements (in the admin): such an account
    must have a second factor (core.second_factor)."""
    from parties.models import Role

    if principal_for(user).has_role(Role.ADMINISTRATOR):
        return True
    return any(user.has_perm(f"parties.{action}_agreement") for action in ("add", "change", "delete"))
