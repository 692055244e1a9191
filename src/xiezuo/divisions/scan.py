"""Find division names in running text: longest match first, left to right, no overlaps.

>>> [(m.name, [d.code for d in m.divisions]) for m in find_names("仪陇县党政代表团来龙湾区考察，南充与温州携手")]
[('仪陇县', ['511324']), ('龙湾区', ['330303']), ('南充', ['511300']), ('温州', ['330300'])]
>>> [m.name for m in find_names("世界和平，乡村振兴，中方代表在和平区")]
['和平区']
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from xiezuo.divisions.table import Division, names


class NameMatch(NamedTuple):
    """A division name found in a text: ``text[start:end] == name``."""

    start: int
    end: int
    name: str
    divisions: tuple[Division, ...]

    @property
    def ambiguous(self) -> bool:
        """True when the name alone does not tell which division is meant."""
        return len(self.divisions) > 1

    @property
    def is_full_name(self) -> bool:
        """True when the text uses a full name (龙湾区), not a short one (龙湾)."""
        return any(d.name == self.name for d in self.divisions)


@cache
def common_words() -> frozenset[str]:
    """Short names that are everyday words (和平, 振兴, 中方): not reported in running text."""
    text = files("xiezuo.divisions").joinpath("data", "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _lengths() -> Mapping[str, tuple[int, ...]]:
    """For each two-character start of a name, the lengths of the names that start so, longest first.

    Most positions of a text start no name: one dictionary miss skips them.
    """
    by_start: dict[str, set[int]] = {}
    for name in names():
        by_start.setdefault(name[:2], set()).add(len(name))
    return {start: tuple(sorted(lengths, reverse=True)) for start, lengths in by_start.items()}


def find_names(text: str, *, short_names: bool = True) -> list[NameMatch]:
    """Every division name in ``text``, longest first (仪陇县 before 仪陇), in order.

    With ``short_names=False`` only full names are reported. Short names in ``common_words()``
    never are. Functional areas are not looked for here: see ``lookup`` and
    ``names.FUNCTIONAL_AREA_SUFFIX``.

    >>> [m.name for m in find_names("南充仪陇", short_names=False)], [m.ambiguous for m in find_names("朝阳")]
    ([], [True])
    >>> [m.name for m in find_names("援建宁夏、十万山东人、创新平台")]
    ['宁夏', '山东']
    """
    table, skip, lengths = names(), common_words(), _lengths()
    found: list[NameMatch] = []
    start = 0
    while start < len(text):
        match = _match_at(text, start, table, skip, lengths, short_names)
        if match is None:
            start += 1
            continue
        # 援建宁夏: a stronger name that starts inside this one and runs past it wins (宁夏, not 建宁).
        rival = next(
            (
                other
                for inner in range(start + 1, match.end)
                if (other := _match_at(text, inner, table, skip, lengths, short_names))
                and other.end > match.end
                and _strength(other) > _strength(match)
            ),
            None,
        )
        if rival is None:
            found.append(match)
            start = match.end
        else:
            start = rival.start
    return found


def _strength(match: NameMatch) -> tuple[bool, int]:
    """Full names beat short names; then the higher level (province) beats the lower."""
    return match.is_full_name, -min(d.level.rank for d in match.divisions)


def _match_at(
    text: str,
    start: int,
    table: Mapping[str, tuple[Division, ...]],
    skip: frozenset[str],
    lengths: Mapping[str, tuple[int, ...]],
    short_names: bool,
) -> NameMatch | None:
    for length in lengths.get(text[start : start + 2], ()):
        candidate = text[start : start + length]
        divisions = table.get(candidate) if len(candidate) == length else None
        if not divisions:
            continue
        match = NameMatch(start, start + length, candidate, divisions)
        if match.is_full_name or (short_names and candidate not in skip):
            return match
    return None
