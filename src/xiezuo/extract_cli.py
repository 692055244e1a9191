"""`xiezuo extract`: the facts of reports, as a readable summary or as report-facts JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from xiezuo.cli_input import STDIO, InputError, label_of, read_input

if TYPE_CHECKING:
    from xiezuo.cli import Subparsers
    from xiezuo.extract import ReportFacts


def add_parser(subparsers: Subparsers[argparse.ArgumentParser]) -> None:
    """Add `extract` to the `xiezuo` command."""
    parser = subparsers.add_parser(
        "extract",
        help="read the facts of cooperation reports (people, regions, visits, projects …)",
        description=(
            "Read who went where, when, with whom, and what was agreed, from each report. "
            "Text damaged by a mirror site is repaired first."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="report text files; '-' or none: stdin")
    parser.add_argument("--json", action="store_true", help="one report-facts JSON object per line")
    parser.add_argument(
        "--reference-date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date: fills in the year of dates that leave it out",
    )
    parser.add_argument("--encoding", default="utf-8", help="encoding of the files (default utf-8; 'auto' detects)")
    parser.set_defaults(run=run)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def run(args: argparse.Namespace) -> int:
    from xiezuo.extract import extract

    out = sys.stdout.buffer
    for name in args.files or [STDIO]:
        try:
            text, _ = read_input(name, args.encoding)
        except InputError as error:
            print(f"xiezuo extract: {error}", file=sys.stderr)
            return 2
        facts = extract(text, reference_date=args.reference_date)
        if args.json:
            record = {"file": label_of(name), **facts.as_json()}
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        else:
            out.write(summary(label_of(name), facts).encode("utf-8"))
        out.flush()
    return 0


def summary(label: str, facts: ReportFacts) -> str:
    """The facts as a person reads them, one block per kind."""
    lines = [f"== {label}" + (" (repaired first)" if facts.repaired else "")]

    def block(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items)

    block(
        "dates",
        [
            d.text + (f" ({d.year}-{d.month:02d}-{d.day:02d})" if d.year and d.month and d.day else "")
            for d in facts.dates
        ],
    )
    block("people", [f"{p.name}: {'、'.join(p.positions) or '—'}" for p in facts.people])
    block("regions", [f"{r.name} {r.code or '(no code)'}" for r in facts.regions])
    block("organisations", list(facts.organisations))
    for visit in facts.visits:
        block(
            "visit",
            [
                f"delegation: {visit.delegation or '—'}, led by {visit.leader or '—'}",
                f"from {visit.from_region or '—'} to {visit.to_region or '—'}"
                + (f", {visit.date.text}" if visit.date else ""),
                *(f"site {n}: {site}" for n, site in enumerate(visit.sites, 1)),
                *(f"meeting: {m}" for m in visit.meetings),
            ],
        )
    block(
        "pairings",
        [
            f"{'、'.join(p.east)} (east) ↔ {'、'.join(p.west)} (west)"
            + (f", year {p.year_index}" if p.year_index else "")
            + (f", since {p.since}" if p.since else "")
            for p in facts.pairings
        ],
    )
    block("projects", [f"{p.count} ({', '.join(p.categories) or 'no category named'})" for p in facts.projects])
    block("amounts", [f"{a.text} = {a.value_yuan:,} yuan" + (f" ({a.what})" if a.what else "") for a in facts.amounts])
    block("sectors", ["、".join(facts.sectors)] if facts.sectors else [])
    block("initiatives", ["、".join(facts.initiatives)] if facts.initiatives else [])
    return "\n".join(lines) + "\n\n"
