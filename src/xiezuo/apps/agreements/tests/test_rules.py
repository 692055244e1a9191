"""Every counting rule on a small hand-made ledger whose answer is worked out by hand.

Each ledger has rows that count and rows that must not (another year, another pairing, the wrong kind,
the wrong stage), so a rule that counts too much or too little fails. The catalogue's words for each rule
(`Indicator.counting_rule`) say the same as what is asserted here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiezuo.apps.agreements.choices import Rule
from xiezuo.apps.agreements.models import Indicator
from xiezuo.apps.agreements.rules import RULES, Measure, rule_for
from xiezuo.apps.conftest import World
from xiezuo.apps.cooperation import models as co
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.models import Person
from xiezuo.apps.projects.models import FundTransaction, Project

YEAR = 2024


def measure(rule: str, *pairings: Pairing, year: int = YEAR) -> Measure:
    return rule_for(rule).measure([p.pk for p in pairings], year)


def split(result: Measure, key: str) -> dict[str, Decimal]:
    return {value: amount for value, _label, amount in result.splits[key]}


def test_every_rule_of_the_catalogue_is_known(db: None) -> None:
    assert {i.rule for i in Indicator.objects.all()} == set(RULES) == set(Rule.values)


def _project(world: World, code: str, *, year: int = YEAR, category: str = "industry", **extra: object) -> Project:
    return Project.objects.create(
        code=code, title=code, pairing=extra.pop("pairing", world.ours), year=year, category=category, **extra
    )


def _pay(project: Project, kind: str, day: date, yuan: str) -> None:
    FundTransaction.objects.create(project=project, type=kind, date=day, amount=Decimal(yuan))


def test_fiscal_aid_funds_are_received_funds_less_refunds_in_the_year(world: World) -> None:
    road = _project(world, "P1")
    school = _project(world, "P2", category="livelihood")
    _pay(road, "receipt", date(2024, 3, 1), "1000000")
    _pay(road, "refund", date(2024, 5, 10), "200000")
    _pay(school, "receipt", date(2024, 11, 30), "500000")
    _pay(road, "allocation", date(2024, 2, 1), "5000000")  # allocated is not received
    _pay(road, "disbursement", date(2024, 4, 1), "700000")  # nor is passing it on
    _pay(road, "receipt", date(2023, 12, 31), "300000")  # another year
    _pay(_project(world, "T1", pairing=world.theirs), "receipt", date(2024, 6, 1), "900000")  # another pairing

    result = measure(Rule.FISCAL_AID_FUNDS, world.ours)

    assert result.total == Decimal("130.00")  # (1,000,000 − 200,000 + 500,000) yuan in 万元
    assert split(result, "category") == {"industry": Decimal("80.00"), "livelihood": Decimal("50.00")}
    assert result.monthly is not None
    assert result.monthly[1] == 0 and result.monthly[2] == Decimal("100.00")  # February, March: cumulative
    assert result.monthly[4] == Decimal("80.00") and result.monthly[11] == Decimal("130.00")
    assert measure(Rule.FISCAL_AID_FUNDS, world.ours, world.theirs).total == Decimal("220.00")


def test_projects_of_the_year_leave_out_cancelled_ones(world: World) -> None:
    _project(world, "P1", status="planned")
    _project(world, "P2", category="labour", status="in_progress")
    _project(world, "P3", status="cancelled")
    _project(world, "P4", year=2023)

    projects = measure(Rule.PROJECTS, world.ours)
    industrial = measure(Rule.INDUSTRIAL_PROJECTS, world.ours)

    assert projects.total == 2 and projects.monthly is None
    assert split(projects, "category") == {"industry": 1, "labour": 1}
    assert split(projects, "status") == {"planned": 1, "in_progress": 1}
    assert industrial.total == 1


def _second(world: World, kind: str, direction: str, start: date, **who: object) -> None:
    co.Secondment.objects.create(
        pairing=who.pop("pairing", world.ours), kind=kind, direction=direction, start_date=start, **who
    )


def test_secondments_count_distinct_people_by_kind_and_direction(world: World) -> None:
    wang = Person.objects.create(name="王明", pairing=world.ours)
    _second(world, "cadre", "east_to_west", date(2024, 3, 1), name="张三")
    _second(world, "cadre", "east_to_west", date(2024, 9, 1), name="张三")  # the same person, twice
    _second(world, "cadre", "east_to_west", date(2024, 4, 1), person=wang)
    _second(world, "cadre", "east_to_west", date(2024, 10, 1), person=wang, name="王明（续）")
    _second(world, "cadre", "west_to_east", date(2024, 5, 1), name="李四")
    _second(world, "education", "east_to_west", date(2024, 2, 1), name="赵老师")
    _second(world, "health", "east_to_west", date(2024, 8, 1), name="钱医生")
    _second(world, "agriculture", "west_to_east", date(2024, 8, 1), name="孙技术员")
    _second(world, "cadre", "east_to_west", date(2023, 12, 1), name="周五")  # started the year before
    _second(world, "cadre", "east_to_west", date(2024, 3, 1), name="吴六", pairing=world.theirs)

    cadres = measure(Rule.CADRES_EAST_TO_WEST, world.ours)
    assert cadres.total == 2  # 张三 and 王明
    # Each counted in the month they first came: 张三 in March, 王明 in April; their second terms add nobody.
    assert cadres.monthly is not None and [cadres.monthly[m] for m in (1, 2, 3, 8, 11)] == [0, 1, 2, 2, 2]
    assert measure(Rule.CADRES_WEST_TO_EAST, world.ours).total == 1
    professionals = measure(Rule.PROFESSIONALS_EAST_TO_WEST, world.ours)
    assert professionals.total == 2
    assert split(professionals, "kind") == {"education": 1, "health": 1}
    assert measure(Rule.PROFESSIONALS_WEST_TO_EAST, world.ours).total == 1


def _place(world: World, start: date, end: date, workers: int, poor: int, destination: str) -> None:
    co.LabourPlacement.objects.create(
        pairing=world.ours,
        period_start=start,
        period_end=end,
        workers=workers,
        formerly_poor=poor,
        destination=destination,
    )


def test_rural_workers_with_those_formerly_poor_beside_them(world: World) -> None:
    _place(world, date(2024, 1, 1), date(2024, 6, 30), 120, 80, "eastern_partner")
    _place(world, date(2024, 7, 1), date(2024, 12, 31), 50, 10, "nearby_in_province")
    _place(world, date(2024, 7, 1), date(2024, 12, 31), 30, 0, "elsewhere")
    _place(world, date(2023, 7, 1), date(2023, 12, 31), 99, 99, "eastern_partner")

    workers = measure(Rule.RURAL_WORKERS, world.ours)
    poor = measure(Rule.RURAL_WORKERS_FORMERLY_POOR, world.ours)

    assert workers.total == 200
    assert split(workers, "formerly_poor") == {"": 90}
    assert split(workers, "destination") == {"eastern_partner": 120, "nearby_in_province": 50, "elsewhere": 30}
    assert poor.total == 90
    assert split(poor, "destination") == {"eastern_partner": 80, "nearby_in_province": 10}
    assert workers.monthly is not None and workers.monthly[0] == 120 and workers.monthly[6] == 200


def test_consumption_adds_bought_and_helped_to_sell_by_channel(world: World) -> None:
    for product, channel, kind, yuan, start in [
        ("土鸡", "832_platform", "bought", "250000", date(2024, 1, 1)),
        ("柑橘", "live_streaming", "helped_to_sell", "150000", date(2024, 10, 1)),
        ("茶叶", "unions", "bought", "80000", date(2023, 10, 1)),
    ]:
        co.ConsumptionRecord.objects.create(
            pairing=world.ours,
            period_start=start,
            period_end=start,
            product=product,
            channel=channel,
            kind=kind,
            amount_yuan=Decimal(yuan),
        )

    result = measure(Rule.CONSUMPTION, world.ours)

    assert result.total == Decimal("40.00")
    assert split(result, "kind") == {"bought": Decimal("25.00"), "helped_to_sell": Decimal("15.00")}
    assert split(result, "channel") == {"832_platform": Decimal("25.00"), "live_streaming": Decimal("15.00")}


def test_enterprises_guided_are_distinct_signed_enterprises_and_investment_is_what_arrived(world: World) -> None:
    def lead(name: str, stage: str, signed: date | None) -> co.InvestmentLead:
        return co.InvestmentLead.objects.create(pairing=world.ours, enterprise=name, stage=stage, signed_on=signed)

    first = lead("浙江甲公司", "signed", date(2024, 4, 1))
    lead("浙江甲公司", "signed", date(2024, 6, 1))  # the same enterprise, a second project
    lead("浙江乙公司", "talks", None)  # not signed: not guided yet
    lead("浙江丙公司", "producing", date(2023, 5, 1))  # signed the year before
    started = lead("浙江丁公司", "started", date(2024, 10, 1))
    for owner, day, yuan in [
        (first, date(2024, 5, 1), "3000000"),
        (started, date(2024, 12, 31), "500000"),
        (first, date(2025, 1, 2), "1000000"),  # next year
    ]:
        co.InvestmentInflow.objects.create(lead=owner, date=day, amount_yuan=Decimal(yuan))

    guided = measure(Rule.ENTERPRISES_GUIDED, world.ours)
    invested = measure(Rule.ACTUAL_INVESTMENT, world.ours)

    assert guided.total == 2
    assert split(guided, "stage") == {"signed": 1, "started": 1}
    assert invested.total == Decimal("350.00")
    assert split(invested, "stage") == {"signed": Decimal("300.00"), "started": Decimal("50.00")}


def test_parks_are_counted_up_to_the_end_of_the_year(world: World) -> None:
    for name, established in [
        ("甲园", date(2022, 5, 1)),
        ("乙园", date(2024, 6, 1)),
        ("丙园", date(2025, 3, 1)),
        ("丁园", None),  # no date: not known to exist yet
    ]:
        co.IndustrialPark.objects.create(pairing=world.ours, name=name, established=established)

    result = measure(Rule.CO_BUILT_PARKS, world.ours)

    assert result.total == 2
    assert result.monthly is not None and result.monthly[4] == 1 and result.monthly[5] == 2


def test_village_pairings_count_enterprise_and_organisation_pairings_below(world: World) -> None:
    def sub(kind: str, since: date | None) -> None:
        Pairing.objects.create(level="sub", kind=kind, parent=world.ours, name=f"{kind} {since}", start_date=since)

    sub("enterprise_village", date(2023, 4, 1))
    sub("social_village", None)  # no date: it exists, counted
    sub("village_village", date(2024, 1, 1))  # a village with a village: another indicator
    sub("enterprise_village", date(2025, 1, 1))  # not yet

    result = measure(Rule.VILLAGE_PAIRINGS, world.ours)

    assert result.total == 2
    assert split(result, "kind") == {"enterprise_village": 1, "social_village": 1}


def test_donations_students_and_volunteers(world: World) -> None:
    for kind, yuan, day in [("money", "100000", date(2024, 6, 1)), ("goods", "50000", date(2024, 7, 1))]:
        co.Donation.objects.create(
            pairing=world.ours,
            donor="温州商会",
            donor_kind="association",
            kind=kind,
            value_yuan=Decimal(yuan),
            date=day,
        )
    co.Donation.objects.create(
        pairing=world.ours, donor="某人", donor_kind="individual", kind="money", value_yuan=9, date=date(2023, 1, 1)
    )
    for students, day in [(30, date(2024, 9, 1)), (20, date(2024, 3, 1)), (5, date(2025, 3, 1))]:
        co.StudentAid.objects.create(pairing=world.ours, students=students, amount_yuan=1000, date=day)
    for volunteers, day in [(12, date(2024, 7, 1)), (8, date(2024, 8, 1))]:
        co.VolunteerService.objects.create(
            pairing=world.ours, date=day, activity="支教", volunteers=volunteers, hours=Decimal(40)
        )

    donations = measure(Rule.SOCIAL_DONATIONS, world.ours)

    assert donations.total == Decimal("15.00")
    assert split(donations, "kind") == {"money": Decimal("10.00"), "goods": Decimal("5.00")}
    assert split(donations, "donor_kind") == {"association": Decimal("15.00")}
    assert measure(Rule.STUDENTS_AIDED, world.ours).total == 50
    assert measure(Rule.VOLUNTEERS, world.ours).total == 20


@pytest.mark.parametrize("rule", sorted(RULES))
def test_an_empty_ledger_counts_nothing(world: World, rule: str) -> None:
    result = measure(rule, world.ours)
    assert result.total == 0 and result.rows == 0


def test_the_rows_behind_a_number_are_the_rows_counted(world: World) -> None:
    _place(world, date(2024, 1, 1), date(2024, 6, 30), 120, 80, "eastern_partner")
    _place(world, date(2024, 7, 1), date(2024, 12, 31), 50, 0, "elsewhere")
    _place(world, date(2023, 7, 1), date(2023, 12, 31), 99, 99, "eastern_partner")
    rule = rule_for(Rule.RURAL_WORKERS)
    by_destination = next(s for s in rule.splits if s.key == "destination")
    poor = next(s for s in rule.splits if s.key == "formerly_poor")

    assert sum(r.workers for r in rule.rows([world.ours.pk], YEAR)) == 170
    assert [r.workers for r in rule.split_rows([world.ours.pk], YEAR, by_destination, "eastern_partner")] == [120]
    assert [r.workers for r in rule.split_rows([world.ours.pk], YEAR, poor, "")] == [120]
