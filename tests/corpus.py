"""Reading ../shared/corpus in place, and the measures both the tests and `make bench` use."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from xiezuo.textrepair import repair
from xiezuo.textrepair.converters import t2s_char
from xiezuo.textrepair.mojibake import find_runs
from xiezuo.textrepair.script import MIRROR_ORIGINALS

ANNOTATION_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)|[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
TONE_RE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def comparable(text: str) -> str:
    """The storage normalised full-width forms and whitespace differs: compare past both."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def character_accuracy(got: str, expected: str) -> float:
    a, b = comparable(got), comparable(expected)
    matched = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / max(len(a), len(b), 1)


@dataclass(frozen=True)
class Residue:
    """What is left of the mirror's damage after repair, outside the runs reported as unrecovered."""

    annotations: list[str]
    converted: list[str]
    unrecovered_runs: list[str]


def residue(page: str) -> Residue:
    repaired = repair(page)
    runs = [r for r in find_runs(repaired) if r.recovered is None]
    outside = repaired
    for run in reversed(runs):
        outside = outside[: run.start] + outside[run.end :]
    annotations = [m.group() for m in ANNOTATION_RE.finditer(outside) if TONE_RE.search(m.group())]
    converted = [ch for ch in outside if ch > "\u2fff" and t2s_char(ch) != ch and ch not in MIRROR_ORIGINALS]
    return Residue(annotations, converted, [repaired[r.start : r.end] for r in runs])


def pairs(corpus: Path) -> list[tuple[str, Path, Path]]:
    return [
        (p.name.split(".")[0], p, p.with_name(p.name.replace("garbled", "clean")))
        for p in sorted(corpus.glob("pairs/*.garbled.txt"))
    ]


def garbled_pages(corpus: Path) -> list[tuple[str, Path, dict[str, object]]]:
    return [
        (p.stem, p, json.loads(p.with_suffix(".json").read_text(encoding="utf-8")))
        for p in sorted(corpus.glob("garbled/*.txt"))
    ]


def clean_reports(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("clean_ewc/*.txt"))
