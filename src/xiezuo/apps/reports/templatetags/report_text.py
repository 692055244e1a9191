"""A report's original and repaired text side by side, every change marked on both sides and explained.

The repair's steps give each change's span in *its layer's input* (textrepair's contract), not in the
text as received: a later layer works on what an earlier one produced. `align` replays the steps over
the original and keeps, for each piece of the repaired text, the span of the original it came from and
the steps that made it, so each change is marked where it happened on both sides.

    {% load report_text %}{% side_by_side report as text %}
    {{ text.original }} {{ text.repaired }} {% for change in text.changes %}…{% endfor %}
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The repair layers (xiezuo.textrepair), in pipeline order, as a reader calls them.
LAYERS = {
    "mojibake": _("GBK misreading recovered"),
    "pinyin": _("Pinyin annotation removed"),
    "punctuation": _("Punctuation repaired"),
    "traditional": _("Traditional converted to Simplified"),
}


class MisalignedError(ValueError):
    """The steps do not describe this text: a step's `before` is not where it says."""


@dataclass(frozen=True)
class Piece:
    """A stretch of the repaired text, from original[start:end], changed by `steps` (none: copied as is)."""

    text: str
    start: int
    end: int
    steps: tuple[Mapping[str, Any], ...] = field(default=())


def align(original: str, steps: Iterable[Mapping[str, Any]]) -> list[Piece]:
    """Replay `steps` over `original`: the repaired text as pieces, each knowing where it came from.

    >>> pieces = align("協(xié)作,,", [
    ...     {"layer": "pinyin", "start": 1, "end": 6, "before": "(xié)", "after": ""},
    ...     {"layer": "punctuation", "start": 2, "end": 4, "before": ",,", "after": "，"},
    ...     {"layer": "traditional", "start": 0, "end": 1, "before": "協", "after": "协"},
    ... ])
    >>> [(p.text, p.start, p.end, [s["layer"] for s in p.steps]) for p in pieces]
    [('协', 0, 1, ['traditional']), ('', 1, 6, ['pinyin']), ('作', 6, 7, []), ('，', 7, 9, ['punctuation'])]
    """
    pieces = [Piece(original, 0, len(original))] if original else []
    for _layer, layer_steps in groupby(steps, key=lambda step: step["layer"]):
        pieces = _apply_layer(pieces, sorted(layer_steps, key=lambda step: (step["start"], step["end"])))
    return pieces


def _apply_layer(pieces: list[Piece], steps: list[Mapping[str, Any]]) -> list[Piece]:
    """One layer's steps, non-overlapping and in positions of the layer's input (the current pieces)."""
    done: list[Piece] = []
    queue: deque[tuple[int, Piece]] = deque()
    offset = 0
    for piece in pieces:
        queue.append((offset, piece))
        offset += len(piece.text)
    for step in steps:
        start, end = int(step["start"]), int(step["end"])
        while queue and queue[0][0] + len(queue[0][1].text) <= start:
            done.append(queue.popleft()[1])
        affected: list[tuple[int, Piece]] = []
        while queue and queue[0][0] < end and queue[0][0] + len(queue[0][1].text) > start:
            affected.append(queue.popleft())
        current = "".join(piece.text for _, piece in affected)
        first_offset = affected[0][0] if affected else start
        replaced = current[max(start - first_offset, 0) : end - first_offset]
        if len(replaced) != end - start or replaced != step.get("before", replaced):
            raise MisalignedError(f"step at {start}–{end} ({step['layer']}) does not match the text")
        if not affected:  # an insertion between pieces
            point = done[-1].end if done else (queue[0][1].start if queue else 0)
            done.append(Piece(str(step["after"]), point, point, (step,)))
            continue
        first, last = affected[0][1], affected[-1][1]
        last_offset = affected[-1][0]
        kept_before = start - first_offset
        kept_after = last_offset + len(last.text) - end
        prefix = suffix = ""
        origin_start, origin_end = first.start, last.end
        if kept_before:
            if first.steps:  # a changed piece cannot be cut: the new change takes it whole
                prefix = first.text[:kept_before]
            else:
                done.append(Piece(first.text[:kept_before], first.start, first.start + kept_before))
                origin_start = first.start + kept_before
        tail = None
        if kept_after:
            if last.steps:
                suffix = last.text[len(last.text) - kept_after :]
            else:
                origin_end = last.end - kept_after
                tail = Piece(last.text[len(last.text) - kept_after :], origin_end, last.end)
        made_by = (*(s for _, piece in affected for s in piece.steps), step)
        after = str(step["after"])
        merged = Piece(prefix + after + suffix, origin_start, origin_end, made_by)
        if suffix:
            # The rest of a changed piece is still in this layer's input: a later step may change it too.
            queue.appendleft((end - len(prefix) - len(after), merged))
        else:
            done.append(merged)
        if tail is not None:
            queue.appendleft((end, tail))
    done.extend(piece for _, piece in queue)
    return done


@dataclass(frozen=True)
class Change:
    """One marked change: its number, the layers that made it, and each step's explanation."""

    number: int
    layers: tuple[str, ...]
    steps: tuple[Mapping[str, Any], ...]
    original: str
    repaired: str

    @property
    def explanation(self) -> str:
        return "; ".join(explain(step) for step in self.steps)


@dataclass(frozen=True)
class SideBySide:
    """The original and the repaired text as marked-up HTML, and the list of changes."""

    original: SafeString
    repaired: SafeString
    changes: list[Change]
    aligned: bool  # False: the steps could not be placed; the texts are shown unmarked

    @property
    def by_layer(self) -> list[tuple[str, str, int]]:
        """(layer, its name, how many steps) for the legend, in pipeline order."""
        counts: dict[str, int] = {}
        for change in self.changes:
            for step in change.steps:
                counts[step["layer"]] = counts.get(step["layer"], 0) + 1
        order = [*LAYERS, *sorted(set(counts) - set(LAYERS))]
        return [(layer, str(LAYERS.get(layer, layer)), counts[layer]) for layer in order if layer in counts]


def explain(step: Mapping[str, Any]) -> str:
    """“Traditional converted to Simplified: 協 → 协”, with the step's note when it has one."""
    layer = str(LAYERS.get(step["layer"], step["layer"]))
    before = step.get("before") or "∅"
    after = step.get("after") or "∅"
    note = f" ({step['note']})" if step.get("note") else ""
    return f"{layer}: {before} → {after}{note}"


def side_by_side_of(original: str, repaired: str, steps: Iterable[Mapping[str, Any]]) -> SideBySide:
    """Mark the changes, or show both texts plainly when the steps do not lead from one to the other."""
    try:
        pieces = align(original, steps)
    except (MisalignedError, KeyError, TypeError, ValueError):
        pieces = None
    if pieces is None or "".join(piece.text for piece in pieces) != repaired:
        return SideBySide(mark_safe(escape(original)), mark_safe(escape(repaired)), [], aligned=False)
    left: list[str] = []
    right: list[str] = []
    changes: list[Change] = []
    for piece in pieces:
        source = original[piece.start : piece.end]
        if not piece.steps:
            left.append(escape(source))
            right.append(escape(piece.text))
            continue
        layers = tuple(dict.fromkeys(step["layer"] for step in piece.steps))
        change = Change(len(changes) + 1, layers, piece.steps, source, piece.text)
        changes.append(change)
        left.append(_mark(change, source, "removed" if not source else ""))
        right.append(_mark(change, piece.text, "deleted" if not piece.text else ""))
    return SideBySide(mark_safe("".join(left)), mark_safe("".join(right)), changes, aligned=True)


def _mark(change: Change, text: str, empty_class: str) -> str:
    classes = " ".join(["change", *(f"layer-{layer}" for layer in change.layers), empty_class]).strip()
    return (
        f'<mark class="{escape(classes)}" data-change="{change.number}" title="{escape(change.explanation)}">'
        f"{escape(text)}</mark>"
    )


@register.simple_tag
def side_by_side(report: Any) -> SideBySide:
    """The report's texts marked with its stored steps; recomputed from the original if those do not fit."""
    marked = side_by_side_of(report.original, report.repaired, report.steps or [])
    if marked.aligned or report.original == report.repaired:
        return marked
    from xiezuo.textrepair import repair_and_explain

    repaired, steps = repair_and_explain(report.original)
    if repaired == report.repaired:
        return side_by_side_of(report.original, report.repaired, [step.as_dict() for step in steps])
    return marked


@register.simple_tag
def layer_name(layer: str) -> str:
    """The reader's name of a repair layer."""
    return str(LAYERS.get(layer, layer))
