from django.urls import path

from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.visits import views
from xiezuo.apps.visits.views import MEETINGS, VISITS

urlpatterns = [
    *ledger_urls(VISITS),
    *ledger_urls(MEETINGS),
    path("visits/<int:pk>/itinerary/", views.itinerary_view, name="visits-itinerary"),
    path("visits/<int:pk>/meetings/add/", views.add_meeting_view, name="visits-add-meeting"),
]
