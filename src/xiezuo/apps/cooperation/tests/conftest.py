from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """Messages in the English source strings, so the assertions hold once Chinese translations are compiled."""
    settings.LANGUAGE_CODE = "en"
