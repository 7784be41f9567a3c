from django.urls import path

from rantai.estates.views import assets, bookings, estates, leases, waiting

app_name = "estates"
urlpatterns = [
    path("", estates.EstateListView.as_view(), name="list"),
    path("<int:pk>/", estates.estate_detail, name="detail"),
    path("<int:pk>/occupancy/", estates.occupancy_view, name="occupancy"),
    path("<int:pk>/occupancy.<str:file_format>", estates.occupancy_view, name="occupancy-file"),
    path("<int:pk>/report/", estates.estate_report, name="report"),
    path("units/<int:pk>/", estates.unit_detail, name="unit"),
    path("<int:pk>/leases/", leases.LeaseListView.as_view(), name="leases"),
    path("<int:pk>/leases/new/", leases.lease_create, name="lease-create"),
    path("<int:pk>/leases/close-expired/", leases.close_expired, name="close-expired"),
    path("leases/<int:pk>/", leases.lease_detail, name="lease"),
    path("<int:pk>/waiting-list/", waiting.WaitingListView.as_view(), name="waiting"),
    path("<int:pk>/assets/", assets.AssetListView.as_view(), name="assets"),
    path("<int:pk>/assets/new/", assets.asset_create, name="asset-create"),
    path("assets/<int:pk>/", assets.asset_detail, name="asset"),
    path("assets/<int:pk>/edit/", assets.asset_update, name="asset-update"),
    path("checks/<int:pk>/photo/", assets.check_photo, name="asset-check-photo"),
    path("<int:pk>/bookings/", bookings.BookingListView.as_view(), name="bookings"),
    path("bookings/<int:pk>/cancel/", bookings.booking_cancel, name="booking-cancel"),
]
