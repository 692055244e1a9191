"""Fixtures and helpers the reports tests share (no tests here): the seed report, read in place from
../shared/seed, and how to find one item of a proposal."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from xiezuo.apps.conftest import World
from xiezuo.apps.reports import services
from xiezuo.apps.reports.models import Report

ROOT = Path(__file__).resolve().parents[5]
SHARED = ROOT.parent / "shared"
SEED_NAME = "000_3096654b67945219.txt"
PUBLISHED = datetime.date(2024, 8, 27)
SITES = [
    "瑞浦兰钧能源股份有限公司",
    "麦田能源股份有限公司",
    "浙江长江汽车电子有限公司",
    "万洋科技城",
    "国科温州研究院",
    "中国眼谷小镇",
]
SYMPOSIUM = "龙湾区—仪陇县东西部协作工作座谈会"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip where it is missing, fail in CI (as tests/conftest.py's shared_path)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is missing: the third-party pages are read in place from ../shared"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture
def english() -> Any:
    """Messages in the English source language, whatever translations exist by then."""
    with translation.override("en"):
        yield


@pytest.fixture
def seed_bytes() -> bytes:
    """The raw seed: the mirror's damaged copy of the Longwan report."""
    return shared_path("seed", SEED_NAME).read_bytes()


@pytest.fixture
def seed_report(world: World, seed_bytes: bytes) -> Report:
    """The seed as the west-side editor of our pairing adds it, with its publication date."""
    report, created = services.add_report(
        actor=world.west_editor, pairing=world.ours, data=seed_bytes, file_name=SEED_NAME, published=PUBLISHED
    )
    assert created
    return report


def item(source: Report | dict[str, Any], kind: str, **values: Any) -> dict[str, Any]:
    """The one item of a kind with these values."""
    proposal = source.proposal if isinstance(source, Report) else source
    found = [i for i in proposal[kind] if all(i.get(k) == v for k, v in values.items())]
    assert len(found) == 1, (kind, values, [i.get("name") for i in proposal[kind]])
    return found[0]


def confirm(report: Report, user: Any) -> list[Any]:
    report.refresh_from_db()
    return services.confirm_report(report, actor=user, expected_version=report.version)
