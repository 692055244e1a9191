"""What every page's template needs: the navigation, the user's scope, and whether the data is the demo's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.core.scoping import scope_of
from xiezuo.demo import is_loaded as demo_loaded


def navigation(request: HttpRequest) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {}
    for ledger_type in ledger_types():
        groups.setdefault(ledger_type.group, []).append(ledger_type)
    return {
        "nav_groups": groups,
        "user_scope": scope_of(getattr(request, "user", None)),
        # The demo banner (base.html): the demo data is loaded (`xiezuo load_demo`, change-log batch "demo").
        "demo_data": demo_loaded(),
    }
