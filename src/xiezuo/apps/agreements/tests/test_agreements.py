"""Agreements, targets and their revisions, manual actuals: the rules, through the services and the pages,
and how an assessment rolls targets and actuals up from pairings to a city and a region."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.apps.agreements import services
from xiezuo.apps.agreements.figures import assess, pairing_coverage, region_coverage
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, ManualActual, Target, TargetRevision
from xiezuo.apps.conftest import World
from xiezuo.apps.cooperation.models import LabourPlacement
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.regions.services import division

YEAR = 2024


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def agreement(world: World, pairing: object = None, year: int = YEAR) -> AnnualAgreement:
    return services.create_agreement(
        actor=world.admin, data={"pairing": pairing or world.ours, "year": year, "title": f"{year}年度协议"}
    )


def workers(world: World, pairing: object, count: int, poor: int = 0) -> None:
    LabourPlacement.objects.create(
        pairing=pairing,
        period_start=date(YEAR, 3, 1),
        period_end=date(YEAR, 6, 30),
        workers=count,
        formerly_poor=poor,
        destination="eastern_partner",
    )


def evidence(name: str = "台账.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed ledger", content_type="application/pdf")


def indicator_row(page: str, code: str) -> str:
    """The HTML of an indicator's row in the agreement page's table."""
    start = page.index(f'data-indicator="{code}"')
    return page[start : page.index("</tr>", start)]


def result_of(assessment: object, code: str) -> object:
    return next(r for r in assessment.results if r.indicator.code == code)  # type: ignore[attr-defined]


# --- services ----------------------------------------------------------------------------------------------


def test_a_pairing_has_one_agreement_a_year(world: World) -> None:
    agreement(world)
    with pytest.raises(ValidationError) as error:
        agreement(world)
    assert "already has an agreement for 2024" in str(error.value)
    assert AnnualAgreement.objects.count() == 1


def test_a_revision_keeps_the_original_and_says_why(world: World) -> None:
    deal = agreement(world)
    target = services.set_target(
        deal, actor=world.west_editor, indicator=indicator("rural_workers"), value=Decimal(100)
    )

    revised = services.revise_target(
        target, actor=world.east_editor, value=Decimal(120), reason="追加东部岗位", expected_version=target.version
    )

    assert (revised.original, revised.value, revised.revised) == (Decimal(100), Decimal(120), True)
    revision = TargetRevision.objects.get()
    assert (revision.previous, revision.value, revision.reason) == (Decimal(100), Decimal(120), "追加东部岗位")
    changes = ChangeLog.objects.filter(reason="追加东部岗位")
    assert changes.count() == 2 and len({c.batch for c in changes}) == 1  # the target and its revision, one batch


def test_a_revision_without_a_reason_or_on_a_stale_target_is_refused(world: World) -> None:
    target = services.set_target(agreement(world), actor=world.admin, indicator=indicator("consumption"), value=50)
    with pytest.raises(ValidationError) as error:
        services.revise_target(target, actor=world.admin, value=Decimal(60), reason="  ", expected_version=1)
    assert "reason" in error.value.message_dict
    services.revise_target(target, actor=world.admin, value=Decimal(60), reason="调整", expected_version=1)
    with pytest.raises(ConflictError):
        services.revise_target(target, actor=world.admin, value=Decimal(70), reason="再调整", expected_version=1)
    target.refresh_from_db()
    assert (target.original, target.value) == (50, 60)
    assert TargetRevision.objects.count() == 1


def test_a_target_is_set_once_per_indicator(world: World) -> None:
    deal = agreement(world)
    services.set_target(deal, actor=world.admin, indicator=indicator("consumption"), value=Decimal(50))
    with pytest.raises(ValidationError, match="revise it instead"):
        services.set_target(deal, actor=world.admin, indicator=indicator("consumption"), value=Decimal(80))


def test_only_editors_of_the_pairing_set_targets(world: World) -> None:
    deal = agreement(world)
    for persona in (world.viewer, world.supervisor, world.outsider):
        with pytest.raises(PermissionDenied):
            services.set_target(deal, actor=persona, indicator=indicator("consumption"), value=Decimal(1))
    assert not Target.objects.exists()


def test_a_manual_actual_needs_evidence_and_an_explanation(world: World) -> None:
    deal = agreement(world)
    data = {"indicator": indicator("rural_workers"), "value": Decimal(300), "explanation": "人社部门统计口径"}

    with pytest.raises(ValidationError) as error:
        services.record_manual_actual(deal, actor=world.west_editor, data={**data, "evidence_title": "证明"})
    assert "evidence" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.record_manual_actual(
            deal,
            actor=world.west_editor,
            data={**data, "explanation": "", "evidence": evidence(), "evidence_title": "x"},
        )
    assert "explanation" in error.value.message_dict
    assert not ManualActual.objects.exists()

    manual = services.record_manual_actual(
        deal, actor=world.west_editor, data={**data, "evidence": evidence(), "evidence_title": "人社局证明"}
    )
    assert manual.evidence.read().startswith(b"%PDF")


# --- the assessment ------------------------------------------------------------------------------------------


def test_targets_roll_up_from_the_top_and_actuals_add_up(world: World) -> None:
    rural = indicator("rural_workers")
    services.set_target(agreement(world, world.ours), actor=world.admin, indicator=rural, value=Decimal(100))
    services.set_target(agreement(world, world.theirs), actor=world.admin, indicator=rural, value=Decimal(40))
    workers(world, world.ours, 120, 80)
    workers(world, world.theirs, 30)

    ours = result_of(assess(pairing_coverage(world.ours, world.admin), YEAR), "rural_workers")
    city = result_of(assess(pairing_coverage(world.city, world.admin), YEAR), "rural_workers")

    assert (ours.target, ours.actual, ours.completion) == (100, 120, Decimal("120.0"))
    assert (city.target, city.actual, city.completion) == (140, 150, Decimal("107.1"))

    # The province's own agreement covers its counties': its target is the target of the whole.
    services.set_target(agreement(world, world.province), actor=world.admin, indicator=rural, value=Decimal(1000))
    sichuan = result_of(assess(region_coverage(division("510000"), "west", world.admin), YEAR), "rural_workers")
    assert (sichuan.target, sichuan.actual) == (1000, 150)


def test_a_manual_actual_takes_the_place_of_what_its_pairing_counted(world: World) -> None:
    workers(world, world.ours, 120)
    workers(world, world.theirs, 30)
    services.record_manual_actual(
        agreement(world),
        actor=world.west_editor,
        data={
            "indicator": indicator("rural_workers"),
            "value": Decimal(300),
            "explanation": "含县内自行就业",
            "evidence": evidence(),
            "evidence_title": "人社局证明",
        },
    )

    ours = result_of(assess(pairing_coverage(world.ours, world.admin), YEAR), "rural_workers")
    city = result_of(assess(pairing_coverage(world.city, world.admin), YEAR), "rural_workers")

    assert (ours.actual, ours.manual) == (300, 300)
    assert (city.actual, city.manual) == (330, 300)  # ours by hand, theirs counted


def test_a_region_rollup_shows_only_what_the_user_may_read(world: World) -> None:
    workers(world, world.ours, 120)
    workers(world, world.theirs, 30)
    sichuan = division("510000")

    def actual(user: object) -> object:
        return result_of(assess(region_coverage(sichuan, "west", user), YEAR), "rural_workers").actual  # type: ignore[attr-defined]

    assert actual(world.supervisor) == 150
    assert actual(world.west_editor) == 120
    assert actual(world.outsider) == 30


# --- the pages -----------------------------------------------------------------------------------------------


def test_an_editor_sets_and_revises_a_target_on_the_agreement_page(world: World) -> None:
    deal = agreement(world)
    client = world.client(world.west_editor)
    rural = indicator("rural_workers")

    response = client.post(reverse("agreements-add-target", args=[deal.pk]), {"indicator": rural.pk, "value": "100"})
    assert response.status_code == 302
    target = Target.objects.get()
    revise = reverse("agreements-revise-target", args=[target.pk])
    missing_reason = client.post(revise, {"value": "120", "reason": "", "version": target.version})
    assert missing_reason.status_code == 200 and "This field is required" in missing_reason.content.decode()
    assert client.post(revise, {"value": "120", "reason": "追加岗位", "version": target.version}).status_code == 302

    page = client.get(reverse("agreements-detail", args=[deal.pk])).content.decode()
    row = indicator_row(page, "rural_workers")
    assert '<td class="num">100</td>' in row and "120 <span" in row and "revised" in row and "追加岗位" in page


def test_a_stale_revision_form_is_told_of_the_conflict(world: World) -> None:
    target = services.set_target(agreement(world), actor=world.admin, indicator=indicator("consumption"), value=50)
    services.revise_target(target, actor=world.admin, value=Decimal(60), reason="调整", expected_version=1)
    client = world.client(world.east_editor)
    response = client.post(
        reverse("agreements-revise-target", args=[target.pk]), {"value": "70", "reason": "再调整", "version": 1}
    )
    assert response.status_code == 409 and "changed by someone else" in response.content.decode()
    target.refresh_from_db()
    assert target.value == 60


def test_a_manual_actual_is_entered_with_its_evidence_and_shown_as_manual(world: World) -> None:
    deal = agreement(world)
    workers(world, world.ours, 120)
    client = world.client(world.west_editor)
    add = reverse("agreements-add-manual", args=[deal.pk])
    fields = {"indicator": indicator("rural_workers").pk, "value": "300", "explanation": "含县内自行就业"}

    without_file = client.post(add, {**fields, "evidence_title": "人社局证明"})
    assert without_file.status_code == 200 and not ManualActual.objects.exists()
    assert client.post(add, {**fields, "evidence_title": "人社局证明", "evidence": evidence()}).status_code == 302

    manual = ManualActual.objects.get()
    page = client.get(reverse("agreements-detail", args=[deal.pk])).content.decode()
    row = indicator_row(page, "rural_workers")
    assert "300 <span" in row and "manual" in row and "the ledgers count 120" in page
    download = client.get(reverse("agreements-manual-evidence", args=[manual.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert world.client(world.outsider).get(reverse("agreements-manual-evidence", args=[manual.pk])).status_code == 404

    client.post(reverse("agreements-delete-manual", args=[manual.pk]))
    assert not ManualActual.objects.exists()
    page = client.get(reverse("agreements-detail", args=[deal.pk])).content.decode()
    assert "the ledgers count" not in page


def test_others_cannot_open_the_agreement_forms(world: World) -> None:
    deal = agreement(world)
    target = services.set_target(deal, actor=world.admin, indicator=indicator("consumption"), value=50)
    for persona in (world.viewer, world.supervisor, world.outsider):
        client = world.client(persona)
        assert client.get(reverse("agreements-add-target", args=[deal.pk])).status_code == 404
        assert client.post(reverse("agreements-revise-target", args=[target.pk]), {}).status_code == 404
        assert client.get(reverse("agreements-add-manual", args=[deal.pk])).status_code == 404
    target.refresh_from_db()
    assert target.version == 1


def test_the_catalogue_unit_must_fit_the_counting_rule(world: World) -> None:
    client = world.client(world.admin)
    consumption = indicator("consumption")
    response = client.post(
        reverse("indicators-update", args=[consumption.pk]),
        {
            "code": consumption.code,
            "name": consumption.name,
            "area": consumption.area,
            "unit": "persons",
            "rule": consumption.rule,
            "counting_rule": consumption.counting_rule,
            "order": consumption.order,
            "active": "on",
            "version": consumption.version,
        },
    )
    assert response.status_code == 200 and "counts in 10,000 yuan" in response.content.decode()
    consumption.refresh_from_db()
    assert consumption.unit == "wan_yuan"
