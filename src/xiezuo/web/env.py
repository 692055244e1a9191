"""Typed readers of environment variables that fail loudly on bad values (after healthchecks)."""

from __future__ import annotations

import os


class SettingError(RuntimeError):
    """An environment variable has a value the platform cannot use."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingError(f"{name}={value!r}: expected true or false")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """A whole number that is zero or more."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if not value.strip().isdecimal():
        raise SettingError(f"{name}={value!r}: expected a whole number")
    return int(value)
