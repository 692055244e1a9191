from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.pairings.models import Pairing


class PairingForm(LedgerForm):
    class Meta:
        model = Pairing
        fields = [
            "name",
            "level",
            "kind",
            "parent",
            "east_regions",
            "west_regions",
            "east_organisations",
            "west_organisations",
            "start_date",
            "note",
        ]
