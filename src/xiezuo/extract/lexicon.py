"""Word lists under `data/`, read once: one or more words a line, `#` starts a comment."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@cache
def words(name: str) -> tuple[str, ...]:
    """The words of `data/<name>`, in file order, without duplicates.

    >>> "书记" in words("titles.txt")
    True
    """
    seen: dict[str, None] = {}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        for word in line.split():
            seen.setdefault(word, None)
    return tuple(seen)


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of `data/<name>` (comments and blank lines skipped)."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return tuple(rows)
