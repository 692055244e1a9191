from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.people.models import Organisation, Person, Position


class OrganisationForm(LedgerForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "region", "pairing", "note"]


class PersonForm(LedgerForm):
    class Meta:
        model = Person
        fields = ["name", "region", "pairing", "note"]


class PositionForm(LedgerForm):
    class Meta:
        model = Position
        fields = ["person", "title", "organisation", "region", "start_date", "end_date"]
