from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from xiezuo.apps.pairings.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("xiezuo.web.api_urls")),
    path("", include("xiezuo.apps.core.urls")),
    path("", include("xiezuo.apps.pairings.urls")),
    path("", include("xiezuo.apps.regions.urls")),
    path("", include("xiezuo.apps.people.urls")),
    path("", include("xiezuo.apps.visits.urls")),
    path("", include("xiezuo.apps.projects.urls")),
    path("", include("xiezuo.apps.reports.urls")),
    path("", include("xiezuo.apps.cooperation.urls")),
    path("", include("xiezuo.apps.agreements.urls")),
]
