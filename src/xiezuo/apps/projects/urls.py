from django.urls import path

from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.projects import views
from xiezuo.apps.projects.views import PROJECTS, TRANSACTIONS

urlpatterns = [
    *ledger_urls(PROJECTS),
    *ledger_urls(TRANSACTIONS),
    path("projects/<int:pk>/transactions/", views.add_transaction_view, name="projects-add-transaction"),
    path("projects/<int:pk>/evidence/", views.add_evidence_view, name="projects-add-evidence"),
    path("projects/evidence/<int:pk>/", views.evidence_download_view, name="projects-evidence-download"),
    path("projects/evidence/<int:pk>/delete/", views.delete_evidence_view, name="projects-delete-evidence"),
]
