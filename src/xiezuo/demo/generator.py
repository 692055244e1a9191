"""A seeded generator of realistic cooperation projects and their typed fund transactions (no Django).

The same seed and profile give the same projects, on every machine (`random.Random` seeded with a
string is stable across processes). Each project gets a budget from its category's range, then the
money moves the way the domain describes it (`../shared/docs/domain.md`), in whole yuan:

    allocation (下达) → receipt (到位) → disbursement (拨付) → expenditure (支出), plus refunds (退回)

and how far it got follows the project's status, so that for every project

    spent <= disbursed <= received <= allocated

and a completed or accepted project has received and disbursed all of it, with whatever was not spent
refunded (spent + refunded == disbursed); a cancelled one refunded all it received. Dates run forward
and end by `AS_OF`.

>>> plans = generate_projects(EXAMPLE, 5, seed=1)
>>> len(plans), plans == generate_projects(EXAMPLE, 5, seed=1)
(5, True)
>>> all(p.spent <= p.disbursed <= p.received <= p.allocated for p in plans)
True
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from xiezuo.demo import DEFAULT_SEED

AS_OF = datetime.date(2024, 12, 31)  # the demo ledger's "today": nothing is dated after it
YEARS = (2021, 2022, 2023, 2024)

# The values of xiezuo.apps.projects.choices (kept here as strings: this module imports no Django;
# a test checks they match).
SEED_CATEGORIES = ("industry", "labour", "talent", "consumption", "livelihood")  # the seed report's five
ALL_CATEGORIES = (*SEED_CATEGORIES, "rural_revitalisation", "social_assistance")
STATUSES = ("planned", "in_progress", "completed", "accepted", "suspended", "cancelled")
TRANSACTION_TYPES = ("allocation", "receipt", "disbursement", "expenditure", "refund")


@dataclass(frozen=True)
class CountyProfile:
    """What the generator needs to know about a county pairing to name and size its projects."""

    prefix: str  # project codes: YL-2024-007
    east: str  # 温州湾新区、龙湾区
    east_short: str  # 龙湾
    west: str  # 仪陇县
    west_short: str  # 仪陇
    industries: tuple[str, ...]  # local farm and processing industries
    places: tuple[str, ...] = ()  # towns a project can be placed in (empty: the county as a whole)
    park: str = ""  # the co-built industrial park, if it has a name
    categories: tuple[str, ...] = ALL_CATEGORIES


EXAMPLE = CountyProfile(
    prefix="EX", east="东部某区", east_short="东部", west="西部某县", west_short="西部", industries=("茶叶",)
)


@dataclass(frozen=True)
class Transaction:
    type: str
    date: datetime.date
    amount: Decimal  # yuan, two decimals


@dataclass(frozen=True)
class ProjectPlan:
    code: str
    title: str
    year: int
    category: str
    status: str
    beneficiaries: int
    beneficiaries_formerly_poor: int | None
    description: str
    transactions: tuple[Transaction, ...] = field(default=())

    def total(self, kind: str) -> Decimal:
        return sum((t.amount for t in self.transactions if t.type == kind), Decimal("0"))

    @property
    def allocated(self) -> Decimal:
        return self.total("allocation")

    @property
    def received(self) -> Decimal:
        return self.total("receipt")

    @property
    def disbursed(self) -> Decimal:
        return self.total("disbursement")

    @property
    def spent(self) -> Decimal:
        return self.total("expenditure")

    @property
    def refunded(self) -> Decimal:
        return self.total("refund")


# Title templates, by category. Fields: {west} {west_short} {east} {east_short} {place} {industry}
# {park} {year}. {place} is a town, or nothing (the county as a whole); a template naming {park} is
# used only where the profile names one.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "industry": (
        "{west}{place}{industry}产业园建设",
        "{west}{industry}精深加工厂房建设",
        "{west}{place}{industry}标准化种养基地提升",
        "{park}标准厂房建设",
        "{park}配套道路及管网建设",
        "{west}{industry}产业链补链强链",
    ),
    "labour": (
        "{year}年{west}农村劳动力职业技能培训",
        "{year}年{west}驻{east_short}劳务协作工作站运行",
        "{west}{place}就业帮扶车间建设",
        "{year}年{west}脱贫劳动力赴浙稳岗就业补助",
    ),
    "talent": (
        "{year}年{west}党政干部赴{east_short}跟岗学习",
        "{year}年{west}教育人才“组团式”帮扶",
        "{year}年{west}医疗卫生人才交流培训",
        "{year}年{west}乡村振兴带头人培训",
    ),
    "consumption": (
        "{year}年{west}农特产品进{east_short}展销",
        "{year}年{west}消费协作专馆运营",
        "{west}{place}农产品冷链仓储中心建设",
        "{west}{industry}区域公用品牌打造",
    ),
    "livelihood": (
        "{west}{place}农村饮水安全巩固提升",
        "{west}{place}卫生院医疗设备配置",
        "{west}{place}中心小学校舍改造",
        "{west}{place}产业路建设",
    ),
    "rural_revitalisation": (
        "{west}{place}乡村振兴示范片建设",
        "{west}{place}农村人居环境整治提升",
    ),
    "social_assistance": (
        "{year}年{east_short}—{west_short}结对助学",
        "{year}年{east_short}爱心企业“村企结对”帮扶",
        "{year}年{west}困难群众爱心捐助",
    ),
}

# Budget range per category, in units of 1,000 yuan (a county's yearly aid funds run to a few
# ten million yuan; an industrial project takes the most).
BUDGET = {
    "industry": (1_500, 12_000),
    "labour": (200, 1_200),
    "talent": (100, 600),
    "consumption": (300, 3_000),
    "livelihood": (500, 4_000),
    "rural_revitalisation": (1_000, 5_000),
    "social_assistance": (50, 400),
}

# Beneficiaries per category (people reached), and how many of them were formerly poor.
BENEFICIARIES = {
    "industry": (200, 3_000),
    "labour": (50, 800),
    "talent": (20, 300),
    "consumption": (300, 5_000),
    "livelihood": (500, 20_000),
    "rural_revitalisation": (300, 5_000),
    "social_assistance": (20, 500),
}

# How far a project of a year has got by AS_OF: (status, weight).
STATUS_BY_YEAR = {
    2021: (("accepted", 70), ("completed", 26), ("cancelled", 4)),
    2022: (("accepted", 50), ("completed", 45), ("suspended", 5)),
    2023: (("completed", 45), ("accepted", 15), ("in_progress", 40)),
    2024: (("in_progress", 60), ("planned", 30), ("completed", 10)),
}

CATEGORY_WEIGHTS = {
    "industry": 34,
    "livelihood": 20,
    "labour": 12,
    "consumption": 12,
    "talent": 10,
    "rural_revitalisation": 8,
    "social_assistance": 4,
}

SUMMARY = {
    "industry": "发展特色产业，带动农户增收",
    "labour": "稳定脱贫劳动力就业",
    "talent": "交流干部人才，提升本地干部和专业技术人员能力",
    "consumption": "拓宽农特产品销路",
    "livelihood": "补齐民生短板，改善群众生产生活条件",
    "rural_revitalisation": "推进乡村振兴示范建设",
    "social_assistance": "动员社会力量帮扶困难群众",
}


def generate_projects(profile: CountyProfile, count: int, *, seed: int = DEFAULT_SEED) -> list[ProjectPlan]:
    """`count` projects of a county pairing over `YEARS`, with their fund transactions."""
    rng = random.Random(f"xiezuo-demo:{seed}:{profile.prefix}")
    years = _spread(count, YEARS)
    categories = _categories(rng, count, profile.categories)
    titles: set[str] = set()
    numbers: dict[int, int] = {}
    plans = []
    for year, category in zip(years, categories, strict=True):
        numbers[year] = numbers.get(year, 0) + 1
        status = _weighted(rng, STATUS_BY_YEAR[year])
        title = _title(rng, profile, category, year, titles)
        low, high = BENEFICIARIES[category]
        beneficiaries = rng.randint(low, high)
        formerly_poor = None if category == "talent" else beneficiaries * rng.randint(15, 45) // 100
        budget = Decimal(rng.randint(*BUDGET[category]) * 1000).quantize(Decimal("0.01"))
        plans.append(
            ProjectPlan(
                code=f"{profile.prefix}-{year}-{numbers[year]:03d}",
                title=title,
                year=year,
                category=category,
                status=status,
                beneficiaries=beneficiaries,
                beneficiaries_formerly_poor=formerly_poor,
                description=(
                    f"{profile.east}东西部协作资金支持{profile.west}{SUMMARY[category]}。"
                    f"（演示数据：由 xiezuo.demo 以种子 {seed} 生成，并非真实项目。）"
                ),
                transactions=tuple(_transactions(rng, year, status, budget)),
            )
        )
    return plans


def _spread(count: int, years: Sequence[int]) -> list[int]:
    """`count` years in order, as evenly as possible, later years taking the remainder."""
    base, extra = divmod(count, len(years))
    out: list[int] = []
    for i, year in enumerate(years):
        out += [year] * (base + (1 if i >= len(years) - extra else 0))
    return out


def _categories(rng: random.Random, count: int, allowed: Sequence[str]) -> list[str]:
    """Each allowed category at least once (where there is room), the rest by weight, shuffled."""
    chosen = list(allowed[:count])
    weights = [CATEGORY_WEIGHTS[c] for c in allowed]
    chosen += rng.choices(list(allowed), weights=weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _title(rng: random.Random, profile: CountyProfile, category: str, year: int, taken: set[str]) -> str:
    usable = [t for t in TEMPLATES[category] if "{park}" not in t or profile.park]
    values = {
        "west": profile.west,
        "west_short": profile.west_short,
        "east": profile.east,
        "east_short": profile.east_short,
        "park": profile.park,
        "year": year,
    }
    title = ""
    for _ in range(12):
        title = rng.choice(usable).format(
            place=rng.choice(profile.places) if profile.places else "",
            industry=rng.choice(profile.industries),
            **values,
        )
        if title not in taken:
            break
    base, phase = title, 2
    while title in taken:  # the same work again: a later phase
        title = f"{base}（{_NUMERALS.get(phase, str(phase))}期）"
        phase += 1
    taken.add(title)
    return title


_NUMERALS = dict(enumerate("零一二三四五六七八九十"))


def _transactions(rng: random.Random, year: int, status: str, budget: Decimal) -> list[Transaction]:
    """The money movements of one project so far, consistent with its status."""
    day = datetime.date(year, rng.randint(2, 4), rng.randint(1, 28))
    out = [Transaction("allocation", day, budget)]

    def later(low: int, high: int) -> datetime.date:
        nonlocal day
        day = min(day + datetime.timedelta(days=rng.randint(low, high)), AS_OF)
        return day

    def add(kind: str, total: Decimal, parts: int, low: int, high: int) -> None:
        for amount in _split(rng, total, parts):
            out.append(Transaction(kind, later(low, high), amount))

    if status == "planned":
        return out
    add("receipt", budget, 1, 10, 45)
    if status == "cancelled":
        add("refund", budget, 1, 60, 150)
        return out
    if status in ("completed", "accepted"):
        disbursed = budget
        spent = budget if rng.random() < 0.75 else _share(budget, rng.randint(960, 995) / 1000)
    elif status == "in_progress":
        disbursed = _share(budget, rng.randint(35, 85) / 100)
        spent = _share(disbursed, rng.randint(50, 100) / 100)
    else:  # suspended
        disbursed = _share(budget, rng.randint(20, 50) / 100)
        spent = _share(disbursed, rng.randint(30, 90) / 100)
    add("disbursement", disbursed, rng.randint(1, 3), 15, 60)
    add("expenditure", spent, rng.randint(1, 3), 10, 60)
    if status in ("completed", "accepted") and spent < disbursed:
        add("refund", disbursed - spent, 1, 20, 60)
    return out


def _share(total: Decimal, fraction: float) -> Decimal:
    """`fraction` of `total`, down to whole hundreds of yuan, at least 100 yuan."""
    return max(Decimal(int(total * Decimal(str(fraction))) // 100 * 100), Decimal(100))


def _split(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` tranches of whole hundreds of yuan that add up to it exactly."""
    hundreds = int(total) // 100
    parts = max(1, min(parts, hundreds))
    cuts = sorted(rng.sample(range(1, hundreds), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, hundreds]
    amounts = [Decimal((b - a) * 100) for a, b in itertools.pairwise(bounds)]
    amounts[-1] += total - Decimal(hundreds * 100)  # any odd yuan go with the last tranche
    return [a.quantize(Decimal("0.01")) for a in amounts]
