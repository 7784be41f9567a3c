from django.urls import path

from rantai.estates import asset_urls, views

app_name = "estates"
urlpatterns = [
    *asset_urls.urlpatterns,
    path("", views.EstateListView.as_view(), name="list"),
    path("<int:pk>/", views.estate_detail, name="detail"),
    path("<int:pk>/leases/", views.LeaseListView.as_view(), name="leases"),
    path("<int:pk>/leases/new/", views.lease_create, name="lease-create"),
    path("<int:pk>/leases/close-expired/", views.close_expired, name="close-expired"),
    path("<int:pk>/waiting-list/", views.WaitingListView.as_view(), name="waiting"),
    path("<int:pk>/occupancy/", views.occupancy_view, name="occupancy"),
    path("<int:pk>/occupancy.<str:file_format>", views.occupancy_view, name="occupancy-file"),
    path("<int:pk>/report/", views.estate_report, name="report"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("leases/<int:pk>/", views.lease_detail, name="lease"),
]
