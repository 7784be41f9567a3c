from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from rantai.firms import api as firms_api

router = DefaultRouter()
router.register("firms", firms_api.FirmViewSet, basename="firm")
router.register("capabilities", firms_api.CapabilityViewSet, basename="capability")
router.register("certifications", firms_api.CertificationViewSet, basename="certification")
router.register("organisations", firms_api.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
