from django.urls import path

from rantai.partnerships import import_urls
from rantai.partnerships.views import chain, orders, partnerships, scorecards

app_name = "partnerships"
urlpatterns = [
    *import_urls.urlpatterns,
    path("", partnerships.PartnershipListView.as_view(), name="list"),
    path("export/", partnerships.partnership_export, name="export"),
    path("new/", partnerships.partnership_create, name="create"),
    path("<int:pk>/", partnerships.partnership_detail, name="detail"),
    path("<int:pk>/edit/", partnerships.partnership_update, name="update"),
    path("<int:pk>/status/", partnerships.partnership_status, name="status"),
    path("<int:pk>/renew/", partnerships.partnership_renew, name="renew"),
    path("documents/<int:pk>/", partnerships.document, name="document"),
    path("<int:pk>/orders/", orders.OrdersView.as_view(), name="orders"),
    path("<int:pk>/orders/new/", orders.order_create, name="order-create"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("order-lines/<int:line_pk>/deliveries/", orders.delivery_create, name="delivery-create"),
    path("scorecards/", scorecards.scorecard_index, name="scorecards"),
    path("scorecards/<int:buyer_pk>/", scorecards.scorecard, name="scorecard"),
    path(
        "scorecards/<int:buyer_pk>/settings/",
        scorecards.scorecard_settings,
        name="scorecard-settings",
    ),
    path(
        "scorecards/<int:buyer_pk>/recompute/",
        scorecards.scorecard_recompute,
        name="scorecard-recompute",
    ),
    path(
        "scorecards/<int:buyer_pk>/suppliers/<int:supplier_pk>/",
        scorecards.score_supplier,
        name="score-supplier",
    ),
    path(
        "scorecards/<int:buyer_pk>/suppliers/<int:supplier_pk>/sop-audit/",
        scorecards.sop_audit_start,
        name="sop-audit",
    ),
    path("chain/", chain.NetworkView.as_view(), name="network"),
    path("chain/firm/<int:firm_pk>/", chain.firm_chain, name="firm-chain"),
    path("chain/links/new/", chain.link_create, name="link-create"),
    path("chain/links/<int:pk>/end/", chain.link_end, name="link-end"),
]
