"""Which of the mirror's layers a text shows, cheaply enough to run on every document."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from xiezuo.textrepair import mojibake, pinyin, punctuation
from xiezuo.textrepair.chars import HANZI_RUN_RE, count_in_runs
from xiezuo.textrepair.converters import convert, converted_re, converted_run_re

HTML_ENTITY_RE = re.compile(r"[&?](?:ldquo|rdquo|lsquo|rsquo|mdash|hellip|nbsp|quot|amp|middot);")

# A genuinely Traditional text (Taiwan, Hong Kong) is a fixed point of at
# least one of OpenCC's s2t variants; a mirror's partial conversion is not:
# it keeps 并 后 于 云 游 干 里 范 where every variant converts them. These
# characters differ between Traditional standards too, so they are no evidence.
_WEAK_MIXED = frozenset("了布台周只准曲志制")
# What the mirror leaves Simplified is also good Traditional in names and some
# words (范 and 游 are surnames, 里 a Taiwan ward): these count only beside a
# character no Traditional text would have.
_AMBIGUOUS_MIXED = frozenset("并后于云游干里范")
_MIXED_THRESHOLD = 2
_TRADITIONAL_SHARE = 0.05


@dataclass(frozen=True)
class Diagnosis:
    """What the text shows of each layer, with counts and a confidence in [0, 1]."""

    hanzi: int
    traditional: int
    mixed_script: int
    annotations: int
    broken_annotations: int
    comma_noise: int
    mojibake: int
    unexplained_annotations: int
    html_entities: int
    layers: tuple[str, ...] = field(default=())
    confidence: float = 0.0

    @property
    def mirror(self) -> bool:
        """True when the text shows the mirror's damage, so conversion is safe."""
        return bool(self.layers)

    @property
    def traditional_share(self) -> float:
        return self.traditional / self.hanzi if self.hanzi else 0.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["mirror"] = self.mirror
        data["layers"] = list(self.layers)
        return data

    def __str__(self) -> str:
        if not self.layers:
            return f"clean: no mirror damage found ({self.hanzi} ideographs)"
        counts = {
            "traditional": f"{self.traditional} converted of {self.hanzi} ideographs"
            + (f", {self.mixed_script} left Simplified" if self.mixed_script else ""),
            "pinyin": f"{self.annotations} annotations"
            + (f", {self.broken_annotations} broken" if self.broken_annotations else ""),
            "punctuation": f"{self.comma_noise} comma noise",
            "mojibake": f"{self.mojibake} GBK runs",
            "other": f"{self.unexplained_annotations} unexplained annotations, {self.html_entities} HTML entities",
        }
        lines = [f"mirror damage (confidence {self.confidence:.2f}):"]
        lines += [f"  {layer}: {counts[layer]}" for layer in self.layers]
        return "\n".join(lines)


def diagnose(text: str) -> Diagnosis:
    """Find the mirror's layers in `text`.

    >>> diagnose("东西部协作").layers
    ()
    >>> diagnose("東西部協(xié)作,,座談會(huì)").layers
    ('traditional', 'pinyin', 'punctuation')
    """
    hanzi = count_in_runs(HANZI_RUN_RE, text)
    traditional = count_in_runs(converted_run_re(), text)
    edits = pinyin.annotation_edits(text) if traditional else []
    broken = sum(1 for e in edits if e.note == pinyin.BROKEN)
    annotations = len(edits) - broken
    noise = punctuation.count_noise(text)
    runs = mojibake.find_runs(text) if traditional else []
    unexplained = len(pinyin.suspicious_annotations(text)) if traditional else 0
    entities = len(HTML_ENTITY_RE.findall(text))
    share = traditional / hanzi if hanzi else 0.0
    mixed = _mixed_script(text) if share >= _TRADITIONAL_SHARE else 0

    # Every mirror page is converted: without a converted character there is
    # no mirror, whatever else the text shows.
    damaged = annotations + broken + noise + len(runs)
    mirror = bool(traditional) and (damaged > 0 or mixed >= _MIXED_THRESHOLD)
    layers: list[str] = []
    if mirror:
        layers.append("traditional")
        layers += [
            name
            for name, count in (("pinyin", annotations + broken), ("punctuation", noise), ("mojibake", len(runs)))
            if count
        ]
        if unexplained or entities:
            layers.append("other")
    return Diagnosis(
        hanzi=hanzi,
        traditional=traditional,
        mixed_script=mixed,
        annotations=annotations,
        broken_annotations=broken,
        comma_noise=noise,
        mojibake=len(runs),
        unexplained_annotations=unexplained,
        html_entities=entities,
        layers=tuple(layers),
        confidence=_confidence(damaged, mixed, share) if layers else 0.0,
    )


def needs_repair(text: str) -> bool:
    """Whether `diagnose(text).mirror` would be true, stopping at the first sure mark.

    Clean Simplified text costs one C-level scan for a converted character.
    """
    if converted_re().search(text) is None:
        return False
    if pinyin.has_annotation(text) or punctuation.NOISE_RE.search(text) or mojibake.find_runs(text):
        return True
    hanzi = count_in_runs(HANZI_RUN_RE, text)
    return hanzi > 0 and _share_reached(text, hanzi) and _mixed_script(text) >= _MIXED_THRESHOLD


def _share_reached(text: str, hanzi: int) -> bool:
    """Whether converted characters make `_TRADITIONAL_SHARE` of `hanzi`, as `diagnose` computes it.

    The share only grows as runs are added, so counting stops at the first
    run that takes it to the threshold: the full count would give the same answer.
    """
    converted = 0
    for run in converted_run_re().finditer(text):
        converted += run.end() - run.start()
        if converted / hanzi >= _TRADITIONAL_SHARE:
            return True
    return False


def _mixed_script(text: str) -> int:
    """Characters that every Traditional standard would have converted.

    One full `s2t` pass finds the candidates; `s2tw` and `s2hk` then only see
    a few characters of context around each (one per line, so none join).
    """
    converted = convert("s2t", text)
    if len(converted) != len(text):
        return 0
    candidates = [i for i in _differences(text, converted) if text[i] not in _WEAK_MIXED]
    if len(candidates) < _MIXED_THRESHOLD:
        return len(candidates)
    windows = [(text[max(0, i - 3) : i + 4], min(i, 3)) for i in candidates]
    joined = "\n".join(window for window, _ in windows)
    others = [convert(name, joined).split("\n") for name in ("s2tw", "s2hk")]
    mixed = [
        window[centre]
        for n, (window, centre) in enumerate(windows)
        if all(len(other[n]) == len(window) and other[n][centre] != window[centre] for other in others)
    ]
    return len(mixed) if any(ch not in _AMBIGUOUS_MIXED for ch in mixed) else 0


def _differences(text: str, other: str, chunk: int = 16) -> list[int]:
    """The indices where two strings of the same length differ.

    They differ in a few places: equal chunks are skipped by one C-level
    comparison, and only a chunk that differs is compared character by character.

    >>> _differences("协作工作座谈会", "協作工作座談會", chunk=3)
    [0, 5, 6]
    """
    return [
        i
        for start in range(0, len(text), chunk)
        if text[start : start + chunk] != other[start : start + chunk]
        for i in range(start, min(start + chunk, len(text)))
        if text[i] != other[i]
    ]


def _confidence(damaged: int, mixed: int, share: float) -> float:
    """Near 1 with several independent marks of the mirror, lower on thin evidence."""
    evidence = damaged + mixed + (5 if share > 0.3 else 0)
    return round(min(1.0, 0.5 + evidence / 20), 2)
