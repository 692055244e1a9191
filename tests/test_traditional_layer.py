"""Layer 1: the mirror's conversion is undone, including where OpenCC alone would be wrong."""

from __future__ import annotations

import pytest

from xiezuo.textrepair.script import to_simplified


def simplified(text: str) -> str:
    return to_simplified(text)[0]


def test_conversion_uses_phrases() -> None:
    assert simplified("儀隴縣黨政代表團來龍灣區考察") == "仪陇县党政代表团来龙湾区考察"


@pytest.mark.parametrize(
    ("mirror", "original"),
    [("隨著產業發展", "随着产业发展"), ("有著深厚友誼", "有着深厚友谊"), ("著力推進", "着力推进"), ("看著", "看着")],
)
def test_mirror_zhe_goes_back(mirror: str, original: str) -> None:
    assert simplified(mirror) == original


@pytest.mark.parametrize(
    ("mirror", "original"), [("著名企業", "著名企业"), ("成效顯著", "成效显著"), ("著作權", "著作权")]
)
def test_real_zhu_stays(mirror: str, original: str) -> None:
    assert simplified(mirror) == original


def test_mirror_keeps_gan_so_qian_is_original() -> None:
    assert simplified("乾興公司的掛職干部") == "乾兴公司的挂职干部"


def test_each_change_is_one_explained_step() -> None:
    _, steps = to_simplified("隨著")
    assert [(s.before, s.after, s.note) for s in steps] == [
        ("隨", "随", "OpenCC t2s"),
        ("著", "着", "mirror wrote 着 as 著"),
    ]
