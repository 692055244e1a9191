"""The seed report repairs to its reference, character for character."""

from __future__ import annotations

from pathlib import Path

from xiezuo.textrepair import diagnose, repair, repair_and_explain

SEED = "000_3096654b67945219"


def test_seed_repairs_exactly(seed_dir: Path) -> None:
    raw = (seed_dir / f"{SEED}.txt").read_text(encoding="utf-8")
    expected = (seed_dir / f"{SEED}.repaired.txt").read_text(encoding="utf-8")
    assert repair(raw) == expected


def test_seed_diagnosis_counts_every_annotation(seed_dir: Path) -> None:
    found = diagnose((seed_dir / f"{SEED}.txt").read_text(encoding="utf-8"))
    assert found.layers == ("traditional", "pinyin", "punctuation")
    assert found.annotations == 189  # as measured in corruption.md


def test_seed_steps_replay_to_the_same_text(seed_dir: Path) -> None:
    raw = (seed_dir / f"{SEED}.txt").read_text(encoding="utf-8")
    repaired, steps = repair_and_explain(raw)
    layers = {step.layer for step in steps}
    assert layers == {"pinyin", "punctuation", "traditional"}
    # Replaying each layer's steps on that layer's input gives the repaired text.
    text = raw
    for layer in ("pinyin", "punctuation", "traditional"):
        pieces, cursor = [], 0
        for step in (s for s in steps if s.layer == layer):
            assert text[step.start : step.end] == step.before
            pieces += [text[cursor : step.start], step.after]
            cursor = step.end
        text = "".join([*pieces, text[cursor:]])
    assert text == repaired
    assert repair(repaired) == repaired
