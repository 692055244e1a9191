"""The pipeline: the fast path and the explained path agree, and the config switches layers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED
from xiezuo.textrepair import RepairConfig, apply_plan, repair, repair_and_explain
from xiezuo.textrepair.mirror import sample_report, simulate

PAGES = sorted((SHARED / "corpus").glob("*/*.txt")) if SHARED.exists() else []
DAMAGED = "東西部協(xié)作,,座談會(huì)在儀隴召開(kāi)。來源:四川日?qǐng)?bào)"


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.parent.name}/{p.name}" for p in PAGES])
def test_fast_and_explained_repair_agree_on_real_pages(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert repair(text) == repair_and_explain(text)[0]


@pytest.mark.parametrize("seed", range(20))
def test_fast_and_explained_repair_agree_on_simulated_pages(seed: int) -> None:
    text = simulate(sample_report(), seed=seed, mojibake=seed % 2 == 0)
    assert repair(text) == repair_and_explain(text)[0]


def test_layers_can_be_switched_off() -> None:
    config = RepairConfig(traditional=False, punctuation=False)
    assert repair(DAMAGED, config) == "東西部協作,,座談會在儀隴召開。來源:四川日報"
    assert repair_and_explain(DAMAGED, config)[0] == repair(DAMAGED, config)


def test_without_evidence_requirement_even_clean_looking_text_is_converted() -> None:
    # With the default, a genuine Traditional sentence is left alone.
    text = "臺北市政府今天宣布調整公車票價。"
    assert repair(text) == text
    assert repair(text, RepairConfig(require_evidence=False)) == "台北市政府今天宣布调整公车票价。"


def test_plan_replays_named_layers() -> None:
    text, steps = apply_plan(DAMAGED, ["pinyin"])
    assert text == "東西部協作,,座談會在儀隴召開。來源:四川日?qǐng)?bào)"
    assert {s.layer for s in steps} == {"pinyin"}


def test_empty_text_is_empty() -> None:
    assert repair("") == ""
    assert repair_and_explain("") == ("", [])


@pytest.mark.parametrize(
    "text",
    ["ǖ復(fù) )", "ahuì們!,,見", "協(xié)作,;東西", "會(huì) )議,:開"],
    ids=["broken-annotation-uncovered", "exclamation-before-commas", "comma-before-semicolon", "both"],
)
def test_fast_and_explained_repair_agree_where_rules_touch(text: str) -> None:
    # Found by random search: one rule's change must not alter another's context on one path only.
    assert repair(text) == repair_and_explain(text)[0]
