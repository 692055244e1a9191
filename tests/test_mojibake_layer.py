"""Layer 4: GBK read one byte off, recovered where the bytes and readings leave one answer.

The damaged inputs are made here from sentences of our own, the way the mirror
did it: encode the Traditional text to GBK, decode a stretch one byte late.
"""

from __future__ import annotations

from xiezuo.textrepair import repair
from xiezuo.textrepair.mojibake import find_runs, recover


def one_byte_late(traditional: str) -> str:
    """The stretch as the mirror showed it: its first byte lost, the rest read in pairs."""
    data = traditional.encode("gbk")[1:]
    return data.decode("gbk", errors="replace")


def test_helper_reproduces_the_documented_shape() -> None:
    # corruption.md: 。考察團 shows as ？疾靾F
    assert one_byte_late("。考察團") == "？疾靾F"


def test_lost_sentence_end_is_recovered_up_to_a_letter_that_resyncs() -> None:
    shown = one_byte_late("。考察團").replace("？", "?")  # the stored pages write ？ as ?
    damaged = f"交流活動(dòng){shown}(tuán)一行16人到達"
    assert recover(damaged)[0] == "交流活動(dòng)。考察團(tuán)一行16人到達"
    assert repair(damaged) == "交流活动。考察团一行16人到达"


def test_run_ending_at_an_annotation_uses_its_reading_for_the_lost_byte() -> None:
    # 。看到汶川地震災 read one byte late ends on 馂 (F0 9E), whose lost
    # trail byte C4 is told by the reading zāi that followed 災.
    shown = one_byte_late("。看到汶川地震災").replace("？", "?").rstrip("\ufffd")
    damaged = f"有回家的感覺{shown}(zāi)區(qū)在短短三年內"
    assert repair(damaged) == "有回家的感觉。看到汶川地震灾区在短短三年内"


def test_overlapping_character_shown_as_question_mark_is_told_by_its_reading() -> None:
    # 能夠實現: the misread 驅 (F2 8C) overlaps 夠's trail byte and was annotated qū.
    damaged = "兩地在很多領域能夠?qū)崿F(xiàn)優勢互補"
    assert repair(damaged) == "两地在很多领域能够实现优势互补"


def test_orphan_byte_and_its_reading_restore_the_last_character() -> None:
    assert repair("來源:四川日?qǐng)?bào) 2024-05-01") == "来源：四川日报 2024-05-01"


def test_run_that_lost_bytes_is_reported_and_left_alone() -> None:
    # 代表 fell into GBK's user-defined area and was dropped: 错 appears where
    # no Traditional page has it, so no answer is certain.
    damaged = "邀請三十名當(dāng)?shù)厥忻翊砼月?tīng)開(kāi)幕會"
    runs = find_runs(damaged)
    assert [(r.recovered, damaged[r.start : r.end]) for r in runs] == [(None, "?shù)厥忻翊砼月?tīng)")]
    assert "厥忻翊砼月" in repair(damaged)


def test_real_question_mark_is_no_run() -> None:
    assert find_runs("這是為什麼?我們一起來看看。") == []
