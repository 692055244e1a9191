"""The real pages in ../shared/corpus, read in place: pairs, garbled pages, clean reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.corpus import character_accuracy, clean_reports, comparable, garbled_pages, pairs, residue
from xiezuo.textrepair import diagnose, repair

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.corpus

# Pages whose mojibake loses bytes the readings cannot restore; the repairer
# reports these runs instead of guessing. Strict: a fix shows up as XPASS.
UNRECOVERABLE = {"024", "030", "034"}


def ids(items: list[tuple[str, Path, object]]) -> list[str]:
    return [item[0] for item in items]


PAIRS = pairs(CORPUS) if CORPUS.exists() else []
GARBLED = garbled_pages(CORPUS) if CORPUS.exists() else []
CLEAN = clean_reports(CORPUS) if CORPUS.exists() else []


def test_corpus_is_there(corpus_dir: Path) -> None:
    assert PAIRS and GARBLED and CLEAN, f"no pages found under {corpus_dir}"


@pytest.mark.parametrize(("name", "garbled", "clean"), PAIRS, ids=ids(PAIRS))
def test_pair_repairs_to_the_original(name: str, garbled: Path, clean: Path) -> None:
    got = repair(garbled.read_text(encoding="utf-8"))
    expected = clean.read_text(encoding="utf-8")
    assert comparable(got) == comparable(expected), f"accuracy {character_accuracy(got, expected):.4f}"


@pytest.mark.parametrize(("name", "page", "meta"), GARBLED, ids=ids(GARBLED))
def test_garbled_page_keeps_no_annotation_or_converted_character(
    name: str, page: Path, meta: dict[str, object]
) -> None:
    left = residue(page.read_text(encoding="utf-8"))
    assert left.annotations == []
    assert left.converted == []


@pytest.mark.parametrize(("name", "page", "meta"), GARBLED, ids=ids(GARBLED))
def test_garbled_page_is_diagnosed_with_its_layers(name: str, page: Path, meta: dict[str, object]) -> None:
    found = set(diagnose(page.read_text(encoding="utf-8")).layers)
    stated = {str(layer) for layer in meta["layers"]} & {"traditional", "pinyin"}
    assert stated <= found


@pytest.mark.parametrize(("name", "page", "meta"), GARBLED, ids=ids(GARBLED))
def test_repair_is_idempotent_on_garbled_page(name: str, page: Path, meta: dict[str, object]) -> None:
    once = repair(page.read_text(encoding="utf-8"))
    assert repair(once) == once


MOJIBAKE = [g for g in GARBLED if "mojibake" in g[2]["layers"]]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("name", "page", "meta"),
    [
        pytest.param(*g, marks=pytest.mark.xfail(strict=True, reason="bytes lost in transit"))
        if g[0] in UNRECOVERABLE
        else g
        for g in MOJIBAKE
    ],
    ids=ids(MOJIBAKE),
)
def test_mojibake_page_is_fully_recovered(name: str, page: Path, meta: dict[str, object]) -> None:
    text = page.read_text(encoding="utf-8")
    assert residue(text).unrecovered_runs == []
    assert "mojibake" not in diagnose(repair(text)).layers


@pytest.mark.parametrize("page", CLEAN, ids=[p.stem for p in CLEAN])
def test_clean_report_is_unchanged(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert diagnose(text).layers == ()
    assert repair(text) == text
