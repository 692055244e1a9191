"""The rules of `xiezuo.extract`, one behaviour a test, each through `extract()` on a sentence that needs it.

The sentences are written for these tests; the names, places and numbers are
those of real reports (郭宗海, 周一富, 仪陇县, 龙湾区, 温州湾新区). Known
failures are strict xfails, so that a fix is noticed.
"""

from __future__ import annotations

import json
from datetime import date

from xiezuo.extract import SCHEMA, DateMention, Pairing, ProjectCount, Region, extract


def names(regions: tuple[Region, ...]) -> list[str]:
    return [r.name for r in regions]


def positions_by_name(text: str) -> dict[str, tuple[str, ...]]:
    return {p.name: p.positions for p in extract(text).people}


# --- dates -------------------------------------------------------------------------------------------


def test_iso_date_with_dashes_is_read() -> None:
    assert extract("协议于2019-06-11签订。").dates == (DateMention("2019-06-11", 2019, 6, 11),)


def test_date_with_slashes_is_read() -> None:
    assert extract("双方在2021/4/17签约。").dates == (DateMention("2021/4/17", 2021, 4, 17),)


def test_chinese_date_with_leading_zeros_is_read() -> None:
    assert extract("项目于2023年06月30日验收。").dates == (DateMention("2023年06月30日", 2023, 6, 30),)


def test_month_and_day_without_year_leave_year_unknown() -> None:
    assert extract("8月26日，代表团抵达龙湾。").dates == (DateMention("8月26日", None, 8, 26),)


def test_bare_day_after_a_range_takes_the_month_before_it() -> None:
    dates = extract("4月16日至17日，工作组在仪陇县调研。").dates
    assert [(d.text, d.month, d.day) for d in dates] == [("4月16日", 4, 16), ("17日", 4, 17)]


def test_reference_date_fills_the_missing_year_and_says_so() -> None:
    facts = extract("8月26日，代表团抵达龙湾。", reference_date=date(2023, 9, 1))
    assert facts.dates == (DateMention("8月26日", 2023, 8, 26, year_source="reference"),)
    assert facts.as_json()["dates"][0]["year_source"] == "reference"


def test_year_stated_in_the_text_is_kept_over_the_reference_date() -> None:
    facts = extract("2022年8月26日，代表团抵达龙湾。", reference_date=date(2023, 9, 1))
    assert facts.dates == (DateMention("2022年8月26日", 2022, 8, 26),)
    assert "year_source" not in facts.as_json()["dates"][0]


# --- people ------------------------------------------------------------------------------------------


def test_title_chain_before_name_gives_every_position() -> None:
    people = positions_by_name("南充市政协副主席、仪陇县委书记郭宗海一行抵达龙湾区。")
    assert people == {"郭宗海": ("南充市政协副主席", "仪陇县委书记")}


def test_one_position_before_two_names_applies_to_each() -> None:
    people = positions_by_name("县人大常委会副主任王福荣、周强参加活动。")
    assert people == {"王福荣": ("县人大常委会副主任",), "周强": ("县人大常委会副主任",)}


def test_title_after_name_is_a_position() -> None:
    assert positions_by_name("全县深入学习习近平总书记重要讲话精神。") == {"习近平": ("总书记",)}


def test_role_noun_before_name_gives_a_person_without_position() -> None:
    assert positions_by_name("村民田金虎说，今年收入翻了一番。") == {"田金虎": ()}


def test_three_character_name_runs_to_the_word_that_follows() -> None:
    assert list(positions_by_name("龙湾区委书记周一富参加了签约仪式。")) == ["周一富"]


def test_two_character_name_stops_at_the_word_that_follows() -> None:
    assert list(positions_by_name("县委副书记王宁陪同考察。")) == ["王宁"]


def test_position_stated_twice_is_listed_once() -> None:
    people = positions_by_name("仪陇县委书记郭宗海表示感谢，仪陇县委书记郭宗海还强调，县委书记郭宗海最后说。")
    assert people == {"郭宗海": ("仪陇县委书记",)}


# --- traps -------------------------------------------------------------------------------------------


def test_name_starting_like_a_weekday_is_a_person_and_no_date() -> None:
    facts = extract("龙湾区委书记周一富参加了签约仪式。")
    assert [p.name for p in facts.people] == ["周一富"]
    assert facts.dates == ()


def test_region_only_inside_an_organisation_name_is_not_listed() -> None:
    facts = extract("双方在国科温州研究院签约。")
    assert facts.organisations == ("国科温州研究院",)
    assert facts.regions == ()


def test_zhenjin_baiyin_is_not_baiyin_city() -> None:
    assert extract("企业拿出真金白银支持仪陇县发展。").regions == (Region("仪陇县", "511324"),)


def test_hezuo_as_a_word_is_not_hezuo_city() -> None:
    assert names(extract("龙湾区与仪陇县深化合作。").regions) == ["龙湾区", "仪陇县"]


# --- organisations -----------------------------------------------------------------------------------


def test_organisations_end_with_known_suffixes() -> None:
    facts = extract("考察组参观了时尚智造小镇、万洋科技城、国科温州研究院和瑞浦兰钧能源股份有限公司。")
    assert facts.organisations == ("时尚智造小镇", "万洋科技城", "国科温州研究院", "瑞浦兰钧能源股份有限公司")


def test_park_and_bureau_are_organisation_endings() -> None:
    facts = extract("县商务局与浙川东西部协作产业园签约。")
    assert facts.organisations == ("县商务局", "浙川东西部协作产业园")


def test_organisation_starts_after_punctuation_or_a_leading_verb() -> None:
    facts = extract("考察组前往瑞浦兰钧能源股份有限公司，又到温州大学调研，并和瓯海中学座谈。")
    assert facts.organisations == ("瑞浦兰钧能源股份有限公司", "温州大学", "瓯海中学")


def test_organisation_followed_by_a_title_is_part_of_a_position() -> None:
    facts = extract("县人大常委会副主任王福荣、市委宣传部部长李明陪同。")
    assert facts.organisations == ()
    assert [p.positions for p in facts.people] == [("县人大常委会副主任",), ("市委宣传部部长",)]


def test_generic_counts_are_not_organisation_names() -> None:
    assert extract("全县新建6间学校和3所医院。").organisations == ()


def test_regions_that_only_locate_the_next_region_are_dropped_from_an_organisation() -> None:
    facts = extract("考察团参观了宁夏银川市永宁县闽宁镇双孢菇栽培示范基地。")
    assert facts.organisations == ("闽宁镇双孢菇栽培示范基地",)


# --- regions -----------------------------------------------------------------------------------------


def test_full_and_short_name_are_one_region_under_the_fullest_name() -> None:
    facts = extract("仪陇干部到龙湾区学习，仪陇县委书记郭宗海出席。")
    assert facts.regions == (Region("仪陇县", "511324"), Region("龙湾区", "330303"))


def test_regions_carry_their_division_codes() -> None:
    facts = extract("南充市仪陇县与温州市龙湾区结对。")
    codes = {r.name: r.code for r in facts.regions}
    assert codes["南充市"] == "511300"
    assert codes["仪陇县"] == "511324"
    assert codes["龙湾区"] == "330303"


def test_functional_area_has_no_code() -> None:
    assert extract("工作组到温州湾新区调研。").regions == (Region("温州湾新区", None),)


def test_functional_area_name_starts_after_a_verb_with_le() -> None:
    assert extract("工作组走访了温州湾新区。").regions == (Region("温州湾新区", None),)


def test_towns_and_villages_have_no_code() -> None:
    facts = extract("工作组到沙田镇林家村走访慰问。")
    assert facts.regions == (Region("沙田镇", None), Region("林家村", None))


def test_dongxiang_county_has_the_code_of_the_autonomous_county() -> None:
    assert Region("东乡县", "622926") in extract("工作组来到东乡县调研。").regions


def test_xiang_inside_a_county_name_is_no_township() -> None:
    assert extract("工作组来到东乡县调研。").regions == (Region("东乡县", "622926"),)


def test_cun_qi_jie_dui_names_no_village() -> None:
    assert extract("龙湾区推动村企结对。").regions == (Region("龙湾区", "330303"),)


def test_regions_are_listed_in_order_of_first_mention() -> None:
    assert names(extract("仪陇县的干部来到龙湾区、南充市学习。").regions) == ["仪陇县", "龙湾区", "南充市"]


# --- visits ------------------------------------------------------------------------------------------

VISIT = (
    "8月26日，仪陇县委书记郭宗海率仪陇县党政代表团到龙湾区学习，"
    "先后走进万洋科技城、瑞浦兰钧能源股份有限公司和国科温州研究院。"
    "当天下午，双方召开龙湾区—仪陇县东西部协作工作座谈会。座谈会结束后，双方签约。"
)


def test_visit_has_delegation_leader_and_both_sides() -> None:
    (visit,) = extract(VISIT).visits
    assert visit.date == DateMention("8月26日", None, 8, 26)
    assert visit.delegation == "仪陇县党政代表团"
    assert visit.leader == "郭宗海"
    assert (visit.from_region, visit.to_region) == ("仪陇县", "龙湾区")


def test_visit_sites_are_listed_in_order() -> None:
    (visit,) = extract(VISIT).visits
    assert visit.sites == ("万洋科技城", "瑞浦兰钧能源股份有限公司", "国科温州研究院")


def test_bare_meeting_word_is_folded_into_the_named_meeting() -> None:
    (visit,) = extract(VISIT).visits
    assert visit.meetings == ("龙湾区—仪陇县东西部协作工作座谈会",)


def test_delegation_at_the_start_of_the_text_is_a_visit() -> None:
    (visit,) = extract("仪陇县党政代表团到龙湾区学习。").visits
    assert (visit.delegation, visit.from_region, visit.to_region) == ("仪陇县党政代表团", "仪陇县", "龙湾区")


# --- pairings ----------------------------------------------------------------------------------------


def test_pairing_splits_sides_at_he_and_counts_the_year() -> None:
    facts = extract("温州湾新区、龙湾区和仪陇结对进入第4个年头，仪陇县群众感受到了变化。")
    assert facts.pairings == (Pairing(("温州湾新区", "龙湾区"), ("仪陇县",), year_index=4),)


def test_pairing_puts_the_east_first_whatever_the_order_and_reads_chinese_numerals() -> None:
    assert extract("仪陇县与龙湾区结对已是第四个年头。").pairings == (Pairing(("龙湾区",), ("仪陇县",), 4),)


def test_duikou_bangfu_pairs_with_every_county_listed() -> None:
    facts = extract("龙湾区对口帮扶仪陇县、苍溪县和南部县。")
    assert facts.pairings == (Pairing(("龙湾区",), ("仪陇县", "苍溪县", "南部县")),)


def test_duikou_bangfu_side_leaves_out_the_province_and_city_locating_the_counties() -> None:
    facts = extract("温州市对口帮扶四川省广元市苍溪县、旺苍县。")
    assert facts.pairings == (Pairing(("温州市",), ("苍溪县", "旺苍县")),)


def test_pairing_since_year_in_the_same_clause() -> None:
    (pairing,) = extract("2021年以来龙湾区与仪陇县结对。").pairings
    assert pairing.since == 2021


def test_pairing_since_year_before_a_comma() -> None:
    (pairing,) = extract("2021年以来，龙湾区与仪陇县结对帮扶。").pairings
    assert pairing.since == 2021


# --- projects, amounts, sectors, initiatives ---------------------------------------------------------


def test_project_count_takes_the_categories_named_before_it() -> None:
    facts = extract("围绕产业发展、劳务协作、人才交流、消费协作和民生改善，两地共推进53个项目。")
    assert facts.projects == (
        ProjectCount(53, ("industry", "labour", "talent", "consumption", "livelihood"), "53个项目"),
    )


def test_amounts_are_converted_to_whole_yuan() -> None:
    facts = extract("争取资金5900万元，总投资1.2亿元，每户补贴150元，户均增收6000多元。")
    assert [(a.text, a.value_yuan) for a in facts.amounts] == [
        ("5900万元", 59_000_000),
        ("1.2亿元", 120_000_000),
        ("150元", 150),
        ("6000多元", 6000),
    ]


def test_approximate_amount_keeps_its_number_and_says_what_it_is() -> None:
    (amount,) = extract("累计投入2300余万元帮扶资金。").amounts
    assert (amount.text, amount.value_yuan, amount.what) == ("2300余万元", 23_000_000, "帮扶资金")


def test_sectors_are_the_list_before_deng_lingyu() -> None:
    facts = extract("两地将在新能源、智能制造、汽车电子和新材料等领域加强协作。")
    assert facts.sectors == ("新能源", "智能制造", "汽车电子", "新材料")


def test_initiatives_are_named_in_order() -> None:
    assert extract("两地开展村企结对和结对助学。").initiatives == ("村企结对", "结对助学")


def test_initiative_inside_a_longer_one_is_counted_once() -> None:
    assert extract("两地推动党政干部互派交流。").initiatives == ("党政干部互派交流",)


# --- the JSON object and repair ----------------------------------------------------------------------


def test_as_json_has_the_schema_and_the_contract_fields() -> None:
    data = extract(VISIT + "2021年以来龙湾区与仪陇县结对，围绕产业发展推进53个项目，投入5900万元。").as_json()
    assert data["schema"] == SCHEMA == "xiezuo.report-facts/1"
    contract = {
        "dates",
        "people",
        "regions",
        "organisations",
        "visits",
        "pairings",
        "projects",
        "amounts",
        "sectors",
        "initiatives",
    }
    assert contract <= set(data)
    assert all(isinstance(data[key], list) for key in contract)
    assert set(data["dates"][0]) == {"text", "year", "month", "day"}
    assert data["people"][0] == {"name": "郭宗海", "positions": ["仪陇县委书记"]}
    assert data["regions"][0] == {"name": "仪陇县", "code": "511324"}
    assert all(isinstance(name, str) for name in data["organisations"])
    visit = data["visits"][0]
    assert {"date", "delegation", "leader", "from_region", "to_region", "sites", "meetings"} <= set(visit)
    assert visit["date"] == {"text": "8月26日", "year": None, "month": 8, "day": 26}
    assert isinstance(visit["sites"], list) and isinstance(visit["meetings"], list)
    assert {"east", "west", "year_index", "since"} <= set(data["pairings"][0])
    assert isinstance(data["pairings"][0]["east"], list)
    assert data["projects"][0]["count"] == 53 and data["projects"][0]["categories"] == ["industry"]
    assert {"text", "value_yuan", "what"} <= set(data["amounts"][0])
    json.dumps(data, ensure_ascii=False)


def test_mirror_damaged_text_is_repaired_before_reading() -> None:
    facts = extract("儀隴縣黨政代表團(tuán)來(lái)龍灣區(qū)考察,,")
    assert facts.repaired is True
    assert facts.regions == (Region("仪陇县", "511324"), Region("龙湾区", "330303"))
    assert facts.as_json()["repaired"] is True


def test_clean_text_is_not_marked_repaired() -> None:
    assert extract("仪陇县与龙湾区结对。").repaired is False
