"""Corpus cases kept as data (after ftfy's test-cases and OpenCC's testcases).

`cases/negative.json` must come out unchanged, `cases/repairs.json` must repair
to its expected text (cases that once were known failures live there, so they
stay fixed). `cases/known_failures.json` holds
inputs that `repair` gets wrong today, each with the output it should give: they
run as strict xfails, so a fix (accidental or not) shows up as XPASS and the case
can move to a passing set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xiezuo.textrepair import repair, repair_and_explain

CASES = Path(__file__).with_name("cases")
FIELDS = {"label", "input", "expected", "comment"}


def load(name: str) -> list[dict[str, str]]:
    cases: list[dict[str, str]] = json.loads((CASES / name).read_text(encoding="utf-8"))
    return cases


NEGATIVE = load("negative.json")
REPAIRS = load("repairs.json")
KNOWN_FAILURES = load("known_failures.json")


def params(cases: list[dict[str, str]], *, known_failure: bool = False) -> list[Any]:
    return [
        pytest.param(
            case["input"],
            case["expected"],
            id=case["label"],
            marks=[pytest.mark.xfail(strict=True, reason=case["comment"])] if known_failure else [],
        )
        for case in cases
    ]


@pytest.mark.parametrize("name", ["negative.json", "repairs.json", "known_failures.json"])
def test_case_file_is_well_formed(name: str) -> None:
    cases = load(name)
    assert cases
    assert all(set(case) == FIELDS for case in cases)
    assert all(all(isinstance(value, str) and value for value in case.values()) for case in cases)
    labels = [case["label"] for case in cases]
    assert len(labels) == len(set(labels)), "labels must be unique"


def test_negative_cases_expect_their_input() -> None:
    assert [case["label"] for case in NEGATIVE if case["expected"] != case["input"]] == []


@pytest.mark.parametrize(("text", "expected"), params(NEGATIVE))
def test_negative_case_is_unchanged(text: str, expected: str) -> None:
    fixed, steps = repair_and_explain(text)
    assert fixed == expected
    assert steps == []


@pytest.mark.parametrize(("text", "expected"), params(REPAIRS))
def test_repair_case_gives_its_expected_text(text: str, expected: str) -> None:
    assert repair(text) == expected
    assert repair(expected) == expected


@pytest.mark.parametrize(("text", "expected"), params(KNOWN_FAILURES, known_failure=True))
def test_known_failure(text: str, expected: str) -> None:
    assert repair(text) == expected
