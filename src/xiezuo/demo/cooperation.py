"""A seeded generator of a county pairing's cooperation ledgers and village pairings (no Django).

For each year: cadres and professionals seconded both ways, rural workers helped into jobs (by quarter
and destination), products bought or helped to sell (by channel), enterprises signed through joint
investment promotion with the money they actually invested, donations, student aid and volunteer
services. Once for the pairing: its co-built industrial parks, and the enterprises and social
organisations paired with its villages (村企结对, 社会组织结对帮扶村).

Sizes are those of a typical county pairing, as the national figures of domain.md divide over some 800
county pairings (labour ≈ 2,000 workers a year, consumption ≈ 1亿元, actual investment ≈ 1–2亿元 from
three to six enterprises, donations a few 百万元), times `size`. Like `generator`, the same seed and
profile give the same plan on every machine; nothing is dated after `AS_OF`; money is in yuan.

>>> from xiezuo.demo.generator import EXAMPLE
>>> plan = generate_cooperation(EXAMPLE, (2023, 2024), seed=1)
>>> plan == generate_cooperation(EXAMPLE, (2023, 2024), seed=1)
True
>>> all(row.formerly_poor <= row.workers for row in plan.labour)
True
>>> sorted({s.direction for s in plan.secondments})
['east_to_west', 'west_to_east']
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from xiezuo.demo import DEFAULT_SEED
from xiezuo.demo.generator import AS_OF, CountyProfile

# The values of xiezuo.apps.cooperation.choices and xiezuo.apps.pairings.choices (strings here: this
# module imports no Django; a test checks they match).
SECONDMENT_KINDS = ("cadre", "education", "health", "agriculture", "other")
DIRECTIONS = ("east_to_west", "west_to_east")
DESTINATIONS = ("eastern_partner", "nearby_in_province", "elsewhere")
CHANNELS = ("832_platform", "procurement_hall", "unions", "live_streaming", "enterprise", "other")
CONSUMPTION_KINDS = ("bought", "helped_to_sell")
STAGES = ("lead", "talks", "signed", "started", "producing")
DONOR_KINDS = ("enterprise", "association", "charity", "social_group", "individual", "other")
DONATION_KINDS = ("money", "goods")
VILLAGE_PAIRING_KINDS = ("enterprise_village", "social_village")

YEARS = (2023, 2024)


@dataclass(frozen=True)
class SecondmentPlan:
    name: str
    kind: str
    direction: str
    host_organisation: str
    start_date: datetime.date
    end_date: datetime.date


@dataclass(frozen=True)
class LabourPlan:
    period_start: datetime.date
    period_end: datetime.date
    workers: int
    formerly_poor: int
    destination: str


@dataclass(frozen=True)
class ConsumptionPlan:
    period_start: datetime.date
    period_end: datetime.date
    product: str
    channel: str
    kind: str
    amount_yuan: Decimal


@dataclass(frozen=True)
class ParkPlan:
    name: str
    established: datetime.date


@dataclass(frozen=True)
class InflowPlan:
    date: datetime.date
    amount_yuan: Decimal


@dataclass(frozen=True)
class LeadPlan:
    enterprise: str
    stage: str
    agreed: Decimal | None
    park: str  # the name of one of the plan's parks, or ""
    jobs: int | None
    signed_on: datetime.date | None
    inflows: tuple[InflowPlan, ...] = ()


@dataclass(frozen=True)
class DonationPlan:
    donor: str
    donor_kind: str
    kind: str
    value_yuan: Decimal
    date: datetime.date
    purpose: str


@dataclass(frozen=True)
class StudentAidPlan:
    students: int
    amount_yuan: Decimal
    date: datetime.date
    donor: str


@dataclass(frozen=True)
class VolunteerPlan:
    date: datetime.date
    activity: str
    volunteers: int
    hours: Decimal


@dataclass(frozen=True)
class VillagePairingPlan:
    kind: str  # enterprise_village or social_village
    partner: str  # the enterprise or social organisation (east side)
    partner_type: str  # xiezuo.apps.people.choices.OrganisationType
    village: str  # the village collective (west side)
    start: datetime.date


@dataclass(frozen=True)
class CooperationPlan:
    """What `generate_cooperation` plans; the dated rows' fields are named as their models' fields."""

    secondments: tuple[SecondmentPlan, ...]
    labour: tuple[LabourPlan, ...]
    consumption: tuple[ConsumptionPlan, ...]
    parks: tuple[ParkPlan, ...]
    leads: tuple[LeadPlan, ...]
    donations: tuple[DonationPlan, ...]
    student_aid: tuple[StudentAidPlan, ...]
    volunteering: tuple[VolunteerPlan, ...]
    village_pairings: tuple[VillagePairingPlan, ...]


def ledger_rows(plan: CooperationPlan) -> Iterator[tuple[str, dict[str, object]]]:
    """The plan's dated ledger rows as (model name in xiezuo.apps.cooperation.models, field values); the
    pairing is the caller's to add."""
    for model, rows in (
        ("Secondment", plan.secondments),
        ("LabourPlacement", plan.labour),
        ("ConsumptionRecord", plan.consumption),
        ("Donation", plan.donations),
        ("StudentAid", plan.student_aid),
        ("VolunteerService", plan.volunteering),
    ):
        for row in rows:
            yield model, asdict(row)


# --- word lists ----------------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
GIVEN = (
    "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红玲燕彬鹏辉建志文斌浩宇婷雪琳晨欣怡佳俊峰海波宁凯颖倩亮丹蕾毅川"
)


def _listed(words: str) -> tuple[str, ...]:
    return tuple(words.split("、"))


# Made-up enterprise name stems and trades (not real companies), and common village names.
STEMS = _listed(
    "瓯宏、华越、东澜、聚鑫、恒拓、嘉禾、锦程、立诚、明泰、禾丰、远帆、瑞晟、海澄、卓诚、鸿朗、"
    "泓驰、澜盛、中瓯、晟辉、越达、汇丰源、启航、鼎新、博润、金帆、德晟、祥和、沃野、和润、东瓯"
)
TRADES = _listed("新能源、电子、新材料、机械、食品、服饰、鞋业、电气、智能装备、生物科技、农业开发、包装")
VILLAGE_STEMS = _listed(
    "白鹤、双河、石佛、桂花、青龙、红岩、柏林、三合、永兴、金竹、龙泉、长岭、梨树、五星、凤凰、天池、马鞍、玉泉"
)

# Where the seconded serve: {west} {east} name the counties, {place} a town, {industry} one of its industries.
WEST_HOSTS = {
    "cadre": ("{west}人民政府", "{west}发展和改革局", "{west}农业农村局", "{west}经济开发区管委会", "{west}乡村振兴局"),
    "education": ("{west}中学", "{west}实验学校", "{west}{place}中心小学", "{west}职业技术学校"),
    "health": ("{west}人民医院", "{west}中医医院", "{west}妇幼保健院", "{west}{place}卫生院"),
    "agriculture": ("{west}农业农村局", "{west}{industry}产业园", "{west}农业技术推广中心"),
    "other": ("{west}文化广电旅游局", "{west}经济开发区", "{west}商务局"),
}
EAST_HOSTS = {
    "cadre": ("{east}人民政府办公室", "{east}发展和改革局", "{east}商务局", "{east}经济开发区管委会"),
    "education": ("{east}实验中学", "{east}第一小学", "{east}职业中等专业学校"),
    "health": ("{east}人民医院", "{east}中医院", "{east}妇幼保健院"),
    "agriculture": ("{east}农业农村局", "{east}农业技术推广中心"),
    "other": ("{east}市场监督管理局", "{east}商务局"),
}
PRODUCTS = ("{industry}", "{industry}礼包", "{industry}等农特产品", "{industry}深加工产品")
DONATION_PURPOSES = {
    "money": ("助学助教", "产业帮扶", "困难群众慰问", "村级公益设施建设", "医疗救助"),
    "goods": ("校服和学习用品", "医疗设备", "冬衣棉被", "农机具", "图书和体育器材"),
}
ACTIVITIES = (
    "{east}医疗专家赴{place}义诊",
    "{east}教师送教下乡",
    "农技专家下乡技术指导",
    "“东西部协作”关爱留守儿童",
    "{west_short}农特产品展销志愿服务",
    "{east}青年志愿者乡村振兴服务",
)


# --- the plan -------------------------------------------------------------------------------------------------


def generate_cooperation(
    profile: CountyProfile, years: Sequence[int] = YEARS, *, seed: int = DEFAULT_SEED, size: float = 1.0
) -> CooperationPlan:
    """The cooperation ledgers of a county pairing over `years`, and its parks and village pairings."""
    rng = random.Random(f"xiezuo-demo-cooperation:{seed}:{profile.prefix}")
    names = _Names(rng)
    words = _words(profile)
    parks = _parks(rng, profile, words)
    secondments: list[SecondmentPlan] = []
    labour: list[LabourPlan] = []
    consumption: list[ConsumptionPlan] = []
    leads: list[LeadPlan] = []
    donations: list[DonationPlan] = []
    student_aid: list[StudentAidPlan] = []
    volunteering: list[VolunteerPlan] = []
    for year in years:
        secondments += _secondments(rng, names, profile, words, year, size)
        labour += _labour(rng, year, size)
        consumption += _consumption(rng, profile, year, size)
        leads += _leads(rng, names, profile, parks, year, size)
        donations += _donations(rng, names, profile, words, leads, year, size)
        student_aid += _student_aid(rng, words, year, size)
        volunteering += _volunteering(rng, profile, words, year, size)
    villages = _village_pairings(rng, names, profile, words, leads, size)
    return CooperationPlan(
        secondments=tuple(secondments),
        labour=tuple(labour),
        consumption=tuple(consumption),
        parks=parks,
        leads=tuple(leads),
        donations=tuple(donations),
        student_aid=tuple(student_aid),
        volunteering=tuple(volunteering),
        village_pairings=villages,
    )


def _words(profile: CountyProfile) -> dict[str, str]:
    """The names templates use: one county on each side (温州湾新区、龙湾区 → 龙湾区)."""
    return {
        "west": profile.west,
        "west_short": profile.west_short,
        "east": profile.east.split("、")[-1],
        "east_short": profile.east_short,
    }


class _Names:
    """People's and enterprises' names, none used twice in a plan."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def person(self) -> str:
        for _ in range(50):
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2, 2))))
            if name not in self.taken:
                break
        self.taken.add(name)
        return name

    def enterprise(self, east_short: str) -> str:
        """A made-up enterprise of the east side; a new name stem while any is left."""
        used = {name[len(east_short) :] for name in self.taken if name.startswith(east_short)}
        fresh = [stem for stem in STEMS if not any(u.startswith(stem) for u in used)] or list(STEMS)
        name = ""
        for _ in range(50):
            name = f"{east_short}{self.rng.choice(fresh)}{self.rng.choice(TRADES)}有限公司"
            if name not in self.taken:
                break
        self.taken.add(name)
        return name


def _date(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> datetime.date:
    return min(datetime.date(year, rng.randint(first_month, last_month), rng.randint(1, 28)), AS_OF)


def _yuan(value: float, step: int = 100) -> Decimal:
    """Whole `step`s of yuan, at least one step."""
    return Decimal(max(int(value) // step, 1) * step).quantize(Decimal("0.01"))


def _shares(rng: random.Random, total: float, parts: int) -> list[float]:
    """`total` in `parts` uneven shares."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    whole = sum(weights)
    return [total * w / whole for w in weights]


def _count(rng: random.Random, low: int, high: int, size: float, least: int = 1) -> int:
    return max(least, round(rng.randint(low, high) * size))


def _secondments(
    rng: random.Random, names: _Names, profile: CountyProfile, words: dict[str, str], year: int, size: float
) -> list[SecondmentPlan]:
    """Cadres serve two years east to west and half a year to a year west to east; professionals three to
    twelve months (a 组团式 team of teachers or doctors a full year)."""
    out = []
    professions = ("education", "health", "agriculture", "other")
    groups = [
        ("cadre", "east_to_west", _count(rng, 2, 4, size), (24, 24)),
        ("cadre", "west_to_east", _count(rng, 3, 6, size), (6, 12)),
        ("", "east_to_west", _count(rng, 12, 28, size), (3, 12)),
        ("", "west_to_east", _count(rng, 6, 14, size), (3, 6)),
    ]
    for kind, direction, count, (shortest, longest) in groups:
        hosts = WEST_HOSTS if direction == "east_to_west" else EAST_HOSTS
        for _ in range(count):
            field = kind or rng.choices(professions, weights=(40, 35, 15, 10))[0]
            start = _date(rng, year, 2, 9)
            months = rng.randint(shortest, longest)
            end = _add_months(start, months) - datetime.timedelta(days=1)
            host = rng.choice(hosts[field]).format(
                place=rng.choice(profile.places) if profile.places else "",
                industry=rng.choice(profile.industries),
                **words,
            )
            out.append(SecondmentPlan(names.person(), field, direction, host, start, end))
    return out


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


def _quarter(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    return start, _add_months(start, 3) - datetime.timedelta(days=1)


def _labour(rng: random.Random, year: int, size: float) -> list[LabourPlan]:
    """About two thousand rural workers a year, a third or more formerly poor; most find work after the
    Spring Festival (春风行动), nearby more often than in the east."""
    total = _count(rng, 1600, 3200, size, least=40)
    poor_share = rng.uniform(0.32, 0.5)
    to_east = rng.uniform(0.18, 0.3)
    nearby = rng.uniform(0.4, 0.5)
    split = {"eastern_partner": to_east, "nearby_in_province": nearby, "elsewhere": 1 - to_east - nearby}
    out = []
    for quarter, share in zip((1, 2, 3, 4), (0.4, 0.22, 0.2, 0.18), strict=True):
        start, end = _quarter(year, quarter)
        for destination in DESTINATIONS:
            workers = max(1, round(total * share * split[destination] * rng.uniform(0.85, 1.15)))
            poor = min(workers, round(workers * poor_share * rng.uniform(0.85, 1.15)))
            out.append(LabourPlan(start, end, workers, poor, destination))
    return out


CHANNEL_WEIGHTS = {
    "832_platform": 20,
    "procurement_hall": 12,
    "unions": 20,
    "live_streaming": 10,
    "enterprise": 28,
    "other": 10,
}
HELPED_TO_SELL_SHARE = {
    "832_platform": 0.1,
    "procurement_hall": 0.3,
    "unions": 0.1,
    "live_streaming": 0.9,
    "enterprise": 0.4,
    "other": 0.7,
}


def _consumption(rng: random.Random, profile: CountyProfile, year: int, size: float) -> list[ConsumptionPlan]:
    """About 1亿元 a year of farm products bought or helped to sell, in eight to twelve records."""
    total = rng.uniform(7_000, 14_000) * 10_000 * size
    count = rng.randint(8, 12)
    out = []
    channels = list(CHANNEL_WEIGHTS)
    for amount in _shares(rng, total, count):
        channel = rng.choices(channels, weights=list(CHANNEL_WEIGHTS.values()))[0]
        kind = "helped_to_sell" if rng.random() < HELPED_TO_SELL_SHARE[channel] else "bought"
        if rng.random() < 0.6:
            start, end = _quarter(year, rng.randint(1, 4))
        else:  # a fair or a festival order: one month
            start = datetime.date(year, rng.randint(1, 12), 1)
            end = _add_months(start, 1) - datetime.timedelta(days=1)
        product = rng.choice(PRODUCTS).format(industry=f"{profile.west_short}{rng.choice(profile.industries)}")
        out.append(ConsumptionPlan(start, min(end, AS_OF), product, channel, kind, _yuan(amount)))
    return out


def _parks(rng: random.Random, profile: CountyProfile, words: dict[str, str]) -> tuple[ParkPlan, ...]:
    """The park the pairing names (or one co-built park), and sometimes a second, for one industry."""
    first = profile.park or f"{words['east_short']}—{words['west_short']}东西部协作产业园"
    parks = [ParkPlan(first, datetime.date(2021, rng.randint(4, 12), rng.randint(1, 28)))]
    if rng.random() < 0.5:
        industry = rng.choice(profile.industries)
        name = f"{words['west_short']}{industry}产业协作园"
        parks.append(ParkPlan(name, datetime.date(rng.choice((2022, 2023)), rng.randint(1, 12), rng.randint(1, 28))))
    return tuple(parks)


def _leads(
    rng: random.Random, names: _Names, profile: CountyProfile, parks: tuple[ParkPlan, ...], year: int, size: float
) -> list[LeadPlan]:
    """Three to six enterprises signed a year (2000万 to 2亿元 agreed each), the money arriving in tranches
    as building starts and production begins; one or two more still in talks."""
    out = []
    years_since = AS_OF.year - year  # how long a lead signed this year has had to move on
    for _ in range(_count(rng, 3, 6, size)):
        stage = rng.choices(("signed", "started", "producing"), weights=(10, 40, 50) if years_since else (55, 40, 5))[0]
        agreed = Decimal(rng.randint(20, 200) * 1_000_000).quantize(Decimal("0.01"))
        signed_on = _date(rng, year, 1, 11)
        if stage == "producing":
            arrived = rng.uniform(0.7, 1.0)
        elif stage == "started":
            arrived = rng.uniform(0.3, 0.6)
        else:
            arrived = rng.choice((0, 0, 0.1, 0.2))
        inflows = _inflows(rng, signed_on, float(agreed) * arrived)
        park = rng.choice(parks).name if rng.random() < 0.6 else ""
        jobs = rng.randint(30, 300) if stage == "producing" else None
        enterprise = names.enterprise(profile.east_short)
        out.append(LeadPlan(enterprise, stage, agreed, park, jobs, signed_on, inflows))
    for _ in range(rng.randint(1, 2)):
        stage = rng.choice(("lead", "talks"))
        talked = Decimal(rng.randint(20, 150) * 1_000_000).quantize(Decimal("0.01")) if stage == "talks" else None
        out.append(LeadPlan(names.enterprise(profile.east_short), stage, talked, "", None, None))
    return out


def _inflows(rng: random.Random, signed_on: datetime.date, amount: float) -> tuple[InflowPlan, ...]:
    """The money an enterprise has put in, in one to three tranches after signing (whole 万元)."""
    if amount < 10_000:
        return ()
    tranches = rng.randint(1, 3)
    days = sorted(rng.randint(20, 540) for _ in range(tranches))
    out = []
    for share, offset in zip(_shares(rng, amount, tranches), days, strict=True):
        day = signed_on + datetime.timedelta(days=offset)
        if day <= AS_OF:
            out.append(InflowPlan(day, _yuan(share, 10_000)))
    return tuple(out)


def _donations(
    rng: random.Random,
    names: _Names,
    profile: CountyProfile,
    words: dict[str, str],
    leads: list[LeadPlan],
    year: int,
    size: float,
) -> list[DonationPlan]:
    """A few 百万元 a year, in eight to fourteen gifts; a quarter of them goods, valued in yuan."""
    total = rng.uniform(200, 500) * 10_000 * size
    investors = [lead.enterprise for lead in leads if lead.signed_on is not None]
    donors: dict[str, Callable[[], str]] = {
        "enterprise": lambda: (
            rng.choice(investors) if investors and rng.random() < 0.6 else names.enterprise(profile.east_short)
        ),
        "association": lambda: rng.choice(
            (f"{words['east']}工商业联合会", f"{words['east']}{words['west_short']}商会")
        ),
        "charity": lambda: rng.choice((f"{words['east']}慈善总会", f"{words['east']}红十字会")),
        "social_group": lambda: rng.choice((f"{words['east']}青年企业家协会", f"{words['east']}志愿者协会")),
        "individual": lambda: "爱心人士（匿名）",
    }
    out = []
    for value in _shares(rng, total, rng.randint(8, 14)):
        donor_kind = rng.choices(list(donors), weights=(45, 20, 20, 10, 5))[0]
        kind = "goods" if rng.random() < 0.25 else "money"
        purpose = rng.choice(DONATION_PURPOSES[kind])
        out.append(DonationPlan(donors[donor_kind](), donor_kind, kind, _yuan(value), _date(rng, year), purpose))
    return out


def _student_aid(rng: random.Random, words: dict[str, str], year: int, size: float) -> list[StudentAidPlan]:
    """Two to four sponsorships a year, at the start of a term, 1,000–3,000 yuan a student."""
    out = []
    for _ in range(rng.randint(2, 4)):
        students = _count(rng, 20, 120, size)
        per_student = rng.choice((1000, 1500, 2000, 3000))
        donor = rng.choice((f"{words['east']}慈善总会", f"{words['east']}教育基金会", f"{words['east']}工商业联合会"))
        day = _date(rng, year, *rng.choice(((2, 3), (8, 9))))
        out.append(StudentAidPlan(students, _yuan(students * per_student), day, donor))
    return out


def _volunteering(
    rng: random.Random, profile: CountyProfile, words: dict[str, str], year: int, size: float
) -> list[VolunteerPlan]:
    """Five to ten activities a year, of ten to sixty volunteers, four to sixteen hours each."""
    out = []
    for _ in range(rng.randint(5, 10)):
        volunteers = _count(rng, 10, 60, size)
        activity = rng.choice(ACTIVITIES).format(
            place=rng.choice(profile.places) if profile.places else profile.west, **words
        )
        hours = Decimal(volunteers * rng.randint(4, 16)).quantize(Decimal("0.1"))
        out.append(VolunteerPlan(_date(rng, year), activity, volunteers, hours))
    return out


def _village_pairings(
    rng: random.Random,
    names: _Names,
    profile: CountyProfile,
    words: dict[str, str],
    leads: list[LeadPlan],
    size: float,
) -> tuple[VillagePairingPlan, ...]:
    """Five to nine enterprises (those that invested first) and one to three social organisations, each
    paired with a village of the county, since the pairing began; new ones each year."""
    investors = [lead.enterprise for lead in leads if lead.signed_on is not None]
    organisations = [
        (f"{words['east']}工商业联合会", "association"),
        (f"{words['east']}慈善总会", "charity"),
        (f"{words['east']}青年企业家协会", "social_group"),
        (f"{words['east']}{words['west_short']}商会", "association"),
    ]
    villages = [f"{place}{stem}村" for place in (profile.places or ("",)) for stem in VILLAGE_STEMS]
    rng.shuffle(villages)
    years = list(range(2021, AS_OF.year + 1))  # the 2021 round of pairings
    out = []
    enterprises = _count(rng, 5, 9, size, least=3)
    socials = min(len(organisations), _count(rng, 1, 3, size))
    partners = [
        (investors[i] if i < len(investors) else names.enterprise(profile.east_short), "enterprise")
        for i in range(enterprises)
    ]
    partners += rng.sample(organisations, socials)
    for (partner, partner_type), village in zip(partners, villages, strict=False):
        kind = "enterprise_village" if partner_type == "enterprise" else "social_village"
        start = datetime.date(rng.choice(years), rng.randint(3, 11), rng.randint(1, 28))
        out.append(VillagePairingPlan(kind, partner, partner_type, f"{profile.west}{village}", min(start, AS_OF)))
    return tuple(sorted(out, key=lambda p: (p.start, p.village)))
