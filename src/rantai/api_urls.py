from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from rantai.accounts import api as accounts_api
from rantai.accounts.api import TokenView
from rantai.calloffs import api as calloffs_api
from rantai.calloffs import shipping_api
from rantai.estates import api as estates_api
from rantai.estates import asset_api
from rantai.firms import api as firms_api
from rantai.five_r import api as five_r_api
from rantai.inbox import api as inbox_api
from rantai.matchmaking import api as matchmaking_api
from rantai.partnerships import api as partnerships_api
from rantai.search.api import SearchView
from rantai.webhooks import api as webhooks_api

router = DefaultRouter()
router.register("firms", firms_api.FirmViewSet, basename="firm")
router.register("capabilities", firms_api.CapabilityViewSet, basename="capability")
router.register("certifications", firms_api.CertificationViewSet, basename="certification")
router.register("industry-years", firms_api.IndustryYearViewSet, basename="industry-year")
router.register("organisations", firms_api.OrganisationViewSet, basename="organisation")
router.register("5r/programs", five_r_api.ProgramViewSet, basename="five-r-program")
router.register("5r/checklists", five_r_api.ChecklistViewSet, basename="five-r-checklist")
router.register("5r/audits", five_r_api.AuditViewSet, basename="five-r-audit")
router.register("5r/actions", five_r_api.ActionViewSet, basename="five-r-action")
router.register(
    "5r/outbox-imports", five_r_api.OutboxImportViewSet, basename="five-r-outbox-import"
)
router.register("events", matchmaking_api.EventViewSet, basename="event")
router.register("needs", matchmaking_api.NeedViewSet, basename="need")
router.register("offers", matchmaking_api.OfferViewSet, basename="offer")
router.register("meeting-requests", matchmaking_api.RequestViewSet, basename="meeting-request")
router.register("schedule", matchmaking_api.ScheduleViewSet, basename="meeting")
router.register("outcomes", matchmaking_api.OutcomeViewSet, basename="outcome")
router.register("follow-ups", matchmaking_api.FollowUpViewSet, basename="follow-up")
router.register("partnerships", partnerships_api.PartnershipViewSet, basename="partnership")
router.register("supply-links", partnerships_api.LinkViewSet, basename="supply-link")
router.register("orders", partnerships_api.OrderViewSet, basename="order")
router.register("deliveries", partnerships_api.DeliveryViewSet, basename="delivery")
router.register("measures", partnerships_api.MeasureViewSet, basename="measure")
router.register("scores", partnerships_api.ScoreViewSet, basename="score")
router.register("scorecards", partnerships_api.ScorecardViewSet, basename="scorecard")
router.register("estates", estates_api.EstateViewSet, basename="estate")
router.register("units", estates_api.UnitViewSet, basename="unit")
router.register("leases", estates_api.LeaseViewSet, basename="lease")
router.register("payments", estates_api.PaymentViewSet, basename="payment")
router.register("waiting-list", estates_api.ApplicationViewSet, basename="application")
router.register("assets", asset_api.AssetViewSet, basename="asset")
router.register("bookings", asset_api.BookingViewSet, basename="booking")
router.register("notifications", inbox_api.NotificationViewSet, basename="notification")
router.register("access-requests", accounts_api.AccessRequestViewSet, basename="accessrequest")
router.register("call-offs", calloffs_api.CallOffViewSet, basename="call-off")
router.register("call-off-moves", calloffs_api.CallOffMoveViewSet, basename="call-off-move")
router.register(
    "webhooks/endpoints", webhooks_api.WebhookEndpointViewSet, basename="webhook-endpoint"
)
router.register(
    "webhooks/deliveries", webhooks_api.WebhookDeliveryViewSet, basename="webhook-delivery"
)
router.register("shipping-notices", shipping_api.ShippingNoticeViewSet, basename="shipping-notice")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, which the Content-Security-Policy allows.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("search/", SearchView.as_view(), name="api-search"),
    *router.urls,
]
