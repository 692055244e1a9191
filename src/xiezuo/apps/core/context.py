"""What every page's template needs: the navigation, the user's scope, and whether the data is the demo's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.core.scoping import scope_of
from xiezuo.demo import is_loaded as demo_loaded

# The navigation's menus, in this order: each ledger type sits in its app's group.
GROUP_LABELS = {
    "ledger": _("Ledger"),
    "cooperation": _("Cooperation work"),
    "agreements": _("Agreements and assessment"),
    "reference": _("Reference data"),
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {key: [] for key in GROUP_LABELS}
    for ledger_type in ledger_types():
        groups.setdefault(ledger_type.group, []).append(ledger_type)
    return {
        "nav_groups": [(key, GROUP_LABELS.get(key, key), types) for key, types in groups.items() if types],
        "user_scope": scope_of(getattr(request, "user", None)),
        # The demo banner (base.html): the demo data is loaded (`xiezuo load_demo`, change-log batch "demo").
        "demo_data": demo_loaded(),
    }
