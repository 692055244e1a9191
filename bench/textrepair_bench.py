"""Speed of `repair` against OpenCC `t2s` alone, and repair quality over ../shared/corpus."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.corpus import character_accuracy, clean_reports, garbled_pages, pairs, residue

from xiezuo.textrepair import diagnose, repair
from xiezuo.textrepair.converters import t2s
from xiezuo.textrepair.mirror import sample_report, simulate

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def best_time(function: Callable[[str], object], documents: list[str], rounds: int = 25) -> float:
    """The fastest of several rounds over all documents, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for document in documents:
            function(document)
        best = min(best, time.perf_counter() - start)
    return best


def inputs() -> tuple[list[str], list[str], str]:
    """Corrupted and clean documents: the corpus where it is, else our own simulated pages."""
    if CORPUS.exists():
        corrupted = [p.read_text(encoding="utf-8") for _, p, _ in garbled_pages(CORPUS)]
        corrupted.append((SHARED / "seed" / "000_3096654b67945219.txt").read_text(encoding="utf-8"))
        clean = [p.read_text(encoding="utf-8") for p in clean_reports(CORPUS)]
        return corrupted, clean, f"{len(corrupted)} garbled pages + seed, {len(clean)} clean reports (../shared/corpus)"
    sample = sample_report()
    corrupted = [simulate(sample, seed=s) for s in range(30)]
    return corrupted, [sample] * 30, "30 simulated pages of the project's sample report (../shared missing)"


def speed() -> None:
    corrupted, clean, source = inputs()
    for document in corrupted + clean:  # warm the tables: we measure steady state
        repair(document)
        t2s(document)
    print(f"\n## repair throughput: {source}")
    print(f"{'input':<10} {'MB':>6} {'repair MB/s':>12} {'t2s MB/s':>10} {'ratio':>7}  goal")
    for label, documents, goal in (("corrupted", corrupted, "≥ 0.5"), ("clean", clean, "≥ 2.0")):
        megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
        ours = best_time(repair, documents)
        baseline = best_time(t2s, documents)
        print(
            f"{label:<10} {megabytes:>6.3f} {megabytes / ours:>12.1f} {megabytes / baseline:>10.1f} "
            f"{baseline / ours:>7.2f}× {goal}"
        )


def quality() -> None:
    if not CORPUS.exists():
        print("\n## quality: ../shared/corpus is missing; skipped")
        return
    print("\n## quality over ../shared/corpus/pairs (character accuracy after NFKC; goal: exact without mojibake)")
    for name, garbled, clean in pairs(CORPUS):
        accuracy = character_accuracy(repair(garbled.read_text(encoding="utf-8")), clean.read_text(encoding="utf-8"))
        print(f"  pair {name}: {accuracy:.4%}")
    print("\n## residue on ../shared/corpus/garbled (goal: 0 annotations, 0 converted characters)")
    print(f"  {'page':<5} {'layers':<44} {'annot.':>6} {'conv.':>6} {'unrecovered mojibake runs'}")
    totals = [0, 0, 0]
    for name, page, _ in garbled_pages(CORPUS):
        text = page.read_text(encoding="utf-8")
        left = residue(text)
        layers = ",".join(diagnose(text).layers)
        totals[0] += len(left.annotations)
        totals[1] += len(left.converted)
        totals[2] += len(left.unrecovered_runs)
        runs = "; ".join(left.unrecovered_runs)
        print(f"  {name:<5} {layers:<44} {len(left.annotations):>6} {len(left.converted):>6} {runs}")
    print(f"  total: {totals[0]} annotations, {totals[1]} converted characters, {totals[2]} unrecovered runs")
    changed = [
        p.stem for p in clean_reports(CORPUS) if repair(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")
    ]
    print(f"\n## clean reports changed by repair: {len(changed)} of {len(clean_reports(CORPUS))} {changed or ''}")


def main() -> None:
    speed()
    quality()
