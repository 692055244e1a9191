"""The figures of a pairing's home page: projects by category and status, funds, recent visits.

Every number is a query over ledger rows (through the apps that own them), scoped to the user.
"""

from __future__ import annotations

from typing import Any

from xiezuo.apps.pairings.models import Pairing


def dashboard(pairing: Pairing, user: Any) -> dict[str, Any]:
    from xiezuo.apps.projects.figures import pairing_figures
    from xiezuo.apps.visits.figures import recent_visits

    return {"projects": pairing_figures(pairing, user), "visits": recent_visits(pairing, user)}
