from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.projects.forms import FundTransactionForm, ProjectForm
from xiezuo.apps.projects.models import FundTransaction, Project

PROJECTS = register(
    LedgerType(
        model=Project,
        slug="projects",
        form=ProjectForm,
        list_columns=("code", "title", "year", "category", "status", "pairing"),
        search_fields=("code", "title"),
        filter_fields=("category", "status", "year"),
        ordering_fields=("code", "title", "year", "status"),
        group="ledger",
    )
)
TRANSACTIONS = register(
    LedgerType(
        model=FundTransaction,
        slug="transactions",
        form=FundTransactionForm,
        list_columns=("project", "type", "date", "amount"),
        search_fields=("project__code", "project__title", "note"),
        filter_fields=("type",),
        ordering_fields=("date", "amount", "type"),
        group="ledger",
    )
)
