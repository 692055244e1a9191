from django.contrib.auth.decorators import login_required
from django.urls import path

from xiezuo.apps.agreements import dashboard, export, views
from xiezuo.apps.agreements.views import AGREEMENTS, INDICATORS, PERIOD_LOCKS
from xiezuo.apps.core.views import ledger_urls

urlpatterns = [
    *ledger_urls(AGREEMENTS),
    *ledger_urls(INDICATORS),
    *ledger_urls(PERIOD_LOCKS),
    # The agreement page's own writes: targets, revisions, manual actuals.
    path("agreements/<int:pk>/targets/new/", views.add_target_view, name="agreements-add-target"),
    path("agreements/targets/<int:pk>/revise/", views.revise_target_view, name="agreements-revise-target"),
    path("agreements/targets/<int:pk>/delete/", views.delete_target_view, name="agreements-delete-target"),
    path("agreements/<int:pk>/manual/new/", views.add_manual_view, name="agreements-add-manual"),
    path("agreements/manual/<int:pk>/edit/", views.edit_manual_view, name="agreements-edit-manual"),
    path("agreements/manual/<int:pk>/delete/", views.delete_manual_view, name="agreements-delete-manual"),
    path("agreements/manual/<int:pk>/evidence/", views.manual_evidence_view, name="agreements-manual-evidence"),
    # The assessment: dashboard, the rows behind a number, the printable report and the workbook.
    path("assessment/", login_required(dashboard.dashboard_view), name="assessment"),
    path("assessment/rows/<slug:code>/", login_required(dashboard.rows_view), name="assessment-rows"),
    path(
        "assessment/missing-evidence/",
        login_required(dashboard.missing_evidence_view),
        name="assessment-missing-evidence",
    ),
    path("assessment/print/", login_required(dashboard.print_view), name="assessment-print"),
    path("assessment/export.xlsx", login_required(export.export_view), name="assessment-export"),
]
