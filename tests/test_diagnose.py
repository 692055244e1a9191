"""The diagnosis: which layers a text shows, and what is left alone."""

from __future__ import annotations

import pytest

from xiezuo.textrepair import diagnose, repair

MIRROR_PAGE = "儀隴縣黨政代表團(tuán)來(lái)龍灣區(qū)考察交流,,共謀發(fā)展新機遇,。"


def test_mirror_page_shows_its_three_layers() -> None:
    found = diagnose(MIRROR_PAGE)
    assert found.layers == ("traditional", "pinyin", "punctuation")
    assert (found.annotations, found.comma_noise) == (4, 2)
    assert found.mirror and found.confidence > 0.5


def test_traditional_only_page_with_simplified_leftovers_is_the_mirror() -> None:
    # A partial conversion: 杰, 示范 and 于 left Simplified among Traditional text.
    page = "參觀了雙溝現代農業示范園的杰出企業,並于下午舉辦招商推介會,會議由縣農業部門主持召開。"
    assert diagnose(page).layers == ("traditional",)
    assert repair(page) == "参观了双沟现代农业示范园的杰出企业，并于下午举办招商推介会，会议由县农业部门主持召开。"


def test_surnames_and_wards_alone_are_no_evidence() -> None:
    # 范 (a surname) and 里 (a ward) are what the mirror leaves, but also good Traditional.
    text = "新北市政府與范姓里長協調後，決定於週末辦理淨灘活動，游姓議員也到場。"
    assert diagnose(text).layers == ()


@pytest.mark.parametrize(
    "text",
    [
        "臺灣大學今天舉行畢業典禮，校長致詞時表示，年輕人應該勇於追求夢想，這是一個重要的里程碑。",
        "香港特區政府今日宣布，將於下月推出新一輪消費券計劃，市民可透過網上平台登記。",
    ],
)
def test_genuine_traditional_text_is_left_alone(text: str) -> None:
    assert diagnose(text).layers == ()
    assert repair(text) == text


def test_clean_simplified_text_is_clean() -> None:
    text = "8月26日，仪陇县党政代表团来龙湾区考察交流，投入资金1,000万元。"
    assert diagnose(text).layers == ()
    assert str(diagnose(text)).startswith("clean")


def test_diagnosis_reads_as_a_summary_and_serialises() -> None:
    found = diagnose(MIRROR_PAGE)
    assert "4 annotations" in str(found)
    assert found.as_dict()["layers"] == ["traditional", "pinyin", "punctuation"]
