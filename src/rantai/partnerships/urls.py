from django.urls import path

from rantai.partnerships import import_urls, order_views, views

app_name = "partnerships"
urlpatterns = [
    *import_urls.urlpatterns,
    path("", views.PartnershipListView.as_view(), name="list"),
    path("export/", views.partnership_export, name="export"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_update, name="update"),
    path("<int:pk>/status/", views.partnership_status, name="status"),
    path("<int:pk>/renew/", views.partnership_renew, name="renew"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("<int:pk>/orders/", order_views.OrdersView.as_view(), name="orders"),
    path("<int:pk>/orders/new/", order_views.order_create, name="order-create"),
    path("orders/<int:pk>/", order_views.order_detail, name="order"),
    path(
        "order-lines/<int:line_pk>/deliveries/", order_views.delivery_create, name="delivery-create"
    ),
    path("scorecards/", order_views.scorecard_index, name="scorecards"),
    path("scorecards/<int:buyer_pk>/", order_views.scorecard, name="scorecard"),
    path(
        "scorecards/<int:buyer_pk>/settings/",
        order_views.scorecard_settings,
        name="scorecard-settings",
    ),
    path(
        "scorecards/<int:buyer_pk>/recompute/",
        order_views.scorecard_recompute,
        name="scorecard-recompute",
    ),
    path(
        "scorecards/<int:buyer_pk>/suppliers/<int:supplier_pk>/",
        order_views.score_supplier,
        name="score-supplier",
    ),
    path(
        "scorecards/<int:buyer_pk>/suppliers/<int:supplier_pk>/sop-audit/",
        order_views.sop_audit_start,
        name="sop-audit",
    ),
    path("chain/", views.NetworkView.as_view(), name="network"),
    path("chain/firm/<int:firm_pk>/", views.firm_chain, name="firm-chain"),
    path("chain/links/new/", views.link_create, name="link-create"),
    path("chain/links/<int:pk>/end/", views.link_end, name="link-end"),
]
