from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.regions import services
from xiezuo.apps.regions.forms import RegionForm
from xiezuo.apps.regions.models import Region

REGIONS = register(
    LedgerType(
        model=Region,
        slug="regions",
        form=RegionForm,
        list_columns=("name", "code", "level", "parent"),
        search_fields=("name", "code"),
        filter_fields=("level",),
        ordering_fields=("name", "code"),
        group="reference",
        create=services.create_region,
    )
)
