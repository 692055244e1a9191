from django.urls import path

from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.people import views
from xiezuo.apps.people.views import ORGANISATIONS, PEOPLE, POSITIONS

urlpatterns = [
    *ledger_urls(PEOPLE),
    *ledger_urls(POSITIONS),
    *ledger_urls(ORGANISATIONS),
    path("people/<int:pk>/positions/add/", views.add_position_view, name="people-add-position"),
    path("positions/<int:pk>/end/", views.end_position_view, name="positions-end"),
]
