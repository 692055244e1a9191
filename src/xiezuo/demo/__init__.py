"""Demo data for `xiezuo serve`: the seed report's world, generated projects and fund transactions, cooperation
ledgers and village pairings, and annual agreements with targets.

- `xiezuo.demo.world` — the fixed part: the pairing hierarchy 浙江—四川 › 温州—南充 › 温州湾新区、龙湾区—仪陇县
  (and three other Zhejiang–Sichuan county pairings to compare with), the seed's people, organisations,
  visit and meeting, and the demo users.
- `xiezuo.demo.generator` — a seeded generator of projects and their typed fund transactions; pure
  Python, no Django (`random.Random(seed)`, the same seed gives the same projects).
- `xiezuo.demo.cooperation` — a seeded generator of a county pairing's cooperation ledgers (secondments,
  labour, consumption, parks, investment leads and inflows, donations, student aid, volunteering) and
  its village pairings; pure Python, no Django. The benchmark's national ledger uses it too.
- `xiezuo.demo.agreements` — annual agreements whose targets are set against what the ledgers count,
  with revisions and a manual actual for the demo (Django).
- `xiezuo.demo.load` — writes all of it through the service functions, in one transaction, every change
  logged in the change-log batch ``"demo"``.

The batch is also the marker: the demo data is loaded when a change-log row of batch ``"demo"``
exists (`is_loaded`). Loading again then changes nothing, and the pages show the demo banner.

The demo users share one password, `DEMO_PASSWORD`, which is printed by `xiezuo serve`: demo only.
"""

from __future__ import annotations

DEMO_BATCH = "demo"
DEMO_PASSWORD = "xiezuo-demo"  # demo only: printed on the console, never use it for real data
DEFAULT_SEED = 2024


def is_loaded() -> bool:
    """Whether the demo data is in the database (a change-log row of the demo batch exists)."""
    from xiezuo.apps.core.models import ChangeLog

    return ChangeLog.objects.filter(batch=DEMO_BATCH).exists()
