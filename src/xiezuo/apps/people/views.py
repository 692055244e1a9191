from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.people.forms import OrganisationForm, PersonForm, PositionForm
from xiezuo.apps.people.models import Organisation, Person, Position

PEOPLE = register(
    LedgerType(
        model=Person,
        slug="people",
        form=PersonForm,
        list_columns=("name", "region", "pairing"),
        search_fields=("name", "positions__title"),
        ordering_fields=("name",),
        group="ledger",
    )
)
POSITIONS = register(
    LedgerType(
        model=Position,
        slug="positions",
        form=PositionForm,
        list_columns=("title", "person", "organisation", "start_date", "end_date"),
        search_fields=("title", "person__name"),
        ordering_fields=("title", "start_date"),
        group="ledger",
    )
)
ORGANISATIONS = register(
    LedgerType(
        model=Organisation,
        slug="organisations",
        form=OrganisationForm,
        list_columns=("name", "type", "region", "pairing"),
        search_fields=("name",),
        filter_fields=("type",),
        ordering_fields=("name", "type"),
        group="ledger",
    )
)
