"""The assessment dashboard at national scale, over real HTTP.

Uses the platform benchmark's database (SQLite under var/bench-<scale>, or DATABASE_URL), generating it
first when it is not there: `platform_bench.fill` writes, besides pairings, projects and transactions,
every county pairing's cooperation ledgers of 2023 and 2024, its village pairings and its annual
agreements with targets (so run after the platform benchmark, nothing is generated twice). Serves it
with gunicorn on 127.0.0.1 and measures, for 2024:

- the dashboard of a big west province (`/assessment/?region=<id>&side=west`: Sichuan when it is there)
  and of the largest county pairing (`/assessment/?pairing=<id>`): p50 and p95 over the requests;
- `figures.assess(coverage, year)` called directly (the numbers exist whatever the view does), and the
  raw SQL of its queries run alone; the page's time as a ratio to `assess()`'s;
- the queries per page, and `assess()`'s own.

BENCH_SCALE (default 1.0) scales the data as for the platform benchmark: 0.1 is a tenth of national scale.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.platform_bench import (
    PASSWORD,
    ROOT,
    Session,
    _free_port,
    _setup_django,
    fill,
    percentiles,
    queries_on,
    timed,
)

YEAR = 2024
RUNS = 10  # direct calls of assess(), and of its raw SQL
GOALS_MS = {"province": 500, "pairing": 300}


def big_west_province() -> Any:
    """The province on the west side of the most county pairings (Sichuan when it has any)."""
    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.apps.regions.models import Region

    codes = Pairing.objects.filter(level="county").values_list("west_regions__code", flat=True)
    provinces = Counter(f"{code[:2]}0000" for code in codes if code)
    code = "510000" if "510000" in provinces else provinces.most_common(1)[0][0]
    return Region.objects.get(code=code)


def best_and_median(run: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Best and median time of `runs` calls, in milliseconds (after one call to warm up)."""
    run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def assess_queries(coverage: Any) -> list[str]:
    """The SQL `assess()` sends, with its parameters in place."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xiezuo.apps.agreements.figures import assess

    with CaptureQueriesContext(connection) as captured:
        assess(coverage, YEAR)
    return [query["sql"] for query in captured.captured_queries]


def raw_sql_alone(statements: list[str]) -> float | None:
    """Best time (ms) of running these statements directly on the connection, or None when one of them does
    not run as logged (a parameter the driver quotes differently)."""
    from django.db import connection

    def run() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    try:
        return best_and_median(run)[0]
    except Exception:  # the logged SQL is not always executable: say so instead of failing
        return None


@contextmanager
def served(var: Path) -> Iterator[Session]:
    """gunicorn on a free port of 127.0.0.1, and a session logged in as the bench administrator."""
    port = _free_port()
    env = {**os.environ, "XIEZUO_VAR": str(var), "DJANGO_SETTINGS_MODULE": "xiezuo.web.settings"}
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
        yield session
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    var = ROOT / "var" / f"bench-{scale:g}"
    var.mkdir(parents=True, exist_ok=True)
    _setup_django(var)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db.models import Count

    from xiezuo.apps.agreements.figures import assess, pairing_coverage, region_coverage
    from xiezuo.apps.pairings.models import Pairing

    call_command("migrate", verbosity=0)
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"\n## assessment dashboard at scale {scale:g} on {database}")
    fill(scale)
    user = User.objects.get(username="bench")
    province = big_west_province()
    county = Pairing.objects.filter(level="county").annotate(n=Count("projects")).order_by("-n", "pk").first()
    assert county is not None
    coverages = {
        "province": region_coverage(province, "west", user),
        "pairing": pairing_coverage(county, user),
    }
    paths = {
        "province": f"/assessment/?region={province.pk}&side=west&year={YEAR}",
        "pairing": f"/assessment/?pairing={county.pk}&year={YEAR}",
    }
    counties = Pairing.objects.filter(pk__in=coverages["province"].pairing_ids, level="county").count()
    print(
        f"  {province.name} (west): {counties} county pairings, {len(coverages['province'].pairing_ids)} pairings "
        f"with those below them; county pairing {county} ({county.n:,} projects, "
        f"{len(coverages['pairing'].pairing_ids) - 1} village pairings); year {YEAR}"
    )

    call_command("collectstatic", interactive=False, verbosity=0)
    pages: dict[str, tuple[float, float, int]] = {}
    with served(var) as session:
        for kind, path in paths.items():
            size = len(session.get(path))
            p50, p95 = percentiles(timed(session, path))
            pages[kind] = (p50, p95, size)

    for kind in ("province", "pairing"):
        coverage = coverages[kind]
        p50, p95, size = pages[kind]
        best, median = best_and_median(lambda coverage=coverage: assess(coverage, YEAR))
        statements = assess_queries(coverage)
        sql = raw_sql_alone(statements)
        queries = queries_on(paths[kind], user)
        label = f"{kind} dashboard:".ljust(20)
        print(f"  {label} p50 {p50:.0f} ms, p95 {p95:.0f} ms (goal p95 < {GOALS_MS[kind]}), page {size:,} bytes")
        sql_text = f"{sql:.0f} ms" if sql is not None else "n/a (the logged SQL does not run as it is)"
        print(
            f"  {'':20} assess() alone: best {best:.0f} ms, median {median:.0f} ms, {len(statements)} queries; "
            f"their raw SQL alone: {sql_text}"
        )
        print(f"  {'':20} page p50 / assess() median: {p50 / median:.2f}; queries on the page: {queries}")
        if size < 1024:
            print(f"  {'':20} (the page is {size} bytes: the dashboard view looks unfinished; assess() is the figure)")


if __name__ == "__main__":
    main()
