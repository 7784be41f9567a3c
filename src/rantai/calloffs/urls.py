from django.urls import path

from rantai.calloffs import import_urls, shipping_views, views

app_name = "calloffs"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("events/", views.events, name="events"),
    path("agreement/<int:pk>/new/", views.create, name="create"),
    *import_urls.urlpatterns,
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/change/", views.change, name="change"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/move/", views.move, name="move"),
    path("moves/<int:pk>/accept/", views.move_accept, name="move-accept"),
    path("moves/<int:pk>/reject/", views.move_reject, name="move-reject"),
    path("shipping/", shipping_views.ShippingListView.as_view(), name="shipping-list"),
    path("shipping/agreement/<int:pk>/new/", shipping_views.create, name="shipping-create"),
    path("shipping/<int:pk>/", shipping_views.detail, name="shipping-detail"),
    path("shipping/<int:pk>/pdf/", shipping_views.pdf, name="shipping-pdf"),
    path("shipping/<int:pk>/receive/", shipping_views.receive, name="shipping-receive"),
]
