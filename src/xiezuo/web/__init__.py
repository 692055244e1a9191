"""The Django project: settings, URLs, base templates and static files of the ledger platform."""
