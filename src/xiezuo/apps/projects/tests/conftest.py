"""A small hand-made ledger whose figures are known, and uploads kept in a temporary MEDIA_ROOT.

In "our" county pairing (温州湾新区、龙湾区 ↔ 仪陇县) and the village–enterprise pairing below it:

| code | pairing   | category    | status      | allocated    | received | disbursed | spent     | refunded |
|------|-----------|-------------|-------------|--------------|----------|-----------|-----------|----------|
| A-1  | ours      | industry    | in_progress | 1,000,000    | 800,000  | 600,000   | 500,000   |          |
| A-2  | ours      | industry    | completed   | 2,000,000    |          |           | 2,000,000 |          |
| A-3  | ours      | labour      | planned     | 345,678.90   |          |           |           |          |
| A-4  | 村企 below | livelihood  | accepted    | 100,000      | 100,000  |           |           | 20,000   |

and in the neighbouring county pairing ("theirs"): B-1, industry, planned, 9,999,999 allocated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xiezuo.apps.conftest import World
from xiezuo.apps.pairings.choices import PairingKind, PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.projects.models import FundTransaction, Project


@dataclass
class Ledger:
    village: Pairing
    a1: Project
    a2: Project
    a3: Project
    a4: Project
    b1: Project


def project(pairing: Pairing, code: str, category: str, status: str, year: int = 2024, **extra: Any) -> Project:
    return Project.objects.create(
        code=code, title=f"项目{code}", pairing=pairing, year=year, category=category, status=status, **extra
    )


def money(project: Project, **amounts: str) -> None:
    """Transactions by type: money(p, allocation="1000000", expenditure="500000")."""
    for kind, amount in amounts.items():
        FundTransaction.objects.create(project=project, type=kind, date=date(2024, 3, 1), amount=Decimal(amount))


@pytest.fixture
def ledger(world: World) -> Ledger:
    village = Pairing.objects.create(
        level=PairingLevel.SUB, kind=PairingKind.ENTERPRISE_VILLAGE, parent=world.ours, name="村企结对：某公司—某村"
    )
    a1 = project(world.ours, "A-1", "industry", "in_progress")
    money(a1, allocation="1000000", receipt="800000", disbursement="600000", expenditure="500000")
    a2 = project(world.ours, "A-2", "industry", "completed")
    money(a2, allocation="2000000", expenditure="2000000")
    a3 = project(world.ours, "A-3", "labour", "planned")
    money(a3, allocation="345678.90")
    a4 = project(village, "A-4", "livelihood", "accepted")
    money(a4, allocation="100000", receipt="100000", refund="20000")
    b1 = project(world.theirs, "B-1", "industry", "planned")
    money(b1, allocation="9999999")
    return Ledger(village=village, a1=a1, a2=a2, a3=a3, a4=a4, b1=b1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    """Uploads go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """Pages in the English source strings, so the assertions hold once Chinese translations are compiled."""
    settings.LANGUAGE_CODE = "en"
