"""What a fixer did: the steps of a repair, and how to apply edits to a text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Step:
    """One change: `layer` turned `before` at [start, end) of the fixer's input into `after`."""

    layer: str
    start: int
    end: int
    before: str
    after: str
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Edit:
    """A replacement of text[start:end] that a fixer wants to make."""

    start: int
    end: int
    after: str
    note: str = ""


def apply_edits(text: str, layer: str, edits: Iterable[Edit]) -> tuple[str, list[Step]]:
    """Apply non-overlapping `edits` (in any order) and describe each as a Step.

    >>> apply_edits("ab,,c", "punctuation", [Edit(2, 4, "，")])
    ('ab，c', [Step(layer='punctuation', start=2, end=4, before=',,', after='，', note='')])
    """
    ordered = sorted(edits, key=lambda e: e.start)
    pieces: list[str] = []
    steps: list[Step] = []
    cursor = 0
    for edit in ordered:
        if edit.start < cursor:
            raise ValueError(f"overlapping edits at {edit.start}")
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.after)
        before = text[edit.start : edit.end]
        steps.append(Step(layer, edit.start, edit.end, before, edit.after, edit.note))
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), steps
