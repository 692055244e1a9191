from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.projects.models import FundTransaction, Project


class ProjectForm(LedgerForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "pairing",
            "year",
            "category",
            "status",
            "location",
            "beneficiaries",
            "beneficiaries_formerly_poor",
            "description",
        ]


class FundTransactionForm(LedgerForm):
    class Meta:
        model = FundTransaction
        fields = ["project", "type", "date", "amount", "note"]
