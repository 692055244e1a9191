"""Shared fixtures: where the third-party pages live, and how their absence is treated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip the test where it is missing, fail in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is missing: the third-party pages are read in place from ../shared"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return shared_path("seed")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return shared_path("corpus")
