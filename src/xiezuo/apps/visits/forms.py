from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.visits.models import Meeting, Visit


class VisitForm(LedgerForm):
    class Meta:
        model = Visit
        fields = [
            "pairing",
            "direction",
            "delegation",
            "leader",
            "members",
            "from_region",
            "to_region",
            "start_date",
            "end_date",
            "note",
        ]


class MeetingForm(LedgerForm):
    class Meta:
        model = Meeting
        fields = ["pairing", "visit", "name", "date", "participants", "outcome"]
