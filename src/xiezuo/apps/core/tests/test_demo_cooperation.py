"""The demo's cooperation generator (`xiezuo.demo.cooperation`, no database) and its targets."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from xiezuo.apps.cooperation.choices import (
    Channel,
    ConsumptionKind,
    Destination,
    Direction,
    DonationKind,
    DonorKind,
    LeadStage,
    SecondmentKind,
)
from xiezuo.apps.pairings.choices import PairingKind
from xiezuo.apps.people.choices import OrganisationType
from xiezuo.demo import cooperation
from xiezuo.demo.agreements import round_target, target_for
from xiezuo.demo.generator import AS_OF
from xiezuo.demo.world import PAIRINGS

PROFILES = [spec for spec in PAIRINGS if spec.profile is not None]


def test_the_generator_speaks_the_cooperation_apps_choices() -> None:
    assert set(cooperation.SECONDMENT_KINDS) == set(SecondmentKind.values)
    assert set(cooperation.DIRECTIONS) == set(Direction.values)
    assert set(cooperation.DESTINATIONS) == set(Destination.values)
    assert set(cooperation.CHANNELS) == set(Channel.values) == set(cooperation.CHANNEL_WEIGHTS)
    assert set(cooperation.CONSUMPTION_KINDS) == set(ConsumptionKind.values)
    assert set(cooperation.STAGES) == set(LeadStage.values)
    assert set(cooperation.DONOR_KINDS) == set(DonorKind.values)
    assert set(cooperation.DONATION_KINDS) == set(DonationKind.values)
    assert set(cooperation.VILLAGE_PAIRING_KINDS) <= set(PairingKind.values)


@pytest.mark.parametrize("seed", [0, 1, 2024, 99991])
def test_generated_ledgers_hold_together_whatever_the_seed(seed: int) -> None:
    for spec in PROFILES:
        assert spec.profile is not None
        plan = cooperation.generate_cooperation(spec.profile, (2023, 2024), seed=seed, size=spec.size)
        assert {s.direction for s in plan.secondments} == set(Direction.values)
        assert {s.kind for s in plan.secondments} <= set(SecondmentKind.values)
        assert len({s.name for s in plan.secondments}) == len(plan.secondments)  # distinct people
        assert all(s.start_date <= s.end_date and s.start_date.year in (2023, 2024) for s in plan.secondments)
        assert all(0 <= row.formerly_poor <= row.workers and row.workers > 0 for row in plan.labour)
        assert all(c.period_start <= c.period_end <= AS_OF and c.amount_yuan > 0 for c in plan.consumption)
        park_names = {park.name for park in plan.parks}
        assert plan.parks and len(park_names) == len(plan.parks)
        for lead in plan.leads:
            assert lead.park in park_names | {""}
            signed = lead.stage in ("signed", "started", "producing")
            assert (lead.signed_on is not None) == signed, lead
            assert all(lead.signed_on is not None and lead.signed_on < i.date <= AS_OF for i in lead.inflows)
            assert all(i.amount_yuan > 0 for i in lead.inflows)
            if lead.agreed is not None and lead.inflows:
                assert sum(i.amount_yuan for i in lead.inflows) <= lead.agreed
        assert len({lead.enterprise for lead in plan.leads}) == len(plan.leads)
        assert all(d.value_yuan > 0 and d.donor for d in plan.donations)
        assert all(a.students > 0 and a.amount_yuan > 0 for a in plan.student_aid)
        assert all(v.volunteers > 0 and v.hours >= v.volunteers for v in plan.volunteering)
        villages = plan.village_pairings
        assert {v.kind for v in villages} == {"enterprise_village", "social_village"}
        assert len({v.village for v in villages}) == len(villages)
        assert all(v.partner_type in OrganisationType.values and v.start <= AS_OF for v in villages)


def test_the_same_seed_gives_the_same_ledgers_and_another_seed_others() -> None:
    profile = PROFILES[0].profile
    assert profile is not None
    first = cooperation.generate_cooperation(profile, seed=7)
    assert first == cooperation.generate_cooperation(profile, seed=7)
    assert first != cooperation.generate_cooperation(profile, seed=8)


def test_a_county_years_ledgers_are_of_a_county_size() -> None:
    """domain.md's national figures divided over some 800 county pairings, give or take."""
    spec = next(spec for spec in PROFILES if spec.key == "yilong")
    assert spec.profile is not None
    plan = cooperation.generate_cooperation(spec.profile, (2024,), seed=2024)
    assert 1_000 <= sum(row.workers for row in plan.labour) <= 5_000
    assert 30_000_000 <= sum(c.amount_yuan for c in plan.consumption) <= 300_000_000
    assert 3 <= sum(lead.signed_on is not None for lead in plan.leads) <= 8
    assert 500_000 <= sum(d.value_yuan for d in plan.donations) <= 10_000_000


def test_targets_are_stated_to_two_figures_and_completion_lands_near_them() -> None:
    assert round_target(Decimal("7283.41")) == Decimal("7300")
    assert round_target(Decimal("2441")) == Decimal("2400")
    assert round_target(Decimal("7")) == Decimal("7")
    assert round_target(Decimal("0")) == Decimal("1")
    rng = random.Random(3)
    completions = [Decimal(2441) / target_for(Decimal(2441), rng) for _ in range(200)]
    assert all(Decimal("0.7") <= c <= Decimal("1.4") for c in completions)
    assert 0.2 < sum(c < 1 for c in completions) / len(completions) < 0.5  # some under target, most over
