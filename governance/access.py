"""Who a user is in the chain, worked out once per request and used by every restricted queryset.

Visibility follows the chain (DESIGN §5): members of the regie party and of the business owner
see everything; an operator party sees its own part of the chain and that of its subcontractors;
a reporter's organisation sees only itself. Pages, API and exports all start from the querysets'
`visible_to(user)`, so a record a user may not see answers 404 everywhere.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    party_ids: frozenset[int] = frozenset()
    chain_party_ids: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    party_kinds: frozenset[str] = frozenset()
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

        return not self.is_superuser and (self.roles <= {Role.VIEWER} or self.party_kinds <= {PartyKind.BUSINESS_OWNER})

    def has_role(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS = Principal(user_id=None)


def principal_for(user, on: date | None = None) -> Principal:
    """The user's standing in the chain on a day (default today), cached on the user for a request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    on = on or timezone.localdate()
    cache_key = f"_principal_{on.isoformat()}"
    cached = getattr(user, cache_key, None)
    if cached is not None:
        return cached

    from parties.models import Party, RoleAssignment

    assignments = list(RoleAssignment.objects.active_on(on).filter(user=user).select_related("party"))
    party_ids = frozenset(assignment.party_id for assignment in assignments)
    principal = Principal(
        user_id=user.pk,
        party_ids=party_ids,
        chain_party_ids=Party.objects.with_subcontractors(party_ids),
        roles=frozenset(assignment.role for assignment in assignments),
        party_kinds=frozenset(assignment.party.kind for assignment in assignments),
        is_superuser=user.is_superuser,
    )
    setattr(user, cache_key, principal)
    return principal
