from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.visits.forms import MeetingForm, VisitForm
from xiezuo.apps.visits.models import Meeting, Visit

VISITS = register(
    LedgerType(
        model=Visit,
        slug="visits",
        form=VisitForm,
        list_columns=("delegation", "start_date", "direction", "leader", "pairing"),
        search_fields=("delegation", "leader__name"),
        filter_fields=("direction",),
        ordering_fields=("start_date", "delegation"),
        group="ledger",
    )
)
MEETINGS = register(
    LedgerType(
        model=Meeting,
        slug="meetings",
        form=MeetingForm,
        list_columns=("name", "date", "visit", "pairing"),
        search_fields=("name",),
        ordering_fields=("date", "name"),
        group="ledger",
    )
)
