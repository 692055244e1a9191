"""Annual agreements with targets, for the demo and for the benchmark's national ledger (Django).

The ledgers are generated first (`xiezuo.demo.generator`, `xiezuo.demo.cooperation`); an agreement's
targets are then set from what its pairing's ledgers count (`counted_by_pairing`, the counting rules of
`agreements.rules`), so that completion lands where real assessments do: most indicators somewhat over
target, about a third under (`completion`). Targets are stated the way agreements state them, to two
significant figures (`round_target`).

For the demo, `write_agreements` writes them through the agreements services, with a few targets
revised during the year (each with its reason) and one actual entered by hand with its evidence file.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.apps.agreements.models import Indicator, ManualActual
from xiezuo.apps.agreements.rules import WAN, rule_for
from xiezuo.apps.agreements.services import create_agreement, record_manual_actual, revise_target, set_target
from xiezuo.apps.pairings.models import Pairing

CENT = Decimal("0.01")


def counted_by_pairing(pairing_ids: Iterable[int], year: int) -> dict[int, dict[str, Decimal]]:
    """pairing id -> indicator code -> what the indicator's rule counts for that pairing's own rows (and its
    village pairings') in the year, in the indicator's unit: one grouped query per indicator."""
    ids = list(pairing_ids)
    counted: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    for indicator in Indicator.objects.filter(active=True):
        rule = rule_for(indicator.rule)
        grouped = rule.rows(ids, year).values(rule.pairing).annotate(value=rule.value()).order_by()
        for row in grouped:
            value = Decimal(row["value"] or 0)
            counted[row[rule.pairing]][indicator.code] = (value / WAN).quantize(CENT) if rule.money else value
    return counted


def completion(rng: random.Random) -> float:
    """How much of its target a pairing reaches: two indicators in three a little over, the rest under."""
    return rng.uniform(1.0, 1.3) if rng.random() < 0.65 else rng.uniform(0.75, 0.99)


def round_target(value: Decimal) -> Decimal:
    """Two significant figures, as agreements put them (7,300万元, 2,400 workers, 14 projects), at least 1.

    >>> [str(round_target(Decimal(v))) for v in ("7283.41", "2441", "37", "0.4", "123456")]
    ['7300.00', '2400.00', '37.00', '1.00', '120000.00']
    """
    if value <= 1:
        return Decimal(1).quantize(CENT)
    step = Decimal(10) ** max(value.adjusted() - 1, 0)
    return ((value / step).quantize(Decimal(1), ROUND_HALF_UP) * step).quantize(CENT)


def target_for(actual: Decimal, rng: random.Random) -> Decimal:
    return round_target(actual / Decimal(str(completion(rng))))


def target_rng(seed: int, key: object, year: int, code: str) -> random.Random:
    return random.Random(f"xiezuo-demo-targets:{seed}:{key}:{year}:{code}")


# --- the demo's agreements -------------------------------------------------------------------------------------

# Targets revised during the year: (pairing key, year, indicator) -> (original as a share of the target in
# force, why it was revised).
REVISIONS: dict[tuple[str, int, str], tuple[str, str]] = {
    ("yilong", 2024, "consumption"): (
        "0.8",
        "年中双方商定新增消费协作专馆和工会采购订单，经两地协作办协商，消费协作目标上调。",
    ),
    ("yilong", 2024, "rural_workers"): (
        "1.15",
        "受东部制造业企业用工需求回落影响，赴浙就业岗位减少，经双方协商下调就业目标。",
    ),
    ("yilong", 2024, "actual_investment"): (
        "0.75",
        "两个签约项目提前开工，投资到位进度快于年初预计，到位投资目标上调。",
    ),
    ("ruian-nanbu", 2024, "professionals_east_to_west"): (
        "1.2",
        "部分医疗专家改为远程会诊和线上带教，现场选派人数相应下调。",
    ),
}

# The actual entered by hand: the county's volunteer register counts more than the pairing's own activities.
MANUAL = ("yilong", 2024, "volunteers")
MANUAL_EXTRA = Decimal("0.6")  # the register counts this much more than the ledger's activities
MANUAL_EXPLANATION = (
    "台账只记录了结对双方组织的志愿服务活动；县志愿者联合会登记的结对志愿服务另含东部志愿者线上辅导等活动，"
    "按其汇总表填报。"
)
MANUAL_EVIDENCE_TITLE = f"{MANUAL[1]}年东西部协作志愿服务人次汇总表（县志愿者联合会）"


def write_agreements(
    counties: dict[str, tuple[Pairing, tuple[int, ...]]], *, actor: Any, seed: int, batch: str, reason: str
) -> None:
    """An agreement for each county pairing (by demo key) and each of its years, its targets set against the
    demo ledgers, the revisions of `REVISIONS` and the manual actual of `MANUAL`, all through the agreements
    services."""
    indicators = list(Indicator.objects.filter(active=True))
    for year in sorted({year for _, years in counties.values() for year in years}):
        keys = {pairing.pk: key for key, (pairing, years) in counties.items() if year in years}
        counted = counted_by_pairing(keys, year)
        for pk, key in keys.items():
            pairing = counties[key][0]
            agreement = create_agreement(
                actor=actor,
                reason=reason,
                batch=batch,
                data={
                    "pairing": pairing,
                    "year": year,
                    "title": f"{year}年{pairing}东西部协作协议",
                    "signed_on": _signed_on(seed, key, year),
                    "note": "演示数据：目标按演示台账生成。",
                },
            )
            actuals = dict(counted[pk])
            manual = None
            if (key, year, MANUAL[2]) == MANUAL:
                manual = (actuals.get(MANUAL[2], Decimal(0)) * (1 + MANUAL_EXTRA)).quantize(Decimal(1))
                actuals[MANUAL[2]] = manual
            for indicator in indicators:
                target = target_for(
                    actuals.get(indicator.code, Decimal(0)), target_rng(seed, key, year, indicator.code)
                )
                revision = REVISIONS.get((key, year, indicator.code))
                first = round_target(target * Decimal(revision[0])) if revision else target
                kept = set_target(agreement, actor=actor, indicator=indicator, value=first, reason=reason, batch=batch)
                if revision and first != target:
                    revise_target(
                        kept, actor=actor, value=target, reason=revision[1], expected_version=kept.version, batch=batch
                    )
            if manual is not None:
                _manual_actual(agreement, actor, manual, pairing, year, batch=batch, reason=reason)


def _signed_on(seed: int, key: str, year: int) -> datetime.date:
    rng = random.Random(f"xiezuo-demo-signed:{seed}:{key}:{year}")
    return datetime.date(year, rng.choice((3, 4)), rng.randint(1, 28))


def _manual_actual(
    agreement: Any, actor: Any, value: Decimal, pairing: Pairing, year: int, *, batch: str, reason: str
) -> ManualActual:
    indicator = Indicator.objects.get(code=MANUAL[2])
    content = evidence_table(str(pairing), year, int(value))
    west = "、".join(region.name for region in pairing.west_regions.all())
    name = f"{west}{year}年志愿服务人次汇总表.csv"
    # Loading the demo into a fresh database again (tests, a second `serve`) finds the same file stored
    # already: it is used, not stored a second time under another name.
    stored = ManualActual._meta.get_field("evidence").generate_filename(None, name)  # type: ignore[attr-defined]
    same = default_storage.exists(stored) and default_storage.open(stored).read() == content
    evidence: Any = stored if same else SimpleUploadedFile(name, content, content_type="text/csv")
    return record_manual_actual(
        agreement,
        actor=actor,
        data={
            "indicator": indicator,
            "value": value,
            "explanation": MANUAL_EXPLANATION,
            "evidence_title": MANUAL_EVIDENCE_TITLE,
            "evidence": evidence,
        },
        reason=reason,
        batch=batch,
    )


def evidence_table(pairing: str, year: int, total: int) -> bytes:
    """The register's summary as a small CSV (UTF-8 with a byte-order mark, so that spreadsheets read the
    Chinese): person-times by quarter, adding up to `total`.

    >>> table = evidence_table("甲—乙", 2024, 650).decode("utf-8-sig").splitlines()
    >>> table[0], table[-1]
    ('结对,年度,季度,志愿服务人次', '甲—乙,2024,合计,650')
    >>> sum(int(row.split(",")[-1]) for row in table[1:-2])
    650
    """
    rng = random.Random(f"xiezuo-demo-evidence:{pairing}:{year}")
    weights = [rng.uniform(0.6, 1.4) for _ in range(4)]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[-1] += total - sum(parts)
    rows = ["结对,年度,季度,志愿服务人次"]
    rows += [f"{pairing},{year},第{quarter}季度,{part}" for quarter, part in zip("一二三四", parts, strict=True)]
    rows += [f"{pairing},{year},说明,演示数据：由 xiezuo.demo 生成，并非真实文件", f"{pairing},{year},合计,{total}"]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")
