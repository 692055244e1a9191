"""Who sees and edits what: permission scoping that lives in querysets (after NetBox's RestrictedQuerySet).

- An editor edits, and a viewer reads, the pairing of their membership and the pairings below it.
- A supervisor reads every pairing with a side inside their division (a province or city).
- An administrator (or a superuser) does everything.
- Reference data without a pairing (regions, shared organisations) is read by every signed-in user and
  written by administrators.

Every view, export, search and API call asks `Model.objects.visible_to(user)` or `.editable_by(user)`.
The scope of a user is worked out once per request and kept on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

from xiezuo.apps.core.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

_CACHE = "_xiezuo_scope"


@dataclass(frozen=True)
class Scope:
    """The pairings a user may read and write; `everything` for administrators."""

    everything: bool
    readable: frozenset[int]
    writable: frozenset[int]

    @property
    def is_admin(self) -> bool:
        return self.everything


NOBODY = Scope(False, frozenset(), frozenset())


def scope_of(user: Any) -> Scope:
    """The user's scope, computed once and cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    scope = _compute(user)
    setattr(user, _CACHE, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after memberships change)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _compute(user: Any) -> Scope:
    from xiezuo.apps.pairings.models import Pairing

    memberships = list(user.memberships.all())
    if user.is_superuser or any(m.role == Role.ADMIN for m in memberships):
        return Scope(True, frozenset(), frozenset())
    readable: set[int] = set()
    writable: set[int] = set()
    for membership in memberships:
        if membership.role == Role.SUPERVISOR and membership.scope_code:
            prefix = division_prefix(membership.scope_code)
            readable |= set(
                Pairing.objects.filter(
                    Q(east_regions__area_code__startswith=prefix) | Q(west_regions__area_code__startswith=prefix)
                ).values_list("pk", flat=True)
            )
        elif membership.pairing_id is not None:
            below = {membership.pairing_id, *Pairing.descendant_ids(membership.pairing_id)}
            readable |= below
            if membership.role == Role.EDITOR:
                writable |= below
    readable |= {*Pairing.descendant_ids_of(readable)} if readable else set()
    return Scope(False, frozenset(readable), frozenset(writable))


def division_prefix(code: str) -> str:
    """330000 → 33 (a province), 330300 → 3303 (a city), 330303 → 330303.

    >>> division_prefix("330000"), division_prefix("330300"), division_prefix("330303")
    ('33', '3303', '330303')
    """
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class ScopedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """A queryset that knows the path from its model to a pairing (`Model.pairing_path`)."""

    def visible_to(self, user: Any) -> Self:
        return self._within(user, writable=False)

    def editable_by(self, user: Any) -> Self:
        return self._within(user, writable=True)

    def _within(self, user: Any, *, writable: bool) -> Self:
        scope = scope_of(user)
        if scope is NOBODY and not getattr(user, "is_authenticated", False):
            return self.none()
        if scope.everything:
            return self.all()
        path: str = getattr(self.model, "pairing_path", "")
        if not path:
            return self.none() if writable else self.all()
        pairings = scope.writable if writable else scope.readable
        condition = Q(**{f"{path}__in": pairings})
        if getattr(self.model, "shared_when_unowned", False) and not writable:
            condition |= Q(**{f"{path}__isnull": True})
        return self.filter(condition).distinct() if "__" in path else self.filter(condition)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
