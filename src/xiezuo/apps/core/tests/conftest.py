"""Fixtures of the spreadsheet tests: uploads go to a temporary folder, not to var/media."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def import_media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)
