"""Resolve a region name to its division, saying so when the name is ambiguous or a functional area.

>>> lookup("仪陇").division.code, lookup("龙湾", parent="温州市").division.code
('511324', '330303')
>>> result = lookup("通州")
>>> result.division, result.ambiguous, [d.province.name for d in result.candidates]
(None, True, ['北京市', '江苏省'])
>>> lookup("温州湾新区").functional_area, lookup("温州湾新区").division
(True, None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xiezuo.divisions.names import is_functional_area_name
from xiezuo.divisions.table import Division, by_code, names

# The shortest name of a division is two characters (涉县, 朝阳).
_MIN_NAME = 2

Parent = str | Division | Iterable[Division] | None


@dataclass(frozen=True)
class Lookup:
    """What a name means: one division, several (ambiguous), or none, perhaps a functional area."""

    query: str
    candidates: tuple[Division, ...] = ()
    functional_area: bool = False

    @property
    def division(self) -> Division | None:
        """The division the name means, when it means exactly one."""
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def ambiguous(self) -> bool:
        """True when the name fits several divisions in the scope; see ``candidates``."""
        return len(self.candidates) > 1

    @property
    def code(self) -> str | None:
        """The unique division's GB/T 2260 code, or None (also for a functional area)."""
        division = self.division
        return division.code if division else None


def lookup(name: str, parent: Parent = None) -> Lookup:
    """Look a full or short name up, optionally among the descendants of ``parent``.

    ``parent`` is a division, a code, a name (an ambiguous one scopes to all its divisions) or
    several divisions. A name may start with its parents' names (南充市仪陇县, 重庆两江新区).
    Names that no division has but that look like a development zone or new area are reported as
    functional areas, which have no code.

    >>> lookup("宁夏").code, lookup("南充市仪陇县").code, lookup("浙江省温州市龙湾区").code
    ('640000', '511324', '330303')
    >>> lookup("鼓楼区").ambiguous, lookup("鼓楼区", parent="福州").code
    (True, '350102')
    >>> lookup("两江新区").code, lookup("两江新区").functional_area
    ('500157', False)
    >>> lookup("仙桃").division.parent.name, lookup("火星").candidates, lookup("火星").functional_area
    ('湖北省', (), False)
    """
    query = name.strip()
    scope = _scope(parent)
    candidates = _resolve(query, scope)
    return Lookup(query, candidates, functional_area=not candidates and is_functional_area_name(query))


def _scope(parent: Parent) -> tuple[Division, ...] | None:
    if parent is None:
        return None
    if isinstance(parent, Division):
        return (parent,)
    if isinstance(parent, str):
        text = parent.strip()
        found = by_code(text) if text.isdigit() else None
        return (found,) if found else _resolve(text, None)
    return tuple(parent)


def _resolve(query: str, scope: tuple[Division, ...] | None) -> tuple[Division, ...]:
    found = _within(names().get(query, ()), scope)
    if found or len(query) < 2 * _MIN_NAME:
        return found
    # 南充市仪陇县: the longest leading name that leaves a name under it.
    for cut in range(len(query) - _MIN_NAME, _MIN_NAME - 1, -1):
        heads = _within(names().get(query[:cut], ()), scope)
        if heads and (found := _resolve(query[cut:], heads)):
            return found
    return ()


def _within(candidates: tuple[Division, ...], scope: tuple[Division, ...] | None) -> tuple[Division, ...]:
    if scope is None:
        return candidates
    return tuple(d for d in candidates if any(d.is_within(ancestor) for ancestor in scope))
