"""Layer 4: GBK text read one byte off (placeholder, filled in below)."""

from __future__ import annotations

from dataclasses import dataclass

from xiezuo.textrepair.steps import Step

LAYER = "mojibake"


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    recovered: str | None
    reason: str


def find_runs(text: str) -> list[Run]:
    return []


def recover(text: str) -> tuple[str, list[Step]]:
    return text, []
