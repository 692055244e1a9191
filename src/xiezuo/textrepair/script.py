"""Layer 1: the mirror's Simplified → Traditional conversion, undone.

OpenCC `t2s` does most of the work. It is not the exact inverse of the
mirror's mapping: the mirror writes 着 as 著, which `t2s` keeps because 著 is
also correct Simplified (著名, 显著). After `t2s`, a 著 goes back to 着 after
a word that takes 着 (意味, 随, 带: `data/zhe_prefixes.tsv`) and outside the
words where Simplified really writes 著 (`data/zhu_words.tsv`). And the mirror leaves 干
as it is (干部, 实干), so a 乾 on its page was 乾 in the original (乾兴农业),
where `t2s` would write 干.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from xiezuo.textrepair.converters import t2s
from xiezuo.textrepair.steps import Edit, Step, apply_edits

LAYER = "traditional"

DATA = Path(__file__).with_name("data")


def _load_words(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


# Words in which Simplified Chinese writes 著 (zhù): these keep it; any other 著 was 着.
_ZHU_WORDS = _load_words("zhu_words.tsv")


def _zhe_pattern(zhu_words: list[str], zhe_prefixes: list[str]) -> re.Pattern[str]:
    """A 著 that stands for 着: after a word that takes 着, or in no word that keeps 著.

    Led by the literal, so the engine jumps from one 著 to the next.
    """
    ahead = [w[w.index("著") + 1 :] for w in zhu_words if w.index("著") + 1 < len(w)]
    behind = [w[: w.index("著") + 1] for w in zhu_words if w.index("著") > 0]
    zhe_after = "|".join(f"(?<={re.escape(p)}著)" for p in sorted(set(zhe_prefixes), key=len, reverse=True))
    not_behind = "".join(f"(?<!{re.escape(b)})" for b in sorted(set(behind)))
    not_ahead = "|".join(map(re.escape, sorted(set(ahead), key=len, reverse=True)))
    return re.compile(f"著(?:{zhe_after}|{not_behind}(?!{not_ahead}))")


_ZHE_RE = _zhe_pattern(_ZHU_WORDS, _load_words("zhe_prefixes.tsv"))

# Characters the mirror never produces from another one: they stay as written.
MIRROR_ORIGINALS = frozenset("乾")
_ORIGINALS_RE = re.compile(f"[{''.join(sorted(MIRROR_ORIGINALS))}]")


def _simplify(text: str) -> str:
    """OpenCC `t2s`, then the mirror's own one-to-many cases."""
    converted = t2s(text)
    if len(converted) == len(text) and any(ch in text for ch in MIRROR_ORIGINALS):
        kept = [m.start() for m in _ORIGINALS_RE.finditer(text)]
        pieces, cursor = [], 0
        for position in kept:
            pieces += [converted[cursor:position], text[position]]
            cursor = position + 1
        converted = "".join([*pieces, converted[cursor:]])
    if "著" in converted:
        converted = _ZHE_RE.sub("着", converted)
    return converted


def to_simplified(text: str) -> tuple[str, list[Step]]:
    """Undo the mirror's conversion, one explained step per changed character.

    >>> to_simplified("東西部協作隨著著名企業")[0]
    '东西部协作随着著名企业'
    >>> to_simplified("乾興農業開發有限公司")[0]
    '乾兴农业开发有限公司'
    """
    return apply_edits(text, LAYER, _diff_edits(text, _simplify(text)))


def to_simplified_fast(text: str) -> str:
    """`to_simplified` without the explanation, for `repair`."""
    return _simplify(text)


def _diff_edits(before: str, after: str) -> list[Edit]:
    """Character-level edits from `before` to `after` (t2s keeps length almost always)."""
    if len(before) != len(after):
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        return [
            Edit(i1, i2, after[j1:j2], _why(before[i1:i2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
    edits = [
        Edit(i, i + 1, new, _why(old)) for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new
    ]
    return edits


def _why(before: str) -> str:
    return "mirror wrote 着 as 著" if before == "著" else "OpenCC t2s"
