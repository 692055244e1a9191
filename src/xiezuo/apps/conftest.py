"""The personas every platform test uses, built on the seed's pairing hierarchy (after healthchecks' test base).

浙江 ↔ 四川 (province) › 温州 ↔ 南充 (city) › 温州湾新区、龙湾区 ↔ 仪陇县 (county, "our" pairing)
and beside it 鹿城区 ↔ 长宁县 (another county pairing under the same city pairing, "theirs").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from xiezuo.apps.core.choices import Role, Side
from xiezuo.apps.core.models import Membership
from xiezuo.apps.pairings.choices import PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.regions.services import division


@dataclass
class World:
    province: Pairing
    city: Pairing
    ours: Pairing
    theirs: Pairing
    east_editor: User
    west_editor: User
    viewer: User
    supervisor: User
    outsider: User
    admin: User

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def _pairing(level: str, east: list[Region], west: list[Region], parent: Pairing | None, **extra: Any) -> Pairing:
    pairing = Pairing.objects.create(level=level, parent=parent, **extra)
    pairing.east_regions.set(east)
    pairing.west_regions.set(west)
    return pairing


def _user(name: str, role: str, pairing: Pairing | None = None, side: str = "", scope_code: str = "") -> User:
    user = User.objects.create_user(name, password="pw-for-tests-only")
    Membership.objects.create(user=user, role=role, pairing=pairing, side=side, scope_code=scope_code)
    return user


@pytest.fixture
def world(db: Any) -> World:
    zhejiang, sichuan = division("330000"), division("510000")
    wenzhou, nanchong = division("330300"), division("511300")
    longwan, yilong = division("330303"), division("511324")
    wenzhou_bay = Region.objects.create(name="温州湾新区", level=RegionLevel.FUNCTIONAL, parent=wenzhou)
    province = _pairing(PairingLevel.PROVINCE, [zhejiang], [sichuan], None, name="浙江—四川")
    city = _pairing(PairingLevel.CITY, [wenzhou], [nanchong], province)
    ours = _pairing(PairingLevel.COUNTY, [wenzhou_bay, longwan], [yilong], city, start_date=date(2021, 3, 1))
    theirs = _pairing(PairingLevel.COUNTY, [division("330302")], [division("511524")], city)
    admin = User.objects.create_user("admin", password="pw-for-tests-only")
    Membership.objects.create(user=admin, role=Role.ADMIN)
    return World(
        province=province,
        city=city,
        ours=ours,
        theirs=theirs,
        east_editor=_user("east", Role.EDITOR, ours, Side.EAST),
        west_editor=_user("west", Role.EDITOR, ours, Side.WEST),
        viewer=_user("viewer", Role.VIEWER, ours),
        supervisor=_user("supervisor", Role.SUPERVISOR, scope_code="510000"),
        outsider=_user("outsider", Role.EDITOR, theirs, Side.EAST),
        admin=admin,
    )


def make_record(model: type[Any], pairing: Pairing) -> Any:
    """A valid record of `model` in `pairing`'s ledger, written directly (not under test here)."""
    from decimal import Decimal

    from xiezuo.apps.people.models import Organisation, Person, Position
    from xiezuo.apps.projects.models import FundTransaction, Project
    from xiezuo.apps.visits.models import Meeting, Visit

    n = model.objects.count() + 1
    if model is Pairing:
        child = Pairing.objects.create(level=PairingLevel.SUB, parent=pairing, name=f"村企结对 {n}")
        return child
    if model is Region:
        return Region.objects.create(name=f"测试村{n}", level=RegionLevel.VILLAGE, parent=division("511324"))
    if model is Organisation:
        return Organisation.objects.create(name=f"测试企业{n}有限公司", pairing=pairing)
    if model is Person:
        return Person.objects.create(name=f"测试人{n}", pairing=pairing)
    if model is Position:
        return Position.objects.create(person=make_record(Person, pairing), title="县委书记")
    if model is Visit:
        return Visit.objects.create(
            pairing=pairing, direction="west_to_east", delegation=f"仪陇县党政代表团{n}", start_date=date(2024, 8, 26)
        )
    if model is Meeting:
        return Meeting.objects.create(pairing=pairing, name=f"东西部协作工作座谈会{n}", date=date(2024, 8, 26))
    if model is Project:
        return Project.objects.create(
            code=f"P{n:04d}", title=f"测试项目{n}", pairing=pairing, year=2024, category="industry"
        )
    if model is FundTransaction:
        project = make_record(Project, pairing)
        return FundTransaction.objects.create(
            project=project, type="allocation", date=date(2024, 3, 1), amount=Decimal("1000000")
        )
    from xiezuo.apps.reports.models import Report

    if model is Report:
        text = f"8月26日，仪陇县党政代表团来龙湾区考察交流（{n}）。"
        return Report.objects.create(
            pairing=pairing, title=f"测试报道{n}", original=text, repaired=text, text_hash=f"{n:064d}"
        )
    from xiezuo.apps.cooperation import models as cooperation

    if model is cooperation.Secondment:
        return cooperation.Secondment.objects.create(
            pairing=pairing, name=f"挂职干部{n}", kind="cadre", direction="east_to_west", start_date=date(2024, 3, 1)
        )
    if model is cooperation.LabourPlacement:
        return cooperation.LabourPlacement.objects.create(
            pairing=pairing,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 6, 30),
            workers=120,
            formerly_poor=80,
            destination="eastern_partner",
        )
    if model is cooperation.ConsumptionRecord:
        return cooperation.ConsumptionRecord.objects.create(
            pairing=pairing,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 3, 31),
            product=f"仪陇酱香土鸡{n}",
            channel="832_platform",
            kind="bought",
            amount_yuan=Decimal("250000"),
        )
    if model is cooperation.IndustrialPark:
        return cooperation.IndustrialPark.objects.create(pairing=pairing, name=f"温州·仪陇产业园{n}")
    if model is cooperation.InvestmentLead:
        return cooperation.InvestmentLead.objects.create(pairing=pairing, enterprise=f"测试招商企业{n}", stage="talks")
    if model is cooperation.InvestmentInflow:
        lead = make_record(cooperation.InvestmentLead, pairing)
        return cooperation.InvestmentInflow.objects.create(
            lead=lead, date=date(2024, 5, 1), amount_yuan=Decimal("3000000")
        )
    if model is cooperation.Donation:
        return cooperation.Donation.objects.create(
            pairing=pairing,
            donor=f"测试商会{n}",
            donor_kind="association",
            kind="money",
            value_yuan=Decimal("100000"),
            date=date(2024, 6, 1),
        )
    if model is cooperation.StudentAid:
        return cooperation.StudentAid.objects.create(
            pairing=pairing, students=30, amount_yuan=Decimal("60000"), date=date(2024, 9, 1), donor=f"爱心企业{n}"
        )
    if model is cooperation.VolunteerService:
        return cooperation.VolunteerService.objects.create(
            pairing=pairing, date=date(2024, 7, 1), activity=f"支教活动{n}", volunteers=12, hours=Decimal("96")
        )
    from xiezuo.apps.agreements import models as agreements

    if model is agreements.AnnualAgreement:
        return agreements.AnnualAgreement.objects.create(pairing=pairing, year=2000 + n % 100, title=f"年度协议{n}")
    if model is agreements.Indicator:
        return agreements.Indicator.objects.create(
            code=f"test_{n}", name=f"测试指标{n}", area="social", unit="count", rule="volunteers", counting_rule="测试"
        )
    if model is agreements.PeriodLock:
        return agreements.PeriodLock.objects.create(year=2000 + n % 100, reason="考核前锁定")
    raise NotImplementedError(model)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Hashing a password the production way takes a third of a second: tests do not need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
