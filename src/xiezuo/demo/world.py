"""The fixed part of the demo: who and what the seed report names, and the pairings around it (no Django).

The seed report (a visit of 2024-08-26) gives the hierarchy 浙江—四川 › 温州—南充 › 温州湾新区、龙湾区—仪陇县
("the 4th year" of that pairing in 2024, so since 2021), two people with two positions each, seven
organisations, the visit with six sites in order, its meeting, and "53 projects" in five categories.

Three other county pairings of the 2021 round of Zhejiang–Sichuan cooperation sit beside it, named in
public reports (瑞安市—南部县 under 温州—南充, 柯城区—北川羌族自治县 under 衢州—绵阳, 温岭市—阆中市), so a
supervisor has pairings to compare and an editor has pairings that are not theirs. Start dates give
the year of the round; the day is nominal except where a report gives the month (温岭—阆中, June 2021).

Only the projects and fund transactions (`xiezuo.demo.generator`), the cooperation ledgers and village
pairings (`xiezuo.demo.cooperation`) and the agreements' targets (`xiezuo.demo.agreements`) are invented; the
people's positions are those the report gives on the day of the visit, undated (the report does not
say since when).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from xiezuo.demo.generator import SEED_CATEGORIES, CountyProfile

# Functional areas (no GB/T 2260 code): name -> the code of the division they lie in.
FUNCTIONAL_AREAS = {"温州湾新区": "330300"}


@dataclass(frozen=True)
class PairingSpec:
    key: str
    name: str
    level: str  # xiezuo.apps.pairings.choices.PairingLevel
    parent: str | None  # key of the pairing it sits in
    east: tuple[str, ...]  # division codes, or names of FUNCTIONAL_AREAS
    west: tuple[str, ...]
    start: datetime.date
    projects: int = 0
    profile: CountyProfile | None = None
    note: str = ""
    size: float = 1.0  # its cooperation ledgers against a typical county pairing's (xiezuo.demo.cooperation)
    years: tuple[int, ...] = (2024,)  # the years of its cooperation ledgers and annual agreements


COUNTY = "yilong"  # the seed's county pairing: the demo users' pairing

START = datetime.date(2021, 1, 1)  # the 2021 round of Zhejiang–Sichuan cooperation (the day is nominal)

PAIRINGS: tuple[PairingSpec, ...] = (
    PairingSpec("zhejiang-sichuan", "浙江—四川", "province", None, ("330000",), ("510000",), START),
    PairingSpec("wenzhou-nanchong", "温州—南充", "city", "zhejiang-sichuan", ("330300",), ("511300",), START),
    PairingSpec("quzhou-mianyang", "衢州—绵阳", "city", "zhejiang-sichuan", ("330800",), ("510700",), START),
    PairingSpec(
        COUNTY,
        "温州湾新区、龙湾区—仪陇县",
        "county",
        "wenzhou-nanchong",
        ("温州湾新区", "330303"),
        ("511324",),
        START,  # 2024 is "the 4th year" (seed report)
        projects=53,  # "53个项目" (seed report)
        years=(2023, 2024),  # the seed's pairing can be compared with the year before
        profile=CountyProfile(
            prefix="YL",
            east="温州湾新区、龙湾区",
            east_short="龙湾",
            west="仪陇县",
            west_short="仪陇",
            industries=("蚕桑", "柑橘", "生猪", "食用菌", "中药材", "蔬菜"),
            places=("新政镇", "金城镇", "马鞍镇", "立山镇", "日兴镇", "永乐镇"),
            park="浙川东西部协作产业园",
            categories=SEED_CATEGORIES,  # "产业发展、劳务协作、人才交流、消费协作、民生改善等53个项目"
        ),
    ),
    PairingSpec(
        "ruian-nanbu",
        "瑞安市—南部县",
        "county",
        "wenzhou-nanchong",
        ("330381",),
        ("511321",),
        START,
        projects=24,
        size=0.8,
        profile=CountyProfile(
            prefix="NB",
            east="瑞安市",
            east_short="瑞安",
            west="南部县",
            west_short="南部",
            industries=("脆红李", "柑橘", "生猪", "蔬菜"),
            places=("升钟镇",),
        ),
    ),
    PairingSpec(
        "kecheng-beichuan",
        "柯城区—北川羌族自治县",
        "county",
        "quzhou-mianyang",
        ("330802",),
        ("510726",),
        START,
        projects=20,
        size=0.7,
        profile=CountyProfile(
            prefix="BC",
            east="柯城区",
            east_short="柯城",
            west="北川羌族自治县",
            west_short="北川",
            industries=("茶叶", "蓝莓", "中药材", "高山蔬菜"),
            places=("擂鼓镇", "曲山镇", "永昌镇"),
            park="柯城—北川共建产业园",
        ),
    ),
    PairingSpec(
        "wenling-langzhong",
        "温岭市—阆中市",
        "county",
        "zhejiang-sichuan",
        ("331081",),
        ("511381",),
        datetime.date(2021, 6, 1),
        projects=12,
        size=0.7,
        profile=CountyProfile(
            prefix="LZ",
            east="温岭市",
            east_short="温岭",
            west="阆中市",
            west_short="阆中",
            industries=("油橄榄", "生猪", "蔬菜", "中药材"),
            park="温岭·阆中近零碳产业园",
        ),
    ),
)


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    type: str  # xiezuo.apps.people.choices.OrganisationType
    region: str  # division code or functional area name


# The sites the delegation visited, in order, then the park the report names.
ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec("瑞浦兰钧能源股份有限公司", "enterprise", "330303"),
    OrganisationSpec("麦田能源股份有限公司", "enterprise", "330303"),
    OrganisationSpec("浙江长江汽车电子有限公司", "enterprise", "330303"),
    OrganisationSpec("万洋科技城", "park", "330303"),
    OrganisationSpec("国科温州研究院", "research_institute", "330303"),
    OrganisationSpec("中国眼谷小镇", "park", "330303"),
    OrganisationSpec("浙川东西部协作产业园", "park", "511324"),
)
VISIT_SITES = tuple(o.name for o in ORGANISATIONS[:6])


@dataclass(frozen=True)
class PersonSpec:
    name: str
    region: str
    positions: tuple[tuple[str, str], ...]  # (title, region code or functional area name)


SEEN_ON = datetime.date(2024, 8, 26)  # the report's day: the positions are those held then

PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("郭宗海", "511324", (("南充市政协副主席", "511300"), ("仪陇县委书记", "511324"))),
    PersonSpec("周一富", "330303", (("温州湾新区管委会主任", "温州湾新区"), ("龙湾区委书记", "330303"))),
)

VISIT = {
    "delegation": "仪陇县党政代表团",
    "direction": "west_to_east",
    "leader": "郭宗海",
    "from_region": "511324",
    "to_region": "330303",
    "date": SEEN_ON,
    "note": "参观龙湾区新能源、智能制造、汽车电子、生命健康和新材料方面的企业、园区与研究机构。",
}
MEETING = {
    "name": "龙湾区—仪陇县东西部协作工作座谈会",
    "date": SEEN_ON,
    "participants": ("郭宗海", "周一富"),
    "outcome": "双方就干部人才交流、产业协作、浙川东西部协作产业园建设、联动招商和“村企结对”帮扶交流了下一步合作。",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str  # xiezuo.apps.core.choices.Role
    pairing: str | None = None  # key in PAIRINGS
    side: str = ""
    scope_code: str = ""
    what: str = ""  # one line for the console


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "admin", what="administrator: everything, and /admin/"),
    DemoUser("east", "editor", COUNTY, "east", what="editor, east side of 温州湾新区、龙湾区—仪陇县"),
    DemoUser("west", "editor", COUNTY, "west", what="editor, west side of 温州湾新区、龙湾区—仪陇县"),
    DemoUser("viewer", "viewer", COUNTY, what="reads 温州湾新区、龙湾区—仪陇县"),
    DemoUser("supervisor", "supervisor", scope_code="510000", what="supervisor of 四川省: reads every Sichuan pairing"),
)
