"""Layer 2: readings after converted characters go; everything in real parentheses stays."""

from __future__ import annotations

import pytest

from xiezuo.textrepair.pinyin import remove_annotations


def removed(text: str) -> str:
    return remove_annotations(text)[0]


def test_reading_after_converted_character_is_removed() -> None:
    assert removed("東西部協(xié)作座談會(huì)") == "東西部協作座談會"


def test_any_listed_reading_counts_even_when_context_says_otherwise() -> None:
    # 長江 reads cháng, but the mirror wrote its one default reading.
    assert removed("浙江長(zhǎng)江汽車(chē)電子") == "浙江長江汽車電子"


def test_reading_listed_only_under_the_other_script_counts() -> None:
    # pypinyin lists only jī for 績 but jì for 绩.
    assert removed("成績(jì)顯著") == "成績顯著"


def test_wrong_reading_is_kept() -> None:
    assert removed("協(xiè)作") == "協(xiè)作"


def test_character_that_is_the_same_in_both_scripts_keeps_its_reading() -> None:
    # The mirror never annotates such characters: this is someone's real text.
    assert removed("中(zhōng)文") == "中(zhōng)文"


@pytest.mark.parametrize(
    "text",
    [
        "(記者 唐亞 馬勁松)",
        "新華社記者 攝(報)",
        "第一會議室(1514)",
        "華為(huawei)",
        "(2020年2月27日攝)",
        "GDP增長(GDP)",
    ],
)
def test_real_parentheses_survive(text: str) -> None:
    assert removed(text) == text


def test_broken_annotation_without_letters_is_removed() -> None:
    assert removed("座談會 )在縣裏召開") == "座談會在縣裏召開"


def test_space_and_parenthesis_inside_real_parentheses_stay() -> None:
    assert removed("(參加會 )") == "(參加會 )"


def test_each_removal_is_explained() -> None:
    _, steps = remove_annotations("協(xié)作")
    assert [(s.layer, s.start, s.end, s.before, s.after) for s in steps] == [("pinyin", 1, 6, "(xié)", "")]
