"""Name rules: the short names of a division, and the name patterns of functional areas.

Pure functions on strings, used by ``build_data`` to write the short-name column and by
``lookup`` to recognise a functional area (a 新区, 开发区 or 产业园 that has no GB/T 2260 code).

>>> short_names("仪陇县"), short_names("恩施土家族苗族自治州"), short_names("宁夏回族自治区")
(('仪陇',), ('恩施',), ('宁夏',))
>>> short_names("和县"), short_names("城区"), short_names("鄂伦春自治旗")
((), (), ())
>>> is_functional_area_name("温州湾新区"), is_functional_area_name("龙湾区")
(True, False)
"""

from __future__ import annotations

import re

# The 56 nationalities, without the final 族 (and 各族 "all nationalities", as in 龙胜各族自治县).
# Names of autonomous divisions put them between the place name and 自治州/自治县/自治旗/自治区.
_NATIONALITY_LIST = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 高山"
)
NATIONALITIES = tuple(_NATIONALITY_LIST.split())

# A run of nationalities at the end of a stem. One-character names need their 族 (水族, 土族);
# longer ones also appear without it (巴音郭楞蒙古自治州, 伊犁哈萨克自治州).
_NATIONALITY = "|".join(
    [f"{n}族?" if len(n) > 1 else f"{n}族" for n in sorted(NATIONALITIES, key=len, reverse=True)] + ["各族"]
)
_TRAILING_NATIONALITY_RE = re.compile(f"(?:{_NATIONALITY})$")
_NATIONALITY_RE = re.compile(f"(?:{_NATIONALITY})")

# 自治区 / 自治州 / 自治县 / 自治旗: the stem before it, with its nationalities, is the short name.
_AUTONOMOUS_RE = re.compile("^(?P<stem>.+?)自治(?:区|州|县|旗)$")

# Suffixes of the other divisions, longest first. When a longer suffix would leave a
# one-character stem the next one is tried: 清新区 is 清新, not 清.
SUFFIXES = ("特别行政区", "地区", "林区", "特区", "新区", "矿区", "省", "市", "县", "区", "旗", "盟")

# Stems that name no place on their own (several cities have a 市中区 or a 城东区).
GENERIC_STEMS = frozenset({"市中", "城中", "城东", "城西", "城南", "城北", "新城", "新市", "郊", "矿"})

# Banners named by their position (巴林左旗, 科尔沁右翼前旗, 达尔罕茂明安联合旗) have no stem in use.
_POSITIONAL_ENDINGS = ("左", "右", "中", "前", "后", "联合")

# Functional areas: development zones and new areas that are not administrative divisions.
# Longest first, so a composable pattern matches 综合保税区 before 保税区.
FUNCTIONAL_AREA_SUFFIXES = (
    "高新技术产业开发区",
    "经济技术开发区",
    "自由贸易试验区",
    "经济开发区",
    "综合保税区",
    "工业园区",
    "产业园区",
    "保税港区",
    "开发区",
    "高新区",
    "经开区",
    "产业园",
    "工业园",
    "保税区",
    "自贸区",
    "示范区",
    "合作区",
    "试验区",
    "管理区",
    "新区",
    "园区",
)
FUNCTIONAL_AREA_SUFFIX = "(?:" + "|".join(FUNCTIONAL_AREA_SUFFIXES) + ")"
# A whole name that is a functional area: at least one character before the suffix.
FUNCTIONAL_AREA_NAME = f".+{FUNCTIONAL_AREA_SUFFIX}"
_FUNCTIONAL_AREA_NAME_RE = re.compile(FUNCTIONAL_AREA_NAME)


def short_names(name: str) -> tuple[str, ...]:
    """The short names of a division's full name: never one character, never generic.

    >>> [short_names(n) for n in ("浙江省", "温州市", "龙湾区", "内蒙古自治区", "香港特别行政区")]
    [('浙江',), ('温州',), ('龙湾',), ('内蒙古',), ('香港',)]
    >>> short_names("松桃苗族自治县"), short_names("清新区"), short_names("浦东新区"), short_names("沙县区")
    (('松桃',), ('清新',), ('浦东',), ('沙县',))
    >>> short_names("前郭尔罗斯蒙古族自治县"), short_names("巴音郭楞蒙古自治州"), short_names("神农架林区")
    (('前郭尔罗斯',), ('巴音郭楞',), ('神农架',))
    >>> short_names("内蒙古自治区"), short_names("琼中黎族苗族自治县"), short_names("积石山保安族东乡族撒拉族自治县")
    (('内蒙古',), ('琼中',), ('积石山',))
    >>> short_names("梅里斯达斡尔族区"), short_names("白云鄂博矿区"), short_names("矿区"), short_names("东乡区")
    (('梅里斯',), ('白云鄂博',), (), ('东乡',))
    >>> short_names("沙县"), short_names("市中区"), short_names("巴林左旗"), short_names("鄂温克族自治旗")
    ((), (), (), ())
    """
    autonomous = _AUTONOMOUS_RE.match(name)
    if autonomous:
        stem = _without_nationalities(autonomous["stem"])
        # Nothing but a nationality (鄂伦春自治旗, 东乡族自治县): that is the people's name, not the place's.
        stems = [] if _NATIONALITY_RE.fullmatch(stem) else [stem]
    else:
        stems = [name.removesuffix(suffix) for suffix in SUFFIXES if name.endswith(suffix)]
        # 梅里斯达斡尔族区 is a district, not an autonomous county, but its stem still ends in a nationality.
        stems = [_without_nationalities(stem) if stem.endswith("族") else stem for stem in stems]
    for stem in stems:
        if len(stem) >= 2:
            return () if _unusable(stem, name) else (stem,)
    return ()


def common_forms(name: str) -> tuple[str, ...]:
    """What reports call an autonomous county, prefecture or banner: the place with its level, or bare.

    松桃苗族自治县 is written 松桃县, 东乡族自治县 东乡县 or 东乡, 甘南藏族自治州 甘南州.

    >>> common_forms("松桃苗族自治县"), common_forms("东乡族自治县"), common_forms("甘南藏族自治州")
    (('松桃县', '松桃'), ('东乡县', '东乡'), ('甘南州', '甘南'))
    >>> common_forms("仪陇县"), common_forms("宁夏回族自治区")
    ((), ())
    """
    autonomous = re.match("^(?P<stem>.+?)自治(?P<level>州|县|旗)$", name)
    if autonomous is None:
        return ()
    stem = autonomous["stem"]
    while (found := _TRAILING_NATIONALITY_RE.search(stem)) and found.start() >= 2:
        stem = stem[: found.start()]
    stem = stem.removesuffix("族")
    return (f"{stem}{autonomous['level']}", stem) if len(stem) >= 2 else ()


def _without_nationalities(stem: str) -> str:
    """Strip the nationalities at the end, one at a time, while two characters remain (内蒙古 stays)."""
    while (found := _TRAILING_NATIONALITY_RE.search(stem)) and found.start() >= 2:
        stem = stem[: found.start()]
    return stem


def _unusable(stem: str, name: str) -> bool:
    return stem in GENERIC_STEMS or (name.endswith("旗") and stem.endswith(_POSITIONAL_ENDINGS))


def is_functional_area_name(name: str) -> bool:
    """True when the name has the form of a functional area (新区, 开发区, 产业园, 保税区 …).

    Only the form is checked: 两江新区 and 浦东新区 are districts all the same, and
    ``lookup`` asks the division table first.

    >>> [is_functional_area_name(n) for n in ("温州经济技术开发区", "苏州工业园区", "新区", "仪陇县")]
    [True, True, False, False]
    """
    return _FUNCTIONAL_AREA_NAME_RE.fullmatch(name.strip()) is not None
