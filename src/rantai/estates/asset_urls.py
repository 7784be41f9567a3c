"""Facilities and assets, condition checks, maintenance and bookings (asset_views.py); included
by the app's urls.py under /kawasan/."""

from django.urls import path

from rantai.estates import asset_views

urlpatterns = [
    path("<int:pk>/assets/", asset_views.AssetListView.as_view(), name="assets"),
    path("<int:pk>/assets/new/", asset_views.asset_create, name="asset-create"),
    path("assets/<int:pk>/", asset_views.asset_detail, name="asset"),
    path("assets/<int:pk>/edit/", asset_views.asset_update, name="asset-update"),
    path("<int:pk>/bookings/", asset_views.BookingListView.as_view(), name="bookings"),
    path("bookings/<int:pk>/cancel/", asset_views.booking_cancel, name="booking-cancel"),
    path("checks/<int:pk>/photo/", asset_views.check_photo, name="asset-check-photo"),
]
