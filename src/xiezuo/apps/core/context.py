"""What every page's template needs: the navigation and the user's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {}
    for ledger_type in ledger_types():
        groups.setdefault(ledger_type.group, []).append(ledger_type)
    return {
        "nav_groups": groups,
        "user_scope": scope_of(getattr(request, "user", None)),
    }
