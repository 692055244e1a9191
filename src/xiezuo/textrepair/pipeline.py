"""The repair pipeline: small pure fixers, run in order, each explaining its changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from xiezuo.textrepair import mojibake, pinyin, punctuation, script
from xiezuo.textrepair.diagnosis import Diagnosis, diagnose, needs_repair
from xiezuo.textrepair.steps import Step


@dataclass(frozen=True)
class Fixer:
    """One layer's fix, with an explanation (`explain`) and without (`fix`, for speed)."""

    explain: Callable[[str], tuple[str, list[Step]]]
    fix: Callable[[str], str]


# Order matters: mojibake recovery needs the annotations that tell which
# character a lost byte belonged to; annotations must go before conversion
# changes the characters they follow.
FIXERS: dict[str, Fixer] = {
    mojibake.LAYER: Fixer(mojibake.recover, mojibake.recover_fast),
    pinyin.LAYER: Fixer(pinyin.remove_annotations, pinyin.remove_annotations_fast),
    punctuation.LAYER: Fixer(punctuation.fix_punctuation, punctuation.fix_punctuation_fast),
    script.LAYER: Fixer(script.to_simplified, script.to_simplified_fast),
}


@dataclass(frozen=True)
class RepairConfig:
    """Which layers `repair` may undo; all on by default.

    With `require_evidence` (the default) nothing is changed in a text that
    shows no mirror damage, so clean Simplified and genuine Traditional text
    pass through untouched.
    """

    mojibake: bool = True
    pinyin: bool = True
    punctuation: bool = True
    traditional: bool = True
    require_evidence: bool = True

    def enabled(self, layer: str) -> bool:
        return bool(getattr(self, layer))

    @cached_property
    def fast_fixers(self) -> tuple[Callable[[str], str], ...]:
        """The enabled layers' fast fixes, in pipeline order (worked out once per config)."""
        return tuple(fixer.fix for layer, fixer in FIXERS.items() if self.enabled(layer))


DEFAULT_CONFIG = RepairConfig()


def plan(diagnosis: Diagnosis, config: RepairConfig = DEFAULT_CONFIG) -> list[str]:
    """The layers to run on a text with this diagnosis, in pipeline order.

    On a text the mirror touched every enabled fixer runs: each acts only
    where it finds its own marks, and an earlier one can uncover marks for a
    later one (recovered mojibake brings back the annotations it carried).
    """
    if config.require_evidence and not diagnosis.mirror:
        return []
    return [layer for layer in FIXERS if config.enabled(layer)]


def apply_plan(text: str, layers: Iterable[str]) -> tuple[str, list[Step]]:
    """Run the named fixers in order, unconditionally, and collect their steps."""
    steps: list[Step] = []
    for layer in layers:
        text, layer_steps = FIXERS[layer].explain(text)
        steps.extend(layer_steps)
    return text, steps


def repair_and_explain(text: str, config: RepairConfig = DEFAULT_CONFIG) -> tuple[str, list[Step]]:
    """Repair `text` and list every change (layer, span in that layer's input, before, after).

    >>> fixed, steps = repair_and_explain("協(xié)作,,")
    >>> fixed, [(s.layer, s.before, s.after) for s in steps]
    ('协作，', [('pinyin', '(xié)', ''), ('punctuation', ',,', '，'), ('traditional', '協', '协')])
    """
    if not text:
        return text, []
    return apply_plan(text, plan(diagnose(text), config))


def repair(text: str, config: RepairConfig = DEFAULT_CONFIG) -> str:
    """Undo the mirror's damage; clean text comes back unchanged.

    >>> repair("東西部協(xié)作工作座談會(huì)")
    '东西部协作工作座谈会'
    >>> repair("东西部协作 (记者 唐亚) GDP 1,000")
    '东西部协作 (记者 唐亚) GDP 1,000'
    """
    if config.require_evidence and not needs_repair(text):
        return text
    for fix in config.fast_fixers:
        text = fix(text)
    return text
