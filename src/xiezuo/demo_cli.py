"""`xiezuo demo`: the project's own sample report through a simulated mirror site, and back.

What `make run` shows until the ledger platform can be served.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xiezuo.cli import Subparsers


def add_parser(subparsers: Subparsers[argparse.ArgumentParser]) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="damage the sample report with the mirror simulator and repair it",
        description=(
            "Damage the project's sample report as a mirror site would (seed 2024), then diagnose and "
            "repair it. Exits 0 when the repair gives back the original exactly."
        ),
    )
    demo.set_defaults(run=run_demo)


DEMO_SEED = 2024


def run_demo(args: argparse.Namespace) -> int:
    """Run `xiezuo demo`: exit 0 when the repaired sample equals the original."""
    from xiezuo.textrepair import diagnose, mirror, repair_and_explain

    original = mirror.sample_report()
    damaged = mirror.simulate(original, seed=DEMO_SEED, pinyin=True, commas=True)
    fixed, steps = repair_and_explain(damaged)
    by_layer = Counter(step.layer for step in steps)
    equal = fixed == original

    rule = "=" * 72
    parts = [
        rule,
        "xiezuo demo: the sample report through a simulated mirror site, and back",
        f"(xiezuo.textrepair.mirror.simulate, seed={DEMO_SEED}, pinyin and comma noise on)",
        rule,
        "",
        "--- damaged ---",
        damaged.rstrip("\n"),
        "",
        "--- diagnosis ---",
        str(diagnose(damaged)),
        "",
        "--- repaired ---",
        fixed.rstrip("\n"),
        "",
        "--- changes by layer ---",
        *(f"  {layer:<12} {count:>5}" for layer, count in by_layer.items()),
        f"  {'total':<12} {len(steps):>5}",
        "",
        f"repaired text equals the original sample: {'yes' if equal else 'NO'}",
    ]
    if not equal:
        parts.append(_first_difference(original, fixed))
    sys.stdout.buffer.write(("\n".join(parts) + "\n").encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0 if equal else 1


def _first_difference(expected: str, actual: str, context: int = 12) -> str:
    """Where two texts first differ, with a little context.

    >>> print(_first_difference("东西部协作", "东西部協作"))
    first difference at character 3:
      original: 东西部协作
      repaired: 东西部協作
    """
    pairs = enumerate(zip(expected, actual, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), min(len(expected), len(actual)))
    start = max(0, at - context)
    return (
        f"first difference at character {at}:\n"
        f"  original: {expected[start : at + context]!s}\n"
        f"  repaired: {actual[start : at + context]!s}"
    )
