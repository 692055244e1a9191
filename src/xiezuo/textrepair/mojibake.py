"""Layer 4: a GBK page read one byte off for a stretch, recovered where certain.

How the damage looks (`corruption.md`, layer 4): the mirror's page was in
GBK, and for a stretch each character was decoded from the second byte of one
character and the first byte of the next. The stretch starts right after a
`?`: either the full-width `？` (bytes A3 BF) that the lost lead byte A1 of a
`。` leaves behind, or a character that overlaps the trail byte of the
correct character before it. The pinyin step then ran over the misread text,
and an orphan byte ate the `(` of an annotation, leaving `?shù)`. The
stretch ends where an ASCII byte puts the decoder back in step: a letter that
was really a trail byte (`靾F` = 察團), or the `(` of an annotation whose
reading names the original character that lost its last byte.

Recovery re-encodes the stretch, fills each unknown byte with the values the
readings allow, decodes it in step, and keeps the result only when exactly
one filling gives text in which every character is plausible. Anything else
is left as it is and reported: never guess text.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from xiezuo.textrepair.chars import HANZI, PINYIN_LETTERS
from xiezuo.textrepair.converters import is_converted, s2t_char, t2s_char
from xiezuo.textrepair.readings import is_reading, readings
from xiezuo.textrepair.steps import Edit, Step, apply_edits

LAYER = "mojibake"

MAX_TOKENS = 60
MAX_CANDIDATES = 20_000

# A run starts at a `?` after an ideograph (or after an annotation's `)`).
START_RE = re.compile(rf"\?(?<=[{HANZI})]\?)")
PREVIOUS_RE = re.compile(rf"([{HANZI}])(?:\([{PINYIN_LETTERS}]{{1,7}}\))?$")
ANNOTATION_RE = re.compile(rf"\((?P<reading>[{PINYIN_LETTERS}]{{1,7}})\)")
# `?shù)`: an orphan byte that swallowed the annotation's `(`.
EATEN_PAREN_RE = re.compile(rf"\?(?P<reading>[{PINYIN_LETTERS}]{{1,7}})\)")
# Full-width forms that the stored pages turned into ASCII; in a run they are
# the A3 row of GBK, i.e. the trail byte of a lost `。` (A1 A3) and the next lead.
FULL_WIDTH = {"?": "？", "!": "！", ",": "，"}
SENTENCE_END = b"\xa1"

# Simplified characters the mirror leaves as they are; any other
# Simplified-only character in a recovered run means the bytes are wrong.
MIRROR_KEPT = frozenset("并后于云游干里范了着台")


@dataclass(frozen=True)
class Run:
    """A stretch of misread text: where it is, and what it was, when that is certain."""

    start: int
    end: int
    recovered: str | None
    reason: str


class _Token(NamedTuple):
    """One piece of a run: known bytes, or an unknown character with a reading.

    A named tuple, not a dataclass: a run makes dozens, and tuples are cheaper to build.
    """

    kind: str  # "bytes", "unknown" (a misread character shown as ?), "orphan"
    data: bytes = b""
    reading: str = ""
    end: int = 0  # where an unknown character's `?xx)` ends in the text


def find_runs(text: str) -> list[Run]:
    """Every stretch that looks misread, with its recovery where certain."""
    runs: list[Run] = []
    if "?" not in text:
        return runs
    position = 0
    for match in START_RE.finditer(text):
        if match.start() < position:
            continue
        run = _examine(text, match.start())
        if run is not None:
            runs.append(run)
            position = run.end
    return runs


def recover(text: str) -> tuple[str, list[Step]]:
    """Replace each run whose original text is certain.

    >>> recover("能夠?qū)崿F(xiàn)優勢")[0]
    '能夠實現(xiàn)優勢'
    """
    edits = [Edit(r.start, r.end, r.recovered, r.reason) for r in find_runs(text) if r.recovered is not None]
    return apply_edits(text, LAYER, edits)


def recover_fast(text: str) -> str:
    """`recover` without the explanation, for `repair`."""
    runs = [r for r in find_runs(text) if r.recovered is not None]
    for run in reversed(runs):
        text = f"{text[: run.start]}{run.recovered}{text[run.end :]}"
    return text


def _examine(text: str, start: int) -> Run | None:
    following = text[start + 1 : start + 9]
    if not EATEN_PAREN_RE.match(text, start) and all(_plausible(ch) for ch in following if ch > "\x7f"):
        return None  # ordinary text after the `?`: a real question mark (`？` stored as `?`)
    previous = _previous_char(text, start)
    tokens, end, final_reading = _tokenise(text, start)
    if not tokens or not previous:
        return None
    first = tokens[0]
    if first.kind == "bytes" and first.data[:1] == b"\xa3":
        # The lead byte A1 of a `。` was lost: the run is one byte behind.
        prefix, skip, how = SENTENCE_END, 0, "lost lead byte of 。"
    elif first.kind == "unknown":
        # The first misread character overlaps the trail byte of the one before.
        trail = _encode(previous)
        if trail is None:
            return None
        prefix, skip, how = trail[-1:], 1, f"overlaps the trail byte of {previous}"
    else:
        return None
    if first.kind == "bytes" and all(_plausible(ch) for ch in text[start + 1 : end] if ch > "\x7f"):
        return None  # a real question mark (`？` stored as `?`) before ordinary text
    ways = _readings_of_run(tokens, end, final_reading)
    for cut_tokens, cut_end, reading in ways:
        recovered = {_decode(filling[skip:]) for filling in _fillings(cut_tokens, prefix, reading)}
        recovered.discard(None)
        if len(recovered) == 1:
            result = recovered.pop()
            assert result is not None
            return Run(start, cut_end, result, f"GBK read one byte off ({how})")
    shortest_end = ways[0][1]
    return Run(start, shortest_end, None, f"GBK read one byte off, not recovered: {text[start:shortest_end]!r}")


def _readings_of_run(tokens: list[_Token], end: int, final_reading: str) -> list[tuple[list[_Token], int, str]]:
    """The ways the run can end: at each `?xx)` (an orphan byte that put the decoder
    back in step, its reading naming the last character), or where the text says."""
    ways = []
    for index, token in enumerate(tokens):
        if token.kind == "unknown" and index > 0 and token.end:
            ways.append(([*tokens[:index], _Token("orphan")], token.end, token.reading))
    ways.append((tokens, end, final_reading))
    return ways


def _previous_char(text: str, start: int) -> str:
    """The correct character before a run, skipping its own annotation."""
    before = text[max(0, start - 10) : start]  # a character and at most a 7-letter reading
    match = PREVIOUS_RE.search(before)
    return match.group(1) if match else ""


def _tokenise(text: str, start: int) -> tuple[list[_Token], int, str]:
    """Split a run into tokens; return them, where the run ends, and the final reading."""
    tokens: list[_Token] = []
    i = start
    if text[i] in FULL_WIDTH and not EATEN_PAREN_RE.match(text, i):
        tokens.append(_Token("bytes", FULL_WIDTH[text[i]].encode("gbk")))
        i += 1
    # The patterns start with `?` and `(`: a plain comparison first spares a regex call per character.
    length = len(text)
    while i < length and len(tokens) < MAX_TOKENS:
        ch = text[i]
        eaten = EATEN_PAREN_RE.match(text, i) if ch == "?" else None
        if eaten:
            tokens.append(_Token("unknown", reading=eaten["reading"], end=eaten.end()))
            i = eaten.end()
            continue
        if " " < ch < "\x7f":
            if "@" <= ch <= "~" and tokens:  # a trail byte read as ASCII puts the decoder back in step
                tokens.append(_Token("bytes", ch.encode("ascii")))
                return tokens, i + 1, ""
            break
        token = _char_token(ch)
        if token is None:
            break
        tokens.append(token)
        i += 1
        annotation = ANNOTATION_RE.match(text, i) if text.startswith("(", i) else None
        if annotation:
            if is_converted(ch) and is_reading(ch, annotation["reading"]):
                i = annotation.end()  # the pinyin step annotated a misread character
                continue
            return tokens, i, annotation["reading"]
    return tokens, i, ""


def _fillings(tokens: list[_Token], prefix: bytes, final_reading: str) -> list[bytes]:
    """Every byte string the run can stand for, given the readings."""
    options: list[list[bytes]] = []
    for index, token in enumerate(tokens):
        if token.kind == "bytes":
            options.append([token.data])
        elif token.kind == "unknown":
            lead = prefix[-1:] if index == 0 and len(prefix) == 1 and prefix != SENTENCE_END else None
            chars = _chars_read_as(token.reading)
            options.append(chars if lead is None else [code[1:] for code in chars if code[:1] == lead])
        else:  # orphan: filled by the final reading below
            options.append([b""])
    # With an empty option there is nothing to combine; with too many combinations, none is tried.
    if not all(options) or math.prod(map(len, options)) > MAX_CANDIDATES:
        return []
    fillings = []
    for combination in itertools.product(*options):
        body = prefix + b"".join(combination)
        if final_reading:
            fillings += [body + code[1:] for code in _chars_read_as(final_reading) if code[:1] == body[-1:]]
        else:
            fillings.append(body)
    return fillings


def _decode(data: bytes) -> str | None:
    """The text `data` decodes to in step, when every character is plausible."""
    if len(data) % 2:
        return None
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(text) * 2 != len(data) or not all(_plausible(ch) for ch in text):
        return None
    return text


@cache
def _plausible(ch: str) -> bool:
    """Could the mirror's (Traditional, GBK) page have held this character?"""
    if ch in "。，、；：？！“”‘’《》（）":
        return True
    simplified = t2s_char(ch)
    try:
        if len(simplified.encode("gb2312")) != 2 or simplified.encode("gb2312")[0] < 0xB0:
            return False
    except UnicodeEncodeError:
        return False
    simplified_only = simplified == ch and s2t_char(ch) != ch and ch not in MIRROR_KEPT
    return not simplified_only


@cache
def _char_token(ch: str) -> _Token | None:
    """A character of a run as a token of its two GBK bytes; None if it has no such bytes.

    Tokens never change, so each character's is made once.
    """
    data = _encode(ch)
    return _Token("bytes", data) if data is not None and len(data) == 2 else None


@cache
def _encode(ch: str) -> bytes | None:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


@cache
def _chars_read_as(reading: str) -> list[bytes]:
    """GBK codes of the converted characters that have `reading` (the mirror annotates only those)."""
    return _reading_index().get(reading, [])


@cache
def _reading_index() -> dict[str, list[bytes]]:
    index: dict[str, list[bytes]] = defaultdict(list)
    for lead, trail in itertools.product(range(0x81, 0xFF), range(0x40, 0xFF)):
        code = bytes((lead, trail))
        try:
            ch = code.decode("gbk")
        except UnicodeDecodeError:
            continue
        if is_converted(ch):
            for reading in readings(ch):
                index[reading].append(code)
    return dict(index)
