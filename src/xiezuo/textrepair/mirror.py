"""A seeded mirror: damage clean Simplified text the way the mirror sites do.

The layers follow ``docs/corruption.md``, in the order the mirror applies them:
a partial Simplified → Traditional conversion, optionally a GBK stretch read one
byte off, context-free readings after a fixed set of converted characters, and
comma noise. The same text and seed always give the same damage, so a test that
fails can be replayed.

>>> simulate("东西部协作座谈会，共谋发展。", seed=4)
'東(dōng)西部協(xié)作座談(tán)會(huì),共謀(móu)發(fā)展。'
>>> simulate("东西部协作座谈会，共谋发展。", seed=4, pinyin=False, commas=False)
'東西部協作座談會，共謀發展。'
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

from xiezuo.textrepair.chars import is_hanzi
from xiezuo.textrepair.converters import converter, s2t_char, t2s_char

DATA = Path(__file__).with_name("data")

# The real mirror leaves these Simplified where every OpenCC variant converts them.
KEPT_SIMPLIFIED = frozenset("并后于云游干里范")

# Chance that a converted character is one of the page's annotated characters.
ANNOTATED_SHARE = 0.5
# The seed's comma noise: `，` became `,,` a little more often than `,`; the
# extra comma stands before most `、` and some `。`.
DOUBLE_COMMA_SHARE = 0.55
COMMA_BEFORE = {"、": 0.75, "。": 0.3}
MISREAD_RUN = (2, 8)  # most characters read one byte off before the stretch ends
# Marks the first misread character until the readings are in (a private-use character).
LOST_BYTE = "\ue000"
LOST_BYTE_RE = re.compile(f"{LOST_BYTE}[^{LOST_BYTE}]\\(")


def sample_report() -> str:
    """A clean county news report on an East–West cooperation visit, for tests and demos.

    >>> report = sample_report()
    >>> "仪陇县" in report and "（记者 张三）" in report and "1,200万元" in report
    True
    """
    return (DATA / "sample_report.txt").read_text(encoding="utf-8")


def simulate(text: str, seed: int = 0, *, pinyin: bool = True, commas: bool = True, mojibake: bool = False) -> str:
    """Damage clean Simplified `text` as a mirror site would, deterministically for `seed`.

    Digits, Latin words and real parentheses come through as the mirror leaves
    them: converted around, never annotated.

    >>> simulate("协作项目1,200万元（记者 张三）", seed=3, commas=False)
    '協(xié)作項目1,200萬(wàn)元（記者 張三）'
    >>> simulate("当地民众广泛参与", seed=2, mojibake=True, commas=False)
    '當(dāng)?shù)孛?衆廣泛參(cān)與(yǔ)'
    >>> simulate("随着干部交流，并在会后", seed=0, pinyin=False)
    '隨著干部交流,并在會后'
    """
    rng = random.Random(seed)
    damaged = to_traditional(text)
    if mojibake:
        damaged = misread_gbk(damaged, rng)
    if pinyin:
        damaged = annotate(damaged, rng)
    if mojibake:
        damaged = show_lost_byte(damaged)
    if commas:
        damaged = add_comma_noise(damaged, rng)
    return damaged


def to_traditional(text: str) -> str:
    """OpenCC ``s2t``, but partial like the mirror's: 并 后 于 … stay, 着 becomes 著.

    >>> to_traditional("随着旅游后并于里面")
    '隨著旅游后并于里面'
    """
    converted = str(converter("s2t").convert(text))
    if len(converted) != len(text):  # OpenCC's phrases keep length; never trust it blindly
        converted = "".join(s2t_char(ch) for ch in text)
    return "".join(_mirror_char(s, t) for s, t in zip(text, converted, strict=True))


def _mirror_char(simplified: str, traditional: str) -> str:
    if simplified in KEPT_SIMPLIFIED:
        return simplified
    if simplified == "着":
        return "著"
    return traditional


def default_reading(char: str) -> str | None:
    """The first reading pypinyin lists for `char` (or its Simplified form), context ignored.

    >>> default_reading("長"), default_reading("a")
    ('zhǎng', None)
    """
    for form in (char, t2s_char(char)):
        listed = pinyin_dict.get(ord(form)) if len(form) == 1 else None
        if listed:
            return str(listed).split(",")[0]
    return None


def annotate(text: str, rng: random.Random) -> str:
    """Put `字(zì)` after every occurrence of a seeded set of Traditional-only characters.

    A character the same in both scripts (著 included) never gets a reading, as
    in the real pages. At least one character is annotated when any qualifies.
    """
    candidates = list(dict.fromkeys(ch for ch in text if is_hanzi(ch) and t2s_char(ch) != ch))
    chosen = {ch for ch in candidates if rng.random() < ANNOTATED_SHARE}
    if candidates and not chosen:
        chosen.add(rng.choice(candidates))
    readings = {ch: reading for ch in chosen if (reading := default_reading(ch))}
    return "".join(f"{ch}({readings[ch]})" if ch in readings else ch for ch in text)


def add_comma_noise(text: str, rng: random.Random) -> str:
    """`，` becomes `,,` or `,`; an extra `,` goes before many `、` and some `。`."""
    pieces = []
    for ch in text:
        if ch == "，":
            ch = ",," if rng.random() < DOUBLE_COMMA_SHARE else ","
        elif ch in COMMA_BEFORE and rng.random() < COMMA_BEFORE[ch]:
            ch = "," + ch
        pieces.append(ch)
    return "".join(pieces)


def misread_gbk(text: str, rng: random.Random) -> str:
    """Read a stretch of the GBK bytes again from the trail byte of its first character.

    The first character stays; the decoder then falls one byte behind until an
    ASCII trail byte puts it back in step, or the stretch ends on an orphan
    byte (`?`). The first misread character is marked with `LOST_BYTE` for
    `show_lost_byte`, which runs after the readings are put in.

    >>> misread_gbk("當地民眾廣泛", random.Random(15)).replace(LOST_BYTE, "|")
    '當|數孛癖姀V泛'
    """
    spans = _gbk_spans(text)
    if not spans:
        return text
    span_start, span_end = rng.choice(spans)
    start = rng.randint(span_start, span_end - 2)
    end = min(span_end, start + 1 + rng.randint(*MISREAD_RUN))
    misread = text[start:end].encode("gbk")[1:].decode("gbk", errors="replace").replace("\ufffd", "?")
    return text[: start + 1] + LOST_BYTE + misread + text[end:]


def show_lost_byte(text: str) -> str:
    """An annotated first misread character and its `(` show as one `?` (an invalid byte pair).

    >>> show_lost_byte(f"當{LOST_BYTE}數(shù)孛"), show_lost_byte(f"當{LOST_BYTE}數孛")
    ('當?shù)孛', '當數孛')
    """
    return LOST_BYTE_RE.sub("?", text).replace(LOST_BYTE, "")


def _gbk_spans(text: str) -> list[tuple[int, int]]:
    """Maximal runs of at least two non-ASCII characters that GBK can encode."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate([*text, "\n"]):
        if not ch.isascii() and _gbk_encodable(ch):
            start = i if start is None else start
        elif start is not None:
            if i - start >= 2:
                spans.append((start, i))
            start = None
    return spans


def _gbk_encodable(char: str) -> bool:
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True
