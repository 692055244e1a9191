"""The demo data (`load_demo`): the seed report's world, generated projects, cooperation ledgers and annual
agreements, loaded once, shown as a demo."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.test import Client, override_settings

from xiezuo.apps.agreements.figures import assess, pairing_coverage, region_coverage
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, ManualActual, Target, TargetRevision
from xiezuo.apps.conftest import World
from xiezuo.apps.cooperation.models import (
    ConsumptionRecord,
    Donation,
    IndustrialPark,
    InvestmentInflow,
    InvestmentLead,
    LabourPlacement,
    Secondment,
    StudentAid,
    VolunteerService,
)
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.projects.choices import Category, Status, TransactionType
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.projects.services import earliest_transaction_date
from xiezuo.apps.regions.models import Region
from xiezuo.apps.visits.models import Meeting, Visit, VisitSite
from xiezuo.demo import DEMO_BATCH, DEMO_PASSWORD, generator, is_loaded
from xiezuo.demo.world import VISIT_SITES

COUNTY = "温州湾新区、龙湾区—仪陇县"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SEEN_ON = date(2024, 8, 26)


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def _demo_once(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[str]:
    """The demo loaded once for a class of tests, inside a transaction rolled back after its last test.

    Each test runs in a savepoint inside it (as with Django's `TestCase.setUpTestData`), so what a
    test writes is undone, and no other test sees the demo. Its evidence file goes to a temporary folder.
    """
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_once: str, db: Any) -> str:
    return _demo_once


LEDGERS = (
    Pairing,
    Person,
    Position,
    Organisation,
    Visit,
    VisitSite,
    Meeting,
    Project,
    FundTransaction,
    Secondment,
    LabourPlacement,
    ConsumptionRecord,
    IndustrialPark,
    InvestmentLead,
    InvestmentInflow,
    Donation,
    StudentAid,
    VolunteerService,
    AnnualAgreement,
    Target,
    TargetRevision,
    ManualActual,
)


def everything() -> dict[str, int]:
    """How many rows of every kind the demo writes."""
    counts = {model.__name__: model.objects.count() for model in (Region, *LEDGERS)}
    return {**counts, "users": User.objects.count(), "changes": ChangeLog.objects.count()}


class TestTheLoadedDemo:
    """The demo, loaded once for all these tests."""

    def test_the_pairing_hierarchy_of_the_seed_and_its_neighbours(self, demo: str) -> None:
        county = Pairing.objects.get(name=COUNTY)
        assert (county.level, county.parent.name, county.parent.level) == ("county", "温州—南充", "city")
        assert (county.parent.parent.name, county.parent.parent.level, county.parent.parent.parent) == (
            "浙江—四川",
            "province",
            None,
        )
        assert {r.name for r in county.east_regions.all()} == {"温州湾新区", "龙湾区"}
        assert [r.code for r in county.west_regions.all()] == ["511324"]
        assert county.year_of_pairing(SEEN_ON) == 4  # "今年是……结对的第4个年头"
        bay = Region.objects.get(name="温州湾新区")
        assert (bay.level, bay.code, bay.parent.code) == ("functional", "", "330300")
        for code, name in [("330000", "浙江省"), ("510000", "四川省"), ("330300", "温州市"), ("511300", "南充市")]:
            assert Region.objects.get(code=code).name == name
        # Other Zhejiang–Sichuan county pairings to compare with, on real divisions.
        others = Pairing.objects.filter(level="county").exclude(pk=county.pk)
        assert 2 <= others.count() <= 3
        for pairing in others:
            assert all(r.area_code.startswith("33") and r.code for r in pairing.east_regions.all())
            assert all(r.area_code.startswith("51") and r.code for r in pairing.west_regions.all())
            assert pairing.parent is not None and pairing.parent.level in ("city", "province")

    def test_the_two_people_hold_two_positions_each_on_the_day_of_the_visit(self, demo: str) -> None:
        guo, zhou = Person.objects.get(name="郭宗海"), Person.objects.get(name="周一富")
        assert {p.title for p in guo.positions.all()} == {"南充市政协副主席", "仪陇县委书记"}
        assert {p.title for p in zhou.positions.all()} == {"温州湾新区管委会主任", "龙湾区委书记"}
        assert len(guo.positions_on(SEEN_ON)) == len(zhou.positions_on(SEEN_ON)) == 2
        assert (guo.region.name, zhou.region.name) == ("仪陇县", "龙湾区")
        assert guo.pairing.name == zhou.pairing.name == COUNTY

    def test_the_visit_with_six_sites_in_order_and_its_meeting(self, demo: str) -> None:
        visit = Visit.objects.get()
        assert (visit.delegation, visit.direction, visit.start_date) == ("仪陇县党政代表团", "west_to_east", SEEN_ON)
        assert (visit.leader.name, visit.from_region.name, visit.to_region.name) == ("郭宗海", "仪陇县", "龙湾区")
        assert visit.pairing.name == COUNTY
        sites = [(s.order, s.organisation.name) for s in visit.sites.order_by("order")]
        assert sites == [
            (1, "瑞浦兰钧能源股份有限公司"),
            (2, "麦田能源股份有限公司"),
            (3, "浙江长江汽车电子有限公司"),
            (4, "万洋科技城"),
            (5, "国科温州研究院"),
            (6, "中国眼谷小镇"),
        ]
        assert tuple(name for _, name in sites) == VISIT_SITES
        meeting = Meeting.objects.get()
        assert (meeting.name, meeting.date, meeting.visit) == ("龙湾区—仪陇县东西部协作工作座谈会", SEEN_ON, visit)
        assert {p.name for p in meeting.participants.all()} == {"郭宗海", "周一富"}
        types = dict(Organisation.objects.values_list("name", "type"))
        assert types["瑞浦兰钧能源股份有限公司"] == "enterprise"
        assert types["国科温州研究院"] == "research_institute"
        assert types["万洋科技城"] == types["中国眼谷小镇"] == types["浙川东西部协作产业园"] == "park"

    def test_53_projects_for_the_county_pairing_fewer_for_the_others_and_funds_that_add_up(self, demo: str) -> None:
        county = Pairing.objects.get(name=COUNTY)
        ours = Project.objects.filter(pairing=county)
        assert ours.count() == 53  # "53个项目"
        assert set(ours.values_list("category", flat=True)) == {
            "industry",
            "labour",
            "talent",
            "consumption",
            "livelihood",
        }
        assert set(ours.values_list("year", flat=True)) == {2021, 2022, 2023, 2024}
        assert ours.values("title").distinct().count() == 53
        per_pairing = Project.objects.values("pairing").annotate(n=Count("pk")).order_by()
        assert sorted(row["n"] for row in per_pairing)[-1] == 53 and len(per_pairing) == 4
        assert all(0 < row["n"] < 53 for row in per_pairing if row["pairing"] != county.pk)

        def total(kind: str) -> Sum:
            return Sum("transactions__amount", filter=Q(transactions__type=kind))

        rows = Project.objects.annotate(
            allocated=total("allocation"),
            received=total("receipt"),
            disbursed=total("disbursement"),
            spent=total("expenditure"),
            refunded=total("refund"),
        )
        for p in rows:
            allocated, received, disbursed, spent, refunded = (
                v or Decimal(0) for v in (p.allocated, p.received, p.disbursed, p.spent, p.refunded)
            )
            assert allocated > 0, p
            assert spent <= disbursed <= received <= allocated, p
            assert refunded <= received, p
            if p.status in ("completed", "accepted"):
                assert received == disbursed == allocated and spent + refunded == disbursed, p
            if p.status == "planned":
                assert received == disbursed == spent == 0, p
            if p.beneficiaries_formerly_poor is not None:
                assert p.beneficiaries_formerly_poor <= p.beneficiaries
        late = FundTransaction.objects.filter(date__gt=generator.AS_OF)
        assert not late.exists()
        # A county's aid over four years: tens of millions of yuan, not thousands, not billions.
        allocated = FundTransaction.objects.filter(project__pairing=county, type="allocation").aggregate(
            s=Sum("amount")
        )
        assert Decimal(30_000_000) < allocated["s"] < Decimal(400_000_000)

    def test_every_record_is_written_through_the_services_in_the_demo_batch(self, demo: str) -> None:
        assert is_loaded()
        assert not ChangeLog.objects.exclude(batch=DEMO_BATCH).exists()
        for model in LEDGERS:
            logged = ChangeLog.objects.filter(
                batch=DEMO_BATCH, action="create", content_type=ContentType.objects.get_for_model(model)
            )
            assert logged.count() == model.objects.count() > 0, model

    def test_demo_users_log_in_with_the_demo_password_and_see_their_scope(self, demo: str) -> None:
        county = Pairing.objects.get(name=COUNTY)
        users = {name: User.objects.get(username=name) for name in ("admin", "east", "west", "viewer", "supervisor")}
        for name in users:
            assert Client().login(username=name, password=DEMO_PASSWORD), name
        assert users["admin"].is_superuser
        ours = Project.objects.filter(pairing=county).count()
        assert Project.objects.editable_by(users["east"]).count() == ours
        assert Project.objects.editable_by(users["west"]).count() == ours
        assert Project.objects.visible_to(users["viewer"]).count() == ours
        assert not Project.objects.editable_by(users["viewer"]).exists()
        # The Sichuan supervisor reads every pairing with a Sichuan side, and writes none.
        assert Project.objects.visible_to(users["supervisor"]).count() == Project.objects.count() > ours
        assert not Project.objects.editable_by(users["supervisor"]).exists()
        memberships = {(m.user.username, m.role, m.side) for m in county.memberships.all()}
        assert memberships == {("east", "editor", "east"), ("west", "editor", "west"), ("viewer", "viewer", "")}

    def test_the_seed_pairings_assessment_has_data_and_a_target_for_every_indicator(self, demo: str) -> None:
        county = Pairing.objects.get(name=COUNTY)
        admin = User.objects.get(username="admin")
        indicators = Indicator.objects.filter(active=True).count()
        for year in (2023, 2024):
            assessment = assess(pairing_coverage(county, admin), year)
            assert len(assessment.results) == indicators == 17
            assert assessment.without_data == [] and assessment.without_target == [], year
            assert assessment.missing_agreements == []
            completion = {r.indicator.code: r.completion for r in assessment.results}
            assert all(c is not None and 60 <= c <= 160 for c in completion.values()), completion
            assert any(c < 100 for c in completion.values() if c is not None), "some indicators under target"
            assert any(c > 100 for c in completion.values() if c is not None), "some over"
        results = {r.indicator.code: r for r in assess(pairing_coverage(county, admin), 2024).results}
        # A county's year, in the orders of magnitude of domain.md (万元 for money).
        assert 500 <= results["fiscal_aid_funds"].actual <= 20_000
        assert 1_000 <= results["rural_workers"].actual <= 5_000
        assert results["rural_workers_formerly_poor"].actual < results["rural_workers"].actual
        assert 3_000 <= results["consumption"].actual <= 30_000
        assert {value for value, _, _ in results["village_pairings"].counted.splits["kind"]} == {
            "enterprise_village",
            "social_village",
        }
        # Targets revised during the year keep the original beside the target in force, with the reason.
        revised = [code for code, r in results.items() if r.revised]
        assert set(revised) >= {"consumption", "rural_workers", "actual_investment"}
        for code in revised:
            revision = TargetRevision.objects.get(target__agreement__pairing=county, target__indicator__code=code)
            assert revision.reason and revision.previous == results[code].original
            assert revision.value == results[code].target
        # One actual entered by hand, with its evidence file, in place of what the ledger counts.
        volunteers = results["volunteers"]
        assert volunteers.manual is not None and volunteers.actual == volunteers.manual > volunteers.counted.total
        manual = ManualActual.objects.get()
        assert manual.explanation and manual.evidence_title
        with manual.evidence.open("rb") as evidence:
            table = evidence.read().decode("utf-8-sig")
        assert table.splitlines()[-1].endswith(f",合计,{manual.value:.0f}")

    def test_every_county_pairing_has_a_2024_agreement_with_data_for_every_indicator(self, demo: str) -> None:
        admin = User.objects.get(username="admin")
        counties = Pairing.objects.filter(level="county")
        assert set(AnnualAgreement.objects.filter(year=2024).values_list("pairing", flat=True)) == set(
            counties.values_list("pk", flat=True)
        )
        assert Target.objects.filter(agreement__year=2024).count() == 17 * counties.count()
        for county in counties:
            assessment = assess(pairing_coverage(county, admin), 2024)
            assert assessment.without_data == [] and assessment.without_target == [], county
            assert all(r.completion is not None and 50 <= r.completion <= 200 for r in assessment.results), county
        sichuan = assess(region_coverage(Region.objects.get(code="510000"), "west", admin), 2024)
        assert sichuan.without_data == [] and sichuan.without_target == []
        # Each county pairing has enterprises and social organisations paired with its villages.
        for county in counties:
            kinds = set(county.children.values_list("kind", flat=True))
            assert kinds == {"enterprise_village", "social_village"}, county

    def test_loading_again_changes_nothing(self, demo: str) -> None:
        assert "loaded" in demo
        before = everything()
        again = load()
        assert "already" in again
        assert everything() == before

    def test_the_pages_carry_the_demo_banner_when_the_demo_is_loaded(self, demo: str) -> None:
        page = Client().get("/login/")
        assert page.status_code == 200 and "demo-banner" in page.content.decode()
        client = Client()
        client.force_login(User.objects.get(username="west"))
        home = client.get("/")
        assert home.status_code == 200 and "demo-banner" in home.content.decode()


# --- once, and only into its own database --------------------------------------------------------------------


def test_the_demo_is_not_mixed_into_a_database_with_real_pairings(world: World) -> None:
    before = everything()
    assert "not demo data" in load()
    assert everything() == before and not is_loaded()


def test_no_demo_banner_without_the_demo(world: World) -> None:
    assert "demo-banner" not in Client().get("/login/").content.decode()
    assert "demo-banner" not in world.client(world.west_editor).get("/").content.decode()


# --- the generator (no database) -----------------------------------------------------------------------------


def test_the_generator_speaks_the_projects_apps_choices() -> None:
    assert set(generator.ALL_CATEGORIES) == set(Category.values)
    assert set(generator.STATUSES) == set(Status.values)
    assert set(generator.TRANSACTION_TYPES) == set(TransactionType.values)
    assert {s for options in generator.STATUS_BY_YEAR.values() for s, _ in options} <= set(Status.values)


@pytest.mark.parametrize("seed", [0, 1, 2024, 99991])
def test_generated_money_moves_in_order_and_adds_up_whatever_the_seed(seed: int) -> None:
    from xiezuo.demo.world import PAIRINGS

    for spec in PAIRINGS:
        if spec.profile is None:
            continue
        plans = generator.generate_projects(spec.profile, spec.projects, seed=seed)
        assert len(plans) == spec.projects
        assert len({p.code for p in plans}) == len({p.title for p in plans}) == spec.projects
        assert {p.category for p in plans} <= set(spec.profile.categories)
        for p in plans:
            kinds = [t.type for t in p.transactions]
            assert kinds[0] == "allocation" and kinds.count("allocation") == 1
            dates = [t.date for t in p.transactions]
            assert dates == sorted(dates) and dates[-1] <= generator.AS_OF
            assert dates[0] >= earliest_transaction_date(p.year)
            assert all(t.amount > 0 and t.amount == t.amount.quantize(Decimal("0.01")) for t in p.transactions)
            assert p.spent <= p.disbursed <= p.received <= p.allocated
            if p.status in ("completed", "accepted"):
                assert p.received == p.disbursed == p.allocated == p.spent + p.refunded
            if p.status == "cancelled":
                assert p.refunded == p.received == p.allocated and p.disbursed == 0


def test_the_same_seed_gives_the_same_projects_and_another_seed_others() -> None:
    from xiezuo.demo.world import COUNTY as KEY
    from xiezuo.demo.world import PAIRINGS

    profile = next(spec.profile for spec in PAIRINGS if spec.key == KEY)
    assert profile is not None
    first = generator.generate_projects(profile, 53, seed=7)
    assert first == generator.generate_projects(profile, 53, seed=7)
    assert first != generator.generate_projects(profile, 53, seed=8)


def test_tranches_add_up_exactly() -> None:
    rng = random.Random(5)
    for total in (Decimal("100.00"), Decimal("12345.00"), Decimal("9876543.00")):
        for parts in (1, 2, 3):
            tranches = generator._split(rng, total, parts)
            assert sum(tranches) == total and all(t > 0 for t in tranches)
