"""Records named the way people name them in a spreadsheet, instead of by database id.

A region by its name or GB/T 2260 code, a pairing by its name or label, an organisation by its name, a
person by name, a project by its code: each model has a `KeySpec` saying what text names a record and
what tells two records of the same name apart (a person's organisation, an organisation's pairing, a
region's parent). When a name is not unique the exported text says which one is meant:
"张伟（仪陇县人民政府）"; when even that is not unique, "张伟 #42". The importer reads all three forms.

Candidates are always a queryset the caller scoped to the user (the form field's), so a name outside
the user's ledgers is "not found", never someone else's record.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

# Load every candidate (to match names spelled with other spacing or widths) only below this many.
LOAD_ALL_LIMIT = 20_000
_DASHES = str.maketrans({c: "-" for c in "—–―－‐‑~～↔⇔"})
_SPACE = re.compile(r"\s+")
_QUALIFIED = re.compile(r"^(?P<base>.+?)\s*[（(](?P<qualifier>[^（）()]+)[）)]$")
_BY_ID = re.compile(r"^(?P<base>.*?)\s*#(?P<pk>\d+)$")


def norm(text: str) -> str:
    """What two spellings of one name share: NFKC, no white space, case folded, one kind of dash.

    >>> norm(" 温州湾新区、龙湾区 — 仪陇县 ") == norm("温州湾新区、龙湾区-仪陇县")
    True
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text)).translate(_DASHES)).casefold()


def _name(obj: Any) -> str:
    return str(obj) if obj is not None else ""


def _pairing_of(obj: Any) -> Any:
    path = getattr(type(obj), "pairing_path", "")
    if not path:
        return None
    if path == "pk":
        return obj
    target = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


@dataclass(frozen=True)
class KeySpec:
    """How records of one model are named in a spreadsheet."""

    primary: Callable[[Any], str]  # the text an export writes
    lookups: tuple[str, ...] = ()  # fields a text is looked up in (none: load every candidate)
    aliases: Callable[[Any], list[str]] = lambda obj: []  # other texts that name the record
    qualifiers: Callable[[Any], list[str]] = lambda obj: [_name(_pairing_of(obj))]  # the first is written
    lookup_values: Callable[[str], list[str]] = lambda text: [text]  # values of a text to look up
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    example: str = ""  # what a user writes, for the template's explanations


def _person_qualifiers(person: Any) -> list[str]:
    organisations = [p.organisation.name for p in person.positions.all() if p.organisation_id]
    return [*organisations, _name(person.region), _name(person.pairing)]


def _project_lookup_values(text: str) -> list[str]:
    words = text.split()
    return [text, *(" ".join(words[:n]) for n in range(1, len(words)))]


def _spec_for_model(label: str) -> KeySpec | None:
    specs: dict[str, KeySpec] = {
        "regions.Region": KeySpec(
            primary=lambda r: r.name,
            lookups=("code", "name"),
            aliases=lambda r: [r.code] if r.code else [],
            qualifiers=lambda r: [_name(r.parent), r.code],
            related=("parent",),
            example=_("a region's name or GB/T 2260 code, e.g. 仪陇县 or 511324"),
        ),
        "pairings.Pairing": KeySpec(
            primary=str,
            aliases=lambda p: [p.name, p.label],
            qualifiers=lambda p: [_name(p.parent), p.get_level_display()],
            related=("parent",),
            example=_("a pairing's name or its sides, e.g. 温州湾新区、龙湾区 — 仪陇县"),
        ),
        "people.Organisation": KeySpec(
            primary=lambda o: o.name,
            lookups=("name",),
            qualifiers=lambda o: [_name(o.pairing) if o.pairing_id else _("shared"), _name(o.region)],
            related=("pairing", "region"),
            example=_("an organisation's name, e.g. 瑞浦兰钧能源股份有限公司"),
        ),
        "people.Person": KeySpec(
            primary=lambda p: p.name,
            lookups=("name",),
            qualifiers=_person_qualifiers,
            related=("pairing", "region"),
            prefetch=("positions__organisation",),
            example=_("a person's name, with their organisation when two share it: 郭宗海（仪陇县委）"),
        ),
        "projects.Project": KeySpec(
            primary=lambda p: f"{p.code} {p.title}",
            lookups=("code",),
            aliases=lambda p: [p.code],
            lookup_values=_project_lookup_values,
            example=_("a project's code, optionally followed by its title: YL-2024-001"),
        ),
        "cooperation.InvestmentLead": KeySpec(
            primary=lambda lead: lead.enterprise,
            lookups=("enterprise",),
            aliases=lambda lead: [str(lead)],
            related=("pairing",),
            example=_("the enterprise's name"),
        ),
    }
    return specs.get(label)


_NAMING_FIELDS = ("code", "name", "title", "enterprise", "delegation")


def spec_for(model: type[Any]) -> KeySpec:
    """The model's own spec, else one built from its naming fields and its str()."""
    found = _spec_for_model(model._meta.label)
    if found is not None:
        return found
    names = [f.name for f in model._meta.concrete_fields if f.name in _NAMING_FIELDS]
    path = getattr(model, "pairing_path", "")
    related = (path,) if path and path != "pk" else ()
    return KeySpec(
        primary=str,
        lookups=tuple(names),
        aliases=lambda obj: [str(getattr(obj, n)) for n in names if getattr(obj, n, "")],
        related=related,
    )


class Unresolved(Exception):
    """A text names no record, or more than one; the message says which and what to write instead."""


@dataclass
class Resolver:
    """Names ↔ records of one model among a scoped queryset; `prepare` the texts first, then resolve them."""

    model: type[Any]
    queryset: Any
    create_missing: Callable[[str], Any] | None = None  # regions: divisions from the table on first use
    spec: KeySpec = field(init=False)
    _index: dict[str, list[Any]] = field(init=False, default_factory=lambda: defaultdict(list))
    _seen: set[Any] = field(init=False, default_factory=set)
    _loaded_all: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.spec = spec_for(self.model)

    def _candidates(self) -> Any:
        queryset = self.queryset.select_related(*self.spec.related) if self.spec.related else self.queryset
        return queryset.prefetch_related(*self.spec.prefetch)

    def _add(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            if obj.pk in self._seen:
                continue
            self._seen.add(obj.pk)
            for text in {self.spec.primary(obj), *self.spec.aliases(obj)}:
                if text:
                    self._index[norm(text)].append(obj)

    def prepare(self, texts: Iterable[str]) -> None:
        """Load, in a few queries, every candidate the texts could name."""
        values: set[str] = set()
        ids: set[int] = set()
        for text in texts:
            for part in _parts(text):
                values.update(self.spec.lookup_values(part))
            by_id = _BY_ID.match(text)
            if by_id:
                ids.add(int(by_id["pk"]))
        if not values and not ids:
            return
        if not self.spec.lookups:
            self._load_all()
            return
        condition = Q(pk__in=ids)
        for name in self.spec.lookups:
            condition |= Q(**{f"{name}__in": values})
        self._add(self._candidates().filter(condition))
        unmatched = [v for v in values if norm(v) not in self._index]
        if unmatched and not self._loaded_all and self.queryset.count() <= LOAD_ALL_LIMIT:
            self._load_all()

    def _load_all(self) -> None:
        if not self._loaded_all:
            self._loaded_all = True
            self._add(self._candidates())

    def _named(self, text: str) -> list[Any]:
        return list(self._index.get(norm(text), []))

    def names_of(self, obj: Any, text: str) -> bool:
        """Whether the text names this record (without asking which others share the name)."""
        key = norm(text)
        if key in {norm(t) for t in (self.spec.primary(obj), *self.spec.aliases(obj)) if t}:
            return True
        by_id = _BY_ID.match(text)
        if by_id:
            return int(by_id["pk"]) == obj.pk
        qualified = _QUALIFIED.match(text)
        if qualified and self.names_of(obj, qualified["base"]):
            return norm(qualified["qualifier"]) in {norm(q) for q in self.spec.qualifiers(obj) if q}
        return False

    def resolve(self, text: str, *, pairing: Any = None, current: Any = None) -> Any:
        """The record the text names; with `current`, the value it has now wins when the text names it."""
        text = text.strip()
        if current is not None and self.names_of(current, text):
            return current
        by_id = _BY_ID.match(text)
        if by_id:
            found = [o for o in self._named_or_any(by_id["base"]) if o.pk == int(by_id["pk"])]
            if found:
                return found[0]
            raise Unresolved(_("“%(value)s” was not found among the records you may use.") % {"value": text})
        candidates = self._named(text)
        qualified = _QUALIFIED.match(text)
        if not candidates and qualified:
            wanted = norm(qualified["qualifier"])
            candidates = [
                o for o in self._named(qualified["base"]) if wanted in {norm(q) for q in self.spec.qualifiers(o) if q}
            ]
        if not candidates:
            for value in self.spec.lookup_values(text)[1:]:
                candidates = [o for o in self._named(value) if o not in candidates]
                if candidates:
                    break
        if not candidates and self.create_missing is not None:
            created = self.create_missing(text)
            if created is not None:
                self._add([created])
                return created
        if len(candidates) > 1 and pairing is not None:
            own = [o for o in candidates if getattr(_pairing_of(o), "pk", None) == pairing.pk]
            candidates = own or candidates
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise Unresolved(_("“%(value)s” was not found among the records you may use.") % {"value": text})
        options = "、".join(self.render(o) for o in candidates[:5])
        raise Unresolved(
            _("“%(value)s” names %(count)s records (%(options)s): write which one, as shown.")
            % {"value": text, "count": len(candidates), "options": options}
        )

    def _named_or_any(self, base: str) -> list[Any]:
        return self._named(base) if base.strip() else [o for objs in self._index.values() for o in objs]

    def render(self, obj: Any) -> str:
        """The text an export writes: the name, qualified when another candidate shares it."""
        primary = self.spec.primary(obj)
        others = [o for o in self._named(primary) if o.pk != obj.pk]
        if not others:
            return primary
        for qualifier in self.spec.qualifiers(obj):
            if not qualifier:
                continue
            key = norm(qualifier)
            if all(key not in {norm(q) for q in self.spec.qualifiers(o) if q} for o in others):
                return f"{primary}（{qualifier}）"
        return f"{primary} #{obj.pk}"


def _parts(text: str) -> list[str]:
    """The text and the name inside it ("张伟（仪陇县）" → also "张伟"; "张伟 #42" → also "张伟")."""
    text = text.strip()
    parts = [text]
    for pattern in (_BY_ID, _QUALIFIED):
        match = pattern.match(text)
        if match and match["base"].strip():
            parts.append(match["base"].strip())
    return parts


_LIST_SEPARATORS = "、;；\n"


def split_list(text: str) -> list[str]:
    """The names of a many-to-many cell: separated by 、 (or ；), separators inside brackets kept.

    >>> split_list("温州湾新区、龙湾区；郭宗海（仪陇县、南充市）")
    ['温州湾新区', '龙湾区', '郭宗海（仪陇县、南充市）']
    """
    names, current, depth = [], [], 0
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        if char in _LIST_SEPARATORS and depth == 0:
            names.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    names.append("".join(current).strip())
    return [n for n in names if n]


def region_from_divisions(batch: str) -> Callable[[str], Any]:
    """Regions missing from the ledger but in the division table (a code, or an unambiguous name) are added."""

    def create(text: str) -> Any:
        from xiezuo.apps.regions.services import division
        from xiezuo.divisions import by_code, lookup

        text = text.strip()
        if re.fullmatch(r"\d{6}", text):
            return division(text, batch=batch) if by_code(text) is not None else None
        qualified = _QUALIFIED.match(text)
        found = lookup(qualified["base"], parent=qualified["qualifier"]) if qualified else lookup(text)
        if found.ambiguous:
            options = "、".join(
                f"{d.code} {d.name}（{d.parent.name if d.parent else ''}）" for d in found.candidates[:5]
            )
            raise Unresolved(
                _("“%(value)s” names %(count)s divisions (%(options)s): write its code, or its parent in brackets.")
                % {"value": text, "count": len(found.candidates), "options": options}
            )
        return division(found.code, batch=batch) if found.code else None

    return create
