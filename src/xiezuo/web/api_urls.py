"""The REST API under /api/: a token for a user's password, the OpenAPI schema and its documentation
page (served from local files), and every ledger type's records (`xiezuo.apps.core.api`)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from xiezuo.apps.core.api import TokenView, api_router

urlpatterns = [
    path("token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(api_router().urls)),
]
