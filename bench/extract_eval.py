"""Precision, recall and F1 of `xiezuo.extract` per field over ../shared/corpus/clean_ewc, and its speed."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from xiezuo.extract import extract
from xiezuo.textrepair import repair

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "clean_ewc"

# How a fact is compared: the strings that identify it.
FIELDS: dict[str, Callable[[dict[str, Any]], Iterable[object]]] = {
    "people": lambda f: [(p["name"], tuple(p["positions"])) for p in f["people"]],
    "people (names)": lambda f: [p["name"] for p in f["people"]],
    "regions": lambda f: [r["name"] for r in f["regions"]],
    "regions (with code)": lambda f: [(r["name"], r["code"]) for r in f["regions"]],
    "organisations": lambda f: list(f["organisations"]),
    "dates": lambda f: [(d["text"], d["year"], d["month"], d["day"]) for d in f["dates"]],
    "visits (delegation)": lambda f: [v["delegation"] for v in f["visits"] if v["delegation"]],
    "visit sites": lambda f: [s for v in f["visits"] for s in v["sites"]],
    "pairings": lambda f: [(tuple(p["east"]), tuple(p["west"])) for p in f["pairings"]],
    "amounts": lambda f: [a["value_yuan"] for a in f["amounts"]],
    "sectors": lambda f: list(f["sectors"]),
    "initiatives": lambda f: list(f["initiatives"]),
}
GOAL_FIELDS = ("people", "regions", "organisations", "dates")


def scores(pairs: list[tuple[dict[str, Any], dict[str, Any]]], field: str) -> tuple[int, int, int]:
    key = FIELDS[field]
    true_positive = false_positive = false_negative = 0
    for got, expected in pairs:
        g, e = Counter(key(got)), Counter(key(expected))
        overlap = sum((g & e).values())
        true_positive += overlap
        false_positive += sum(g.values()) - overlap
        false_negative += sum(e.values()) - overlap
    return true_positive, false_positive, false_negative


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main() -> None:
    if not CORPUS.exists():
        print("\n## extraction: ../shared/corpus/clean_ewc is missing; skipped")
        return
    reports = sorted(CORPUS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in reports]
    pairs = [
        (extract(t).as_json(), json.loads(p.with_suffix(".facts.json").read_text(encoding="utf-8")))
        for p, t in zip(reports, texts, strict=True)
    ]
    print(f"\n## extraction quality over {len(reports)} reports in ../shared/corpus/clean_ewc")
    print(f"  {'field':<22} {'P':>6} {'R':>6} {'F1':>6}   (tp/fp/fn)")
    goal = [0, 0, 0]
    for field in FIELDS:
        tp, fp, fn = scores(pairs, field)
        if field in GOAL_FIELDS:
            goal = [goal[0] + tp, goal[1] + fp, goal[2] + fn]
        p, r, f = f1(tp, fp, fn)
        print(f"  {field:<22} {p:>6.3f} {r:>6.3f} {f:>6.3f}   ({tp}/{fp}/{fn})")
    p, r, f = f1(*goal)
    print(f"  {'micro (goal fields)':<22} {p:>6.3f} {r:>6.3f} {f:>6.3f}   goal: F1 ≥ 0.9 on {', '.join(GOAL_FIELDS)}")
    rounds = 5
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            extract(text)
    per_report = (time.perf_counter() - start) / (rounds * len(texts))
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            repair(text)
    repair_per_report = (time.perf_counter() - start) / (rounds * len(texts))
    print(
        f"\n## extraction speed (one core): {1 / per_report:,.0f} reports/s (goal ≥ 200); "
        f"repair alone on the same reports: {1 / repair_per_report:,.0f} reports/s"
    )
