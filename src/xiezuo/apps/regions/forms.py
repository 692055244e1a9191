from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.regions.models import Region


class RegionForm(LedgerForm):
    class Meta:
        model = Region
        fields = ["name", "level", "parent", "code"]
