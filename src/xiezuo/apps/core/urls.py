from django.urls import path

from xiezuo.apps.core import views
from xiezuo.apps.core.changelog import changelog_view

urlpatterns = [
    path("changes/", changelog_view, name="changelog"),
    path("changes/<int:change_id>/revert/", views.revert_view, name="revert"),
]
