"""Layer 3: the mirror's comma noise becomes proper full-width punctuation."""

from __future__ import annotations

import pytest

from xiezuo.textrepair.punctuation import count_noise, fix_punctuation


def fixed(text: str) -> str:
    return fix_punctuation(text)[0]


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("8月26日,,仪陇县代表团", "8月26日，仪陇县代表团"),
        ("政协副主席,、县委书记", "政协副主席、县委书记"),
        ("共谋发展新机遇,。据悉", "共谋发展新机遇。据悉"),
        ("考察交流,促进合作", "考察交流，促进合作"),
        ("产业协作,;人才交流", "产业协作;人才交流"),
        ("实施项目53个,其中产业项目20个", "实施项目53个，其中产业项目20个"),
        ("投入资金100,其中", "投入资金100，其中"),
        ("来源:仪陇县融媒体中心", "来源：仪陇县融媒体中心"),
    ],
)
def test_comma_noise_is_fixed(damaged: str, expected: str) -> None:
    assert fixed(damaged) == expected


@pytest.mark.parametrize(
    "text",
    ["投入资金1,000万元", "共计12,345,678元", "Hello, world", "GDP增长1,2,3", "a,b,c", "x = f(a, b)"],
)
def test_numbers_and_english_keep_their_commas(text: str) -> None:
    assert fixed(text) == text


def test_noise_is_counted_for_the_diagnosis() -> None:
    assert count_noise("一,,二,、三,。四，五") == 3
    assert count_noise("一，二、三。投入1,000元") == 0
