"""The ledger types of the cooperation ledgers: each gets the generic pages (list, detail, add, edit,
delete, history) and writes through `cooperation.services`."""

from __future__ import annotations

from xiezuo.apps.cooperation import forms, services
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
from xiezuo.apps.core.registry import LedgerType, register

GROUP = "cooperation"

SECONDMENTS = register(
    LedgerType(
        model=Secondment,
        slug="secondments",
        form=forms.SecondmentForm,
        list_columns=("name", "kind", "direction", "host_organisation", "start_date", "end_date", "pairing"),
        search_fields=("name", "person__name", "host_organisation"),
        filter_fields=("kind", "direction"),
        ordering_fields=("start_date", "end_date", "name", "kind"),
        group=GROUP,
        create=services.create_secondment,
        update=services.update_secondment,
        delete=services.delete_secondment,
    )
)
LABOUR = register(
    LedgerType(
        model=LabourPlacement,
        slug="labour",
        form=forms.LabourPlacementForm,
        list_columns=("period_start", "period_end", "workers", "formerly_poor", "destination", "pairing"),
        filter_fields=("destination",),
        ordering_fields=("period_start", "workers", "formerly_poor"),
        group=GROUP,
        create=services.create_labour_placement,
        update=services.update_labour_placement,
        delete=services.delete_labour_placement,
    )
)
CONSUMPTION = register(
    LedgerType(
        model=ConsumptionRecord,
        slug="consumption",
        form=forms.ConsumptionRecordForm,
        list_columns=("product", "kind", "channel", "amount_yuan", "period_start", "period_end", "pairing"),
        search_fields=("product",),
        filter_fields=("kind", "channel"),
        ordering_fields=("period_start", "amount_yuan", "product"),
        group=GROUP,
        create=services.create_consumption_record,
        update=services.update_consumption_record,
        delete=services.delete_consumption_record,
    )
)
PARKS = register(
    LedgerType(
        model=IndustrialPark,
        slug="parks",
        form=forms.IndustrialParkForm,
        list_columns=("name", "region", "established", "pairing"),
        search_fields=("name", "region__name"),
        ordering_fields=("name", "established"),
        group=GROUP,
        create=services.create_park,
        update=services.update_park,
        delete=services.delete_park,
    )
)
INVESTMENT_LEADS = register(
    LedgerType(
        model=InvestmentLead,
        slug="investment-leads",
        form=forms.InvestmentLeadForm,
        list_columns=("enterprise", "stage", "agreed_investment_yuan", "park", "jobs_created", "signed_on", "pairing"),
        search_fields=("enterprise", "organisation__name", "park__name"),
        filter_fields=("stage",),
        ordering_fields=("enterprise", "stage", "agreed_investment_yuan", "signed_on"),
        group=GROUP,
        create=services.create_lead,
        update=services.update_lead,
        delete=services.delete_lead,
    )
)
INVESTMENT_INFLOWS = register(
    LedgerType(
        model=InvestmentInflow,
        slug="investment-inflows",
        form=forms.InvestmentInflowForm,
        list_columns=("lead", "date", "amount_yuan", "note"),
        search_fields=("lead__enterprise", "note"),
        filter_fields=("lead",),
        ordering_fields=("date", "amount_yuan"),
        group=GROUP,
        create=services.add_inflow,
        update=services.update_inflow,
        delete=services.delete_inflow,
    )
)
DONATIONS = register(
    LedgerType(
        model=Donation,
        slug="donations",
        form=forms.DonationForm,
        list_columns=("date", "donor", "donor_kind", "kind", "value_yuan", "purpose", "pairing"),
        search_fields=("donor", "purpose"),
        filter_fields=("donor_kind", "kind"),
        ordering_fields=("date", "value_yuan", "donor"),
        group=GROUP,
        create=services.create_donation,
        update=services.update_donation,
        delete=services.delete_donation,
    )
)
STUDENT_AID = register(
    LedgerType(
        model=StudentAid,
        slug="student-aid",
        form=forms.StudentAidForm,
        list_columns=("date", "students", "amount_yuan", "donor", "pairing"),
        search_fields=("donor", "note"),
        ordering_fields=("date", "students", "amount_yuan"),
        group=GROUP,
        create=services.create_student_aid,
        update=services.update_student_aid,
        delete=services.delete_student_aid,
    )
)
VOLUNTEERING = register(
    LedgerType(
        model=VolunteerService,
        slug="volunteering",
        form=forms.VolunteerServiceForm,
        list_columns=("date", "activity", "volunteers", "hours", "pairing"),
        search_fields=("activity", "note"),
        ordering_fields=("date", "volunteers", "hours"),
        group=GROUP,
        create=services.create_volunteer_service,
        update=services.update_volunteer_service,
        delete=services.delete_volunteer_service,
    )
)

LEDGER_TYPES = (
    SECONDMENTS,
    LABOUR,
    CONSUMPTION,
    PARKS,
    INVESTMENT_LEADS,
    INVESTMENT_INFLOWS,
    DONATIONS,
    STUDENT_AID,
    VOLUNTEERING,
)
