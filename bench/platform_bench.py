"""The ledger platform at national scale, over real HTTP.

Fills a database of its own (SQLite under var/bench, or DATABASE_URL) with ~300 pairings, 100,000
projects and 1,000,000 fund transactions, and for every county pairing its cooperation ledgers of
2023 and 2024, village pairings and annual agreements with targets (`fill_cooperation`; the
assessment benchmark reads them), serves it with gunicorn on 127.0.0.1, and measures the pairing home
page and a filtered project list: p50 and p95, the ratio of the home page's time to its own aggregate
SQL run alone, and the queries per page at a small and a large pairing.

BENCH_SCALE (default 1.0) scales the data: 0.1 is a tenth of national scale.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 40
PASSWORD = "bench-only-password"


def _setup_django(var: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.web.settings")
    os.environ["XIEZUO_VAR"] = str(var)
    import django

    django.setup()


def _counties(n: int) -> list[tuple[str, str]]:
    """n real (east county, west county) code pairs: Zhejiang with Sichuan, Jiangsu with Shaanxi, …"""
    from xiezuo.divisions import all_divisions

    east = [d.code for d in all_divisions() if d.code[:2] in ("33", "32", "35", "37", "44") and d.level == "county"]
    west = [
        d.code for d in all_divisions() if d.code[:2] in ("51", "52", "53", "61", "62", "64") and d.level == "county"
    ]
    rng = random.Random(2260)
    rng.shuffle(east)
    rng.shuffle(west)
    return list(zip(east[:n], west[:n], strict=False))


def fill(scale: float) -> dict[str, Any]:
    """Generate the national-scale ledger with bulk inserts (benchmark data: no change log)."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from xiezuo.apps.core.models import Membership
    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.apps.projects.models import FundTransaction, Project
    from xiezuo.apps.regions.services import division

    if Pairing.objects.exists():
        fill_cooperation()  # a database generated before the cooperation ledgers gets them now
        return _summary()
    pairings_n = max(3, int(300 * scale))
    projects_n = int(100_000 * scale)
    rng = random.Random(42)
    started = time.perf_counter()
    with transaction.atomic():
        province = Pairing.objects.create(level="province", name="东部—西部")
        pairings = []
        for east_code, west_code in _counties(pairings_n):
            pairing = Pairing.objects.create(level="county", parent=province, start_date=date(2021, 3, 1))
            pairing.east_regions.set([division(east_code)])
            pairing.west_regions.set([division(west_code)])
            pairings.append(pairing)
        # Uneven sizes, as in life: a few large pairings, many small ones.
        weights = [1 / (i + 1) for i in range(len(pairings))]
        categories = ["industry", "labour", "talent", "consumption", "livelihood", "rural_revitalisation"]
        statuses = ["planned", "in_progress", "completed", "accepted", "suspended", "cancelled"]
        projects = [
            Project(
                code=f"B{i:06d}",
                title=f"协作项目{i}",
                pairing=rng.choices(pairings, weights)[0],
                year=rng.choice([2021, 2022, 2023, 2024]),
                category=rng.choice(categories),
                status=rng.choice(statuses),
                beneficiaries=rng.randint(10, 5000),
            )
            for i in range(projects_n)
        ]
        Project.objects.bulk_create(projects, batch_size=5000)
        ids = list(Project.objects.values_list("pk", flat=True))
        kinds = [
            "allocation",
            "receipt",
            "disbursement",
            "expenditure",
            "expenditure",
            "expenditure",
            "receipt",
            "disbursement",
            "expenditure",
            "refund",
        ]
        batch: list[FundTransaction] = []
        for project_id in ids:
            for kind in kinds:
                batch.append(
                    FundTransaction(
                        project_id=project_id,
                        type=kind,
                        date=date(2021, 1, 1) + timedelta(days=rng.randint(0, 1400)),
                        amount=Decimal(rng.randint(10_000, 5_000_000)),
                    )
                )
            if len(batch) >= 20_000:
                FundTransaction.objects.bulk_create(batch)
                batch.clear()
        FundTransaction.objects.bulk_create(batch)
        user = User.objects.create_user("bench", password=PASSWORD)
        Membership.objects.create(user=user, role="admin")
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    fill_cooperation()
    return _summary()


COOPERATION_YEARS = (2023, 2024)
INDUSTRIES = ("茶叶", "柑橘", "生猪", "食用菌", "中药材", "蔬菜", "核桃", "花椒", "肉牛", "马铃薯", "苹果", "猕猴桃")
REVISION_REASON = "年中经双方协商调整目标（基准测试数据）"


def fill_cooperation() -> None:
    """Every county pairing's cooperation ledgers, village pairings and annual agreements, with bulk inserts.

    The ledgers come from the demo's seeded generator (`xiezuo.demo.cooperation`, sized as a county pairing
    of 0.5 to 1.5 times the typical one); the targets are set against what they count, as the demo's are
    (`xiezuo.demo.agreements`), one in ten revised. Done once: nothing happens when agreements exist.
    """
    from django.db import transaction

    from xiezuo.apps.agreements.models import AnnualAgreement

    if AnnualAgreement.objects.exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        plans = _cooperation_plans()
        _write_village_pairings(plans)
        _write_ledgers(plans)
        _write_agreements([pairing for pairing, _, _, _ in plans])
    print(f"  cooperation ledgers and agreements generated in {time.perf_counter() - started:.1f} s")


def _cooperation_plans() -> list[tuple[Any, Any, Any, Any]]:
    """(county pairing, its east region, its west region, its generated plan) for every county pairing."""
    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.demo.cooperation import generate_cooperation
    from xiezuo.demo.generator import CountyProfile
    from xiezuo.divisions import by_code

    def short(region: Any) -> str:
        found = by_code(region.code)
        return found.short_names[0] if found is not None and found.short_names else region.name

    rng = random.Random(2023)
    plans = []
    counties = Pairing.objects.filter(level="county").prefetch_related("east_regions", "west_regions").order_by("pk")
    for i, pairing in enumerate(counties):
        east, west = pairing.east_regions.all()[0], pairing.west_regions.all()[0]
        profile = CountyProfile(
            prefix=f"B{i:03d}",
            east=east.name,
            east_short=short(east),
            west=west.name,
            west_short=short(west),
            industries=tuple(rng.sample(INDUSTRIES, 3)),
        )
        plan = generate_cooperation(profile, COOPERATION_YEARS, seed=i, size=rng.uniform(0.5, 1.5))
        plans.append((pairing, east, west, plan))
    return plans


def _write_village_pairings(plans: list[tuple[Any, Any, Any, Any]]) -> None:
    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.apps.people.models import Organisation

    organisations: dict[tuple[int, str], Organisation] = {}
    for pairing, east, west, plan in plans:
        for village in plan.village_pairings:
            for name, kind, region in ((village.partner, village.partner_type, east), (village.village, "", west)):
                organisations.setdefault(
                    (pairing.pk, name),
                    Organisation(name=name, type=kind or "village_collective", region=region, pairing=pairing),
                )
    Organisation.objects.bulk_create(organisations.values(), batch_size=5000)
    subs = [
        (
            Pairing(
                level="sub",
                kind=village.kind,
                parent=pairing,
                start_date=village.start,
                label=f"{village.partner} — {village.village}",
            ),
            organisations[(pairing.pk, village.partner)],
            organisations[(pairing.pk, village.village)],
        )
        for pairing, _, _, plan in plans
        for village in plan.village_pairings
    ]
    Pairing.objects.bulk_create([sub for sub, _, _ in subs], batch_size=5000)
    east_side, west_side = Pairing.east_organisations.through, Pairing.west_organisations.through
    east_side.objects.bulk_create([east_side(pairing_id=sub.pk, organisation_id=e.pk) for sub, e, _ in subs])
    west_side.objects.bulk_create([west_side(pairing_id=sub.pk, organisation_id=w.pk) for sub, _, w in subs])


def _write_ledgers(plans: list[tuple[Any, Any, Any, Any]]) -> None:
    from xiezuo.apps.cooperation import models as c
    from xiezuo.demo.cooperation import ledger_rows

    parks = {
        (pairing.pk, park.name): c.IndustrialPark(
            pairing=pairing, name=park.name, region=west, established=park.established
        )
        for pairing, _, west, plan in plans
        for park in plan.parks
    }
    c.IndustrialPark.objects.bulk_create(parks.values())
    leads = [
        (
            c.InvestmentLead(
                pairing=pairing,
                enterprise=lead.enterprise,
                stage=lead.stage,
                agreed_investment_yuan=lead.agreed,
                park=parks.get((pairing.pk, lead.park)),
                jobs_created=lead.jobs,
                signed_on=lead.signed_on,
            ),
            lead.inflows,
        )
        for pairing, _, _, plan in plans
        for lead in plan.leads
    ]
    c.InvestmentLead.objects.bulk_create([lead for lead, _ in leads], batch_size=5000)
    inflows = [c.InvestmentInflow(lead=lead, **asdict(inflow)) for lead, its in leads for inflow in its]
    c.InvestmentInflow.objects.bulk_create(inflows, batch_size=5000)
    rows: dict[str, list[Any]] = {}
    for pairing, _, _, plan in plans:
        for model, fields in ledger_rows(plan):
            rows.setdefault(model, []).append(getattr(c, model)(pairing=pairing, **fields))
    for model, batch in rows.items():
        getattr(c, model).objects.bulk_create(batch, batch_size=5000)


def _write_agreements(counties: list[Any]) -> None:
    from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, Target, TargetRevision
    from xiezuo.demo.agreements import counted_by_pairing, round_target, target_for, target_rng

    indicators = list(Indicator.objects.filter(active=True))
    for year in COOPERATION_YEARS:
        agreements = AnnualAgreement.objects.bulk_create(
            AnnualAgreement(pairing=pairing, year=year, signed_on=date(year, 3, 15)) for pairing in counties
        )
        counted = counted_by_pairing([pairing.pk for pairing in counties], year)
        targets, revised = [], []
        for agreement in agreements:
            for indicator in indicators:
                rng = target_rng(0, agreement.pairing_id, year, indicator.code)
                value = target_for(counted[agreement.pairing_id].get(indicator.code, Decimal(0)), rng)
                original = round_target(value * Decimal(rng.choice(("0.8", "1.2")))) if rng.random() < 0.1 else value
                target = Target(agreement=agreement, indicator=indicator, original=original, value=value)
                targets.append(target)
                if original != value:
                    revised.append(target)
        Target.objects.bulk_create(targets, batch_size=5000)
        TargetRevision.objects.bulk_create(
            TargetRevision(target=t, previous=t.original, value=t.value, reason=REVISION_REASON) for t in revised
        )


def _summary() -> dict[str, Any]:
    from django.db.models import Count

    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.apps.projects.models import FundTransaction, Project

    sizes = Pairing.objects.filter(level="county").annotate(n=Count("projects")).order_by("-n")
    return {
        "pairings": Pairing.objects.count(),
        "projects": Project.objects.count(),
        "transactions": FundTransaction.objects.count(),
        "largest": sizes.first(),
        "smallest": sizes.last(),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Session:
    """A logged-in browser of our own: cookies and the CSRF token, over plain HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=30) as response:
            return bytes(response.read())

    def login(self, username: str, password: str) -> None:
        page = self.get("/login/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        request = urllib.request.Request(self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"})
        with self.opener.open(request, timeout=30) as response:
            assert "/login/" not in response.geturl(), "login failed"


def timed(session: Session, path: str) -> list[float]:
    session.get(path)  # warm
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        session.get(path)
        times.append(time.perf_counter() - start)
    return times


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def aggregate_alone(pairing: Any, user: Any) -> float:
    """The home page's own figures, queried directly, best of several runs (seconds)."""
    from xiezuo.apps.pairings.dashboard import dashboard

    best = float("inf")
    for _ in range(10):
        start = time.perf_counter()
        dashboard(pairing, user)
        best = min(best, time.perf_counter() - start)
    return best


def queries_on(path: str, user: Any) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def main() -> None:
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    var = ROOT / "var" / f"bench-{scale:g}"
    var.mkdir(parents=True, exist_ok=True)
    _setup_django(var)
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"\n## platform at scale {scale:g} on {database}")
    summary = fill(scale)
    print(
        f"  {summary['pairings']} pairings, {summary['projects']:,} projects, {summary['transactions']:,} transactions"
    )
    largest, smallest = summary["largest"], summary["smallest"]
    user = User.objects.get(username="bench")
    home = f"/pairings/{largest.pk}/"
    listing = "/projects/?category=industry&status=completed&year=2023"
    port = _free_port()
    env = {**os.environ, "XIEZUO_VAR": str(var), "DJANGO_SETTINGS_MODULE": "xiezuo.web.settings"}
    call_command("collectstatic", interactive=False, verbosity=0)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xiezuo.web.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        session = Session(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                session.login("bench", PASSWORD)
                break
            except OSError:
                time.sleep(0.1)
        home_p50, home_p95 = percentiles(timed(session, home))
        list_p50, list_p95 = percentiles(timed(session, listing))
    finally:
        server.terminate()
        server.wait(timeout=10)
    alone = aggregate_alone(largest, user) * 1000
    print(
        f"  pairing home page ({largest.n:,} projects): p50 {home_p50:.0f} ms, p95 {home_p95:.0f} ms (goal p95 < 300)"
    )
    print(f"  filtered project list:            p50 {list_p50:.0f} ms, p95 {list_p95:.0f} ms (goal p95 < 300)")
    print(f"  home page p50 / its aggregate SQL alone ({alone:.0f} ms): {home_p50 / alone:.2f} (goal ≤ 2)")
    small, large = queries_on(f"/pairings/{smallest.pk}/", user), queries_on(home, user)
    print(f"  queries on the home page: {small} with {smallest.n} projects, {large} with {largest.n:,} (goal: equal)")


if __name__ == "__main__":
    main()
