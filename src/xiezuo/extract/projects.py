"""Project counts: "实施了产业发展、劳务协作…等53个项目", with the categories named before the count."""

from __future__ import annotations

import re

from xiezuo.extract.facts import ProjectCount
from xiezuo.extract.lexicon import table

PROJECTS_RE = re.compile(r"(?P<count>[0-9]+)个(?P<kind>[\u4e00-\u9fff]{0,6}?)项目")
CONTEXT = 40


def categories_in(text: str) -> tuple[str, ...]:
    """Glossary identifiers of the category words in `text`, in order, once each.

    >>> categories_in("实施了产业发展、劳务协作、人才交流等")
    ('industry', 'labour', 'talent')
    """
    words = {row[0]: row[1] for row in table("categories.tsv")}
    hits = sorted((text.find(word), identifier) for word, identifier in words.items() if word in text)
    return tuple(dict.fromkeys(identifier for _, identifier in hits))


def find_projects(scan: str, text: str) -> list[tuple[int, ProjectCount]]:
    found = []
    for match in PROJECTS_RE.finditer(scan):
        clause_start = max(scan.rfind(mark, 0, match.start()) for mark in "。；\n") + 1
        context = scan[max(clause_start, match.start() - CONTEXT) : match.start()]
        found.append(
            (
                match.start(),
                ProjectCount(int(match["count"]), categories_in(context), text[match.start() : match.end()]),
            )
        )
    return found
