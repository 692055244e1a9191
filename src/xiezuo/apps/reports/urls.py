from django.urls import path

from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.reports import views
from xiezuo.apps.reports.views import REPORTS

urlpatterns = [
    # Reports come in through the ingester (paste or upload), not the generic record form.
    path("reports/new/", views.add_view, name="reports-create"),
    *(pattern for pattern in ledger_urls(REPORTS) if pattern.name != "reports-create"),
    path("reports/<int:pk>/review/", views.review_view, name="reports-review"),
    path("reports/<int:pk>/reject/", views.reject_view, name="reports-reject"),
    path("reports/<int:pk>/reopen/", views.reopen_view, name="reports-reopen"),
]
