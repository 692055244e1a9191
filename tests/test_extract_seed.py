"""The seed report, raw from the mirror, gives its reference facts (field by field; extra fields are fine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xiezuo.extract import extract

SEED = "000_3096654b67945219"
FIELDS = [
    "dates",
    "people",
    "regions",
    "organisations",
    "visits",
    "pairings",
    "projects",
    "amounts",
    "sectors",
    "initiatives",
]


def expected(seed_dir: Path) -> dict[str, Any]:
    facts: dict[str, Any] = json.loads((seed_dir / f"{SEED}.facts.json").read_text(encoding="utf-8"))
    return facts


def without_extra_fields(got: Any, want: Any) -> Any:
    """`got` cut down to the keys `want` has, recursively: the contract allows more."""
    if isinstance(want, dict) and isinstance(got, dict):
        return {key: without_extra_fields(got.get(key), value) for key, value in want.items()}
    if isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        return [without_extra_fields(g, w) for g, w in zip(got, want, strict=True)]
    return got


@pytest.mark.parametrize("field", FIELDS)
def test_raw_seed_gives_its_facts(seed_dir: Path, field: str) -> None:
    got = extract((seed_dir / f"{SEED}.txt").read_text(encoding="utf-8")).as_json()
    want = expected(seed_dir)
    assert without_extra_fields(got[field], want[field]) == want[field]


def test_extract_command_prints_the_seed_facts_as_json(seed_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "xiezuo", "extract", str(seed_dir / f"{SEED}.txt"), "--json"],
        capture_output=True,
        check=True,
    )
    got = json.loads(result.stdout)
    want = expected(seed_dir)
    assert got["schema"] == want["schema"]
    assert all(without_extra_fields(got[f], want[f]) == want[f] for f in FIELDS)
